/**
 * Resolves in a later task of the event loop, so that the page can
 * paint and handle input between two pieces of long work. A promise
 * alone resolves in the same task, which is why chained awaits over
 * decode, upload, trace and draw made one long task.
 *
 * Chromium's `scheduler.yield()` resumes ahead of other queued work;
 * elsewhere a MessageChannel message (no 4 ms clamp, unlike a nested
 * setTimeout), and in Node `setImmediate`.
 */
export function nextTask(): Promise<void> {
  const scheduler = (globalThis as {scheduler?: {yield?: () => Promise<void>}})
    .scheduler;
  if (typeof scheduler?.yield === 'function') return scheduler.yield();
  const g = globalThis as {setImmediate?: (f: () => void) => unknown};
  if (typeof g.setImmediate === 'function') {
    return new Promise((resolve) => g.setImmediate!(resolve));
  }
  if (typeof MessageChannel === 'function') {
    return new Promise((resolve) => {
      const {port1, port2} = new MessageChannel();
      port1.onmessage = () => {
        port1.close();
        resolve();
      };
      port2.postMessage(null);
    });
  }
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * A pause for long work cut into pieces: awaited between the pieces, it
 * yields to the page ({@link nextTask}) once the pieces since the last
 * yield have run `budgetMs`, and otherwise goes straight on. Pieces of a
 * few milliseconds then make tasks of about the budget, well under the
 * 50 ms that counts as a long task, without paying for a yield after
 * every piece on a fast machine.
 */
export function taskSlicer(budgetMs = 8): () => Promise<void> {
  let since = performance.now();
  return async () => {
    if (performance.now() - since < budgetMs) return;
    await nextTask();
    since = performance.now();
  };
}
