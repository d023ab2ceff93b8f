/** A (query, key) cell of the heatmap. */
export interface Cell {
  q: number;
  k: number;
}

const clamp = (v: number, lo: number, hi: number) =>
  Math.min(hi, Math.max(lo, v));

/**
 * Where a key press moves the selected cell, or undefined if the key is
 * not a navigation key. Arrows move by one, PageUp/PageDown by eight
 * rows, Home/End to the first key / the query itself. The key stays at
 * or before the query: later cells are masked and hold nothing.
 */
export function moveCell(c: Cell, key: string, T: number): Cell | undefined {
  let {q, k} = c;
  switch (key) {
    case 'ArrowUp':
      q--;
      break;
    case 'ArrowDown':
      q++;
      break;
    case 'ArrowLeft':
      k--;
      break;
    case 'ArrowRight':
      k++;
      break;
    case 'PageUp':
      q -= 8;
      break;
    case 'PageDown':
      q += 8;
      break;
    case 'Home':
      k = 0;
      break;
    case 'End':
      k = q;
      break;
    default:
      return undefined;
  }
  q = clamp(q, 0, T - 1);
  return {q, k: clamp(k, 0, q)};
}

/**
 * In the text view there are no columns: left and right (and Home/End)
 * move the query itself.
 */
export function moveQuery(q: number, key: string, T: number) {
  const next: Record<string, number> = {
    ArrowLeft: q - 1,
    ArrowUp: q - 1,
    ArrowRight: q + 1,
    ArrowDown: q + 1,
    Home: 0,
    End: T - 1,
  };
  return key in next ? clamp(next[key], 0, T - 1) : undefined;
}
