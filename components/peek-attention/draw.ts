import {glyph} from '../../src/glyphs.js';
import {matrixImage, maskTile, type WeightScale} from './colour.js';
import {labelStep, type HeatmapLayout} from './layout.js';

/** Theme colours read from the element's computed style. */
export interface Theme {
  fg: string;
  bg: string;
  accent: string;
  /** Marks characters outside the model's vocabulary. */
  unknown: string;
  mono: string;
}

/** What the heatmap shows: one head's weights over T characters. */
export interface HeatmapData {
  weights: Float32Array; // [T * T], row = query
  chars: readonly string[];
  unknown: readonly boolean[];
}

/**
 * Sizes a canvas for CSS size w x h at the device's pixel ratio (so it
 * stays crisp on high-DPI screens) and returns a context drawing in CSS
 * pixels.
 */
export function sizeCanvas(
  canvas: HTMLCanvasElement,
  w: number,
  h: number,
  dpr: number
): CanvasRenderingContext2D {
  const W = Math.max(1, Math.round(w * dpr));
  const H = Math.max(1, Math.round(h * dpr));
  if (canvas.width !== W) canvas.width = W;
  if (canvas.height !== H) canvas.height = H;
  canvas.style.width = `${w}px`;
  canvas.style.height = `${h}px`;
  const ctx = canvas.getContext('2d')!;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, w, h);
  return ctx;
}

// One scratch canvas holds the T x T image that is scaled up.
let scratch: HTMLCanvasElement | undefined;
function scratchWith(img: ImageData): HTMLCanvasElement {
  scratch ??= document.createElement('canvas');
  scratch.width = img.width;
  scratch.height = img.height;
  scratch.getContext('2d')!.putImageData(img, 0, 0);
  return scratch;
}

/** Draws the cells, the hatched mask and the character labels. */
export function drawHeatmap(
  canvas: HTMLCanvasElement,
  L: HeatmapLayout,
  data: HeatmapData,
  scale: WeightScale,
  theme: Theme,
  dpr: number
): void {
  const ctx = sizeCanvas(canvas, L.width, L.height, dpr);
  const {T, cell, left, top} = L;
  // An opaque background, so an exported PNG reads like the screen.
  ctx.fillStyle = theme.bg;
  ctx.fillRect(0, 0, L.width, L.height);
  // Nearest-neighbour keeps each cell one flat colour, edge to edge.
  ctx.imageSmoothingEnabled = false;

  ctx.fillStyle = ctx.createPattern(maskTile(), 'repeat')!;
  ctx.beginPath();
  for (let q = 0; q < T - 1; q++) {
    ctx.rect(left + (q + 1) * cell, top + q * cell, (T - q - 1) * cell, cell);
  }
  ctx.fill();

  const img = scratchWith(matrixImage(data.weights, T, scale));
  ctx.drawImage(img, left, top, T * cell, T * cell);

  ctx.font = `${L.font}px ${theme.mono}`;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  const step = labelStep(L);
  for (let i = 0; i < T; i++) {
    const label = glyph(data.chars[i]);
    const mid = (i + 0.5) * cell;
    ctx.fillStyle = data.unknown[i] ? theme.unknown : theme.fg;
    if (i % step === 0 || i === T - 1) {
      ctx.fillText(label, left / 2, top + mid, left - 4);
      ctx.fillText(label, left + mid, top / 2, Math.max(cell, L.font));
    }
    if (data.unknown[i]) {
      // Underline both labels: colour alone must not carry the meaning.
      ctx.fillRect(3, top + mid + L.font / 2, left - 6, 1.5);
      ctx.fillRect(left + mid - cell / 2 + 1, top - 3, cell - 2, 1.5);
    }
  }
}

/** What the overlay marks on top of the heatmap. */
export interface OverlayState {
  /** The cell under the pointer. */
  hover?: {q: number; k: number};
  /** The selected (query, key) cell. */
  selected?: {q: number; k: number};
  /** A position highlighted by a linked element. */
  linked?: number;
}

/**
 * Draws hover, selection and linked highlights on a second canvas, so
 * moving the pointer never redraws (or dirties) the heatmap itself.
 */
export function drawOverlay(
  canvas: HTMLCanvasElement,
  L: HeatmapLayout,
  s: OverlayState,
  chars: readonly string[],
  theme: Theme,
  dpr: number
): void {
  const ctx = sizeCanvas(canvas, L.width, L.height, dpr);
  const {cell, left, top, T} = L;
  ctx.strokeStyle = theme.accent;
  const p = s.linked;
  if (p !== undefined && p >= 0 && p < T) {
    ctx.lineWidth = 1.5;
    ctx.setLineDash([3, 2]);
    ctx.strokeRect(1, top + p * cell, left + (p + 1) * cell - 1, cell);
    ctx.strokeRect(left + p * cell, 1, cell, top + T * cell - 1);
    ctx.setLineDash([]);
  }
  const r = s.hover?.q;
  if (r !== undefined && r >= 0 && r < T) {
    ctx.lineWidth = 2;
    ctx.strokeRect(1, top + r * cell, left + (r + 1) * cell - 1, cell);
  }
  const sel = s.selected;
  if (sel && sel.q < T && sel.k < T) {
    // A light ring inside a dark one reads on every colour of the scale.
    const x = left + sel.k * cell;
    const y = top + sel.q * cell;
    ctx.lineWidth = 3;
    ctx.strokeStyle = '#000';
    ctx.strokeRect(x - 1, y - 1, cell + 2, cell + 2);
    ctx.lineWidth = 1.5;
    ctx.strokeStyle = '#fff';
    ctx.strokeRect(x - 1, y - 1, cell + 2, cell + 2);
  }
  const at = s.hover ?? sel;
  if (at && at.q < T && at.k < T) {
    badge(ctx, L, chars[at.q], left / 2, top + (at.q + 0.5) * cell, theme);
    badge(ctx, L, chars[at.k], left + (at.k + 0.5) * cell, top / 2, theme);
  }
}

/**
 * The hovered (or selected) row's and column's characters, enlarged on
 * the axes: with small cells only every few labels fit.
 */
function badge(
  ctx: CanvasRenderingContext2D,
  L: HeatmapLayout,
  ch: string,
  x: number,
  y: number,
  theme: Theme
): void {
  const side = L.left - 2;
  ctx.fillStyle = theme.accent;
  ctx.beginPath();
  ctx.roundRect(x - side / 2, y - side / 2, side, side, 3);
  ctx.fill();
  ctx.fillStyle = '#fff';
  ctx.font = `bold 12px ${theme.mono}`;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  ctx.fillText(glyph(ch), x, y + 0.5, side - 2);
}

/** Draws one head as a small square, mask in flat grey. */
export function drawThumbnail(
  canvas: HTMLCanvasElement,
  weights: Float32Array,
  T: number,
  scale: WeightScale,
  size: number,
  dpr: number
): void {
  const ctx = sizeCanvas(canvas, size, size, dpr);
  if (T === 0) return;
  const img = scratchWith(matrixImage(weights, T, scale, true));
  // Shrinking averages cells; enlarging keeps them sharp.
  ctx.imageSmoothingEnabled = T > size * dpr;
  ctx.imageSmoothingQuality = 'high';
  ctx.drawImage(img, 0, 0, size, size);
}
