/**
 * Largest absolute difference between two arrays; NaN if any difference
 * is NaN. Throws when the lengths differ, which fails the calling test.
 */
export function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) {
    throw new Error(`lengths differ: ${a.length} vs ${b.length}`);
  }
  let max = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i] - b[i]);
    if (Number.isNaN(d)) return NaN;
    if (d > max) max = d;
  }
  return max;
}
