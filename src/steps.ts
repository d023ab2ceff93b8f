/**
 * Long work written once and run two ways: a generator that yields
 * between pieces of a few milliseconds and returns the result. Node
 * tools and tests run it in one go ({@link runNow}); a page runs it
 * with pauses between the pieces ({@link runSliced}), so that no piece
 * of it, nor all of it, is one long task.
 */
export type Steps<T> = Generator<void, T, void>;

/** Runs every step at once and returns the result. */
export function runNow<T>(steps: Steps<T>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * Runs the steps, awaiting `pause` after each one (see taskSlicer in
 * next-task.ts). If `pause` throws, the generator is closed, so that its
 * `finally` blocks free what it made, and the error goes on.
 */
export async function runSliced<T>(
  steps: Steps<T>,
  pause: () => Promise<void>
): Promise<T> {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    try {
      await pause();
    } catch (e) {
      steps.return(undefined as T);
      throw e;
    }
  }
}
