/** Timing helpers for the benchmark (Node and the browser). */

/** The middle value (the upper middle of an even count). */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/**
 * Median wall time in ms of `runs` calls after `warmup` untimed ones.
 * Medians, not means: other processes on a 2-core box make the slow tail
 * long and noisy.
 */
export async function timeMedian(
  f: () => unknown,
  runs: number,
  warmup = 3
): Promise<number> {
  for (let i = 0; i < warmup; i++) await f();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await f();
    times.push(performance.now() - t0);
  }
  return median(times);
}
