/**
 * Geometry of the heatmap canvas, in CSS pixels: a margin of character
 * labels on the left (queries) and top (keys), then T x T square cells.
 */
export interface HeatmapLayout {
  T: number;
  /** Side of one cell. */
  cell: number;
  /** Where the cells start (after the label margins). */
  left: number;
  top: number;
  /** Canvas size. */
  width: number;
  height: number;
  /** Label font size. */
  font: number;
}

/** Room for one character label (a glyph, drawn squeezed if wider). */
const MARGIN = 22;
/**
 * Below this the heatmap scrolls instead of shrinking: 128 positions then
 * still fit a 560px column. Under LABEL_CELL only every few labels fit.
 */
export const MIN_CELL = 4;
export const LABEL_CELL = 7;
/** Above this, a short text would fill the page with a few squares. */
export const MAX_CELL = 28;

/** Lays out T positions in `available` CSS pixels of width. */
export function heatmapLayout(T: number, available: number): HeatmapLayout {
  const fit = Math.floor((available - MARGIN - 2) / Math.max(1, T));
  const cell = Math.min(MAX_CELL, Math.max(MIN_CELL, fit));
  const font = Math.min(14, Math.max(7, cell - 1));
  const side = MARGIN + T * cell + 1;
  return {
    T,
    cell,
    left: MARGIN,
    top: MARGIN,
    width: side,
    height: side,
    font,
  };
}

/** Label every n-th position, so labels never overlap. */
export function labelStep(L: HeatmapLayout): number {
  return L.cell >= LABEL_CELL ? 1 : Math.ceil(LABEL_CELL / L.cell);
}

/** The (query, key) cell under a point, if any. */
export function cellAt(
  L: HeatmapLayout,
  x: number,
  y: number
): {q: number; k: number} | undefined {
  const q = Math.floor((y - L.top) / L.cell);
  const k = Math.floor((x - L.left) / L.cell);
  if (q < 0 || k < 0 || q >= L.T || k >= L.T) return undefined;
  return {q, k};
}

/** The centre of a cell. */
export function cellCentre(L: HeatmapLayout, q: number, k: number) {
  return {
    x: L.left + (k + 0.5) * L.cell,
    y: L.top + (q + 0.5) * L.cell,
  };
}
