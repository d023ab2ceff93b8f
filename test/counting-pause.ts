/**
 * A pause for Peek's layer-by-layer work (tracedForward, the model
 * loader) that counts its calls and lets a macrotask run, as a page's
 * nextTask() would.
 */
export function countingPause() {
  const pause = async () => {
    pause.calls++;
    await new Promise((resolve) => setImmediate(resolve));
  };
  pause.calls = 0;
  return pause;
}
