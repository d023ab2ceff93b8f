/** Moving between scattered points with the arrow keys. */

export type Direction = 'left' | 'right' | 'up' | 'down';

const KEYS: Record<string, Direction> = {
  ArrowLeft: 'left',
  ArrowRight: 'right',
  ArrowUp: 'up',
  ArrowDown: 'down',
};

/** The direction an arrow key names, if it is one. */
export function arrowDirection(key: string): Direction | undefined {
  return KEYS[key];
}

/**
 * The point an arrow key should move to from `from`: the nearest one
 * lying in that direction, where straying sideways counts double. With
 * no point that way, the focus stays put.
 */
export function stepToward(
  points: readonly {px: number; py: number}[],
  from: number,
  direction: Direction
): number {
  const a = points[from];
  if (!a) return points.length > 0 ? 0 : -1;
  let best = from;
  let bestScore = Infinity;
  for (const [j, b] of points.entries()) {
    if (j === from) continue;
    const dx = b.px - a.px;
    const dy = b.py - a.py; // screen y grows downwards
    const [along, across] =
      direction === 'left' ? [-dx, dy]
      : direction === 'right' ? [dx, dy]
      : direction === 'up' ? [-dy, dx]
      : [dy, dx];
    // Points drawn on top of each other are visited in index order.
    const coincident = along === 0 && across === 0;
    if (along < 0 || (along === 0 && (!coincident || j < from))) continue;
    const score = along + 2 * Math.abs(across);
    if (score < bestScore) [best, bestScore] = [j, score];
  }
  return best;
}
