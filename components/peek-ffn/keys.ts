import {topNeurons, type LayerView} from './ffn-data.js';

/**
 * Keyboard moves over the heatmap. Left/Right step through positions and
 * Up/Down through neuron rows; Shift moves ten positions or sixteen rows,
 * Page Up/Down 64 rows, Home/End jump to the first/last position.
 */

export interface Cursor {
  t: number;
  row: number;
}

/** The cursor after `key`, or null when the key is not a move. */
export function moveCursor(
  key: string,
  shift: boolean,
  c: Cursor,
  T: number,
  M: number
): Cursor | null {
  const clamp = (v: number, n: number) => Math.max(0, Math.min(n - 1, v));
  const dt = shift ? 10 : 1;
  const dr = shift ? 16 : 1;
  switch (key) {
    case 'ArrowLeft':
      return {t: clamp(c.t - dt, T), row: c.row};
    case 'ArrowRight':
      return {t: clamp(c.t + dt, T), row: c.row};
    case 'ArrowUp':
      return {t: c.t, row: clamp(c.row - dr, M)};
    case 'ArrowDown':
      return {t: c.t, row: clamp(c.row + dr, M)};
    case 'PageUp':
      return {t: c.t, row: clamp(c.row - 64, M)};
    case 'PageDown':
      return {t: c.t, row: clamp(c.row + 64, M)};
    case 'Home':
      return {t: 0, row: c.row};
    case 'End':
      return {t: T - 1, row: c.row};
    default:
      return null;
  }
}

/** What a key does on the heatmap. */
export type KeyAction =
  | {kind: 'commit'}
  | {kind: 'move'; t: number; neuron: number}
  | null;

/**
 * Enter or Space commits the selection; arrows move it. With no neuron
 * selected, the first vertical move picks the most active neuron at the
 * position instead of neuron 0, which is rarely interesting.
 */
export function keyAction(
  key: string,
  shift: boolean,
  o: {t: number; neuron: number; view: LayerView}
): KeyAction {
  if (key === 'Enter' || key === ' ') return {kind: 'commit'};
  const v = o.view;
  const row = o.neuron < 0 ? -1 : v.rowOf[o.neuron];
  const c = moveCursor(key, shift, {t: o.t, row: Math.max(0, row)}, v.T, v.M);
  if (!c) return null;
  const vertical = /Up|Down/.test(key);
  let neuron = o.neuron;
  if (vertical) {
    neuron =
      row < 0 ? topNeurons(v.acts, v.M, c.t, 1)[0].neuron : v.rows[c.row];
  }
  return {kind: 'move', t: c.t, neuron};
}
