import {scaleLinear} from 'd3';
import {LUT_STEPS, lutIndex} from './colours.js';
import {fmt} from './ffn-data.js';

/**
 * The activation heatmap on a canvas: positions across (with their
 * characters below), neurons down (one CSS pixel each), a legend above.
 * All sizes are CSS pixels; painting scales by devicePixelRatio.
 */
export interface HeatmapLayout {
  T: number;
  M: number;
  /** Plot origin inside the canvas. */
  left: number;
  top: number;
  cellW: number;
  cellH: number;
  /** Whole canvas. */
  width: number;
  height: number;
  /** Character labels: font size and every how many positions. */
  fontSize: number;
  labelStep: number;
  /** Width of the legend's colour bar. */
  legendW: number;
}

const MARGIN = {left: 48, right: 10, top: 40, bottom: 34};
const MIN_CELL = 2;
const MAX_CELL = 24;
/** Room right of the legend bar for "activation (max 0.00)". */
const LEGEND_LABEL = 150;

/** Fits T columns of M rows into `avail` CSS pixels of width. */
export function heatmapLayout(
  avail: number,
  T: number,
  M: number,
  cellH = 1
): HeatmapLayout {
  const room = avail - MARGIN.left - MARGIN.right;
  const fit = Math.floor(room / Math.max(1, T));
  const cellW = Math.max(MIN_CELL, Math.min(MAX_CELL, fit));
  const fontSize = Math.max(9, Math.min(12, cellW));
  // A monospace glyph is about 0.6 em wide; skip labels that would touch.
  const labelStep = Math.max(1, Math.ceil((fontSize * 0.6 + 2) / cellW));
  const legendW = Math.min(180, Math.max(100, (cellW * T) / 2));
  // A short text makes a narrow plot; keep the legend whole regardless.
  const width = Math.max(
    MARGIN.left + cellW * T + MARGIN.right,
    MARGIN.left + legendW + LEGEND_LABEL
  );
  return {
    T,
    M,
    left: MARGIN.left,
    top: MARGIN.top,
    cellW,
    cellH,
    width,
    height: MARGIN.top + cellH * M + MARGIN.bottom,
    fontSize,
    labelStep,
    legendW,
  };
}

/** The cell of (position t, row) in CSS pixels. */
export function cellBox(l: HeatmapLayout, t: number, row: number) {
  return {
    x: l.left + t * l.cellW,
    y: l.top + row * l.cellH,
    width: l.cellW,
    height: l.cellH,
  };
}

/** The (position, row) under a CSS-pixel point, or null. */
export function hitCell(
  l: HeatmapLayout,
  x: number,
  y: number
): {t: number; row: number} | null {
  const t = Math.floor((x - l.left) / l.cellW);
  const row = Math.floor((y - l.top) / l.cellH);
  if (t < 0 || t >= l.T || row < 0 || row >= l.M) return null;
  return {t, row};
}

/** What to paint, besides the layout. */
export interface HeatmapScene {
  /** Top of the colour scale. */
  max: number;
  lut: Uint8ClampedArray;
  /** Characters as drawn under each column. */
  labels: string[];
  /** Positions whose character was out of the vocabulary. */
  unknown: boolean[];
  /** Selected position and row (row -1: no neuron selected). */
  selected: {t: number; row: number} | null;
  /** Position highlighted by a linked view or the pointer, or -1. */
  linked: number;
  /** Axis title for the rows. */
  rowTitle: string;
  /** Tick rows and their labels. */
  rowTicks: {row: number; label: string}[];
  ink: {fg: string; muted: string; accent: string; font: string};
}

/** Paints the scene; sizes the canvas for crisp high-DPI output. */
export function paintHeatmap(
  canvas: HTMLCanvasElement,
  l: HeatmapLayout,
  cells: HTMLCanvasElement,
  s: HeatmapScene,
  dpr: number
): void {
  const ratio = dpr > 0 && Number.isFinite(dpr) ? dpr : 1;
  canvas.width = Math.round(l.width * ratio);
  canvas.height = Math.round(l.height * ratio);
  canvas.style.width = `${l.width}px`;
  canvas.style.height = `${l.height}px`;
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.clearRect(0, 0, l.width, l.height);

  // Cells: one image pixel per cell, scaled up without smoothing so cell
  // edges stay sharp at any zoom.
  ctx.imageSmoothingEnabled = false;
  ctx.drawImage(cells, l.left, l.top, l.T * l.cellW, l.M * l.cellH);

  paintLegend(ctx, l, s);
  paintAxes(ctx, l, s);
  paintMarks(ctx, l, s);
}

/**
 * The cells as an image of one pixel each: columns are positions, rows
 * follow `rows` (row → neuron). acts is [T * M].
 */
export function cellImage(
  acts: Float32Array,
  T: number,
  M: number,
  rows: Int32Array,
  max: number,
  lut: Uint8ClampedArray
): HTMLCanvasElement {
  const off = document.createElement('canvas');
  off.width = Math.max(1, T);
  off.height = Math.max(1, M);
  const octx = off.getContext('2d')!;
  const img = octx.createImageData(off.width, off.height);
  const px = img.data;
  for (let row = 0; row < M; row++) {
    const n = rows[row];
    for (let t = 0; t < T; t++) {
      const k = lutIndex(acts[t * M + n], max) * 3;
      const o = (row * off.width + t) * 4;
      px[o] = lut[k];
      px[o + 1] = lut[k + 1];
      px[o + 2] = lut[k + 2];
      px[o + 3] = 255;
    }
  }
  octx.putImageData(img, 0, 0);
  return off;
}

function paintLegend(
  ctx: CanvasRenderingContext2D,
  l: HeatmapLayout,
  s: HeatmapScene
): void {
  const x0 = l.left;
  const w = l.legendW;
  const y = 6;
  const h = 10;
  for (let i = 0; i < w; i++) {
    const k = Math.round((i / (w - 1)) * (LUT_STEPS - 1)) * 3;
    ctx.fillStyle = `rgb(${s.lut[k]},${s.lut[k + 1]},${s.lut[k + 2]})`;
    ctx.fillRect(x0 + i, y, 1, h);
  }
  const x = scaleLinear().domain([0, s.max || 1]).range([x0, x0 + w - 1]);
  ctx.fillStyle = s.ink.muted;
  ctx.strokeStyle = s.ink.muted;
  ctx.font = `10px ${s.ink.font}`;
  ctx.textBaseline = 'top';
  ctx.textAlign = 'center';
  // About one tick per 40 pixels keeps their labels apart.
  for (const v of x.ticks(Math.max(2, Math.floor(w / 40)))) {
    const px = Math.round(x(v)) + 0.5;
    ctx.beginPath();
    ctx.moveTo(px, y + h);
    ctx.lineTo(px, y + h + 3);
    ctx.stroke();
    ctx.fillText(String(v), px, y + h + 4);
  }
  ctx.textAlign = 'left';
  ctx.textBaseline = 'middle';
  ctx.fillText(`activation (max ${fmt(s.max)})`, x0 + w + 8, y + h / 2);
}

function paintAxes(
  ctx: CanvasRenderingContext2D,
  l: HeatmapLayout,
  s: HeatmapScene
): void {
  const bottom = l.top + l.M * l.cellH;
  ctx.font = `${l.fontSize}px ${s.ink.font}`;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  for (let t = 0; t < l.T; t += l.labelStep) {
    ctx.fillStyle = s.unknown[t] ? s.ink.muted : s.ink.fg;
    const cx = l.left + (t + 0.5) * l.cellW;
    ctx.fillText(s.labels[t], cx, bottom + 4);
  }
  ctx.font = `10px ${s.ink.font}`;
  ctx.fillStyle = s.ink.muted;
  ctx.fillText('position →', l.left + (l.T * l.cellW) / 2, bottom + 20);

  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  for (const {row, label} of s.rowTicks) {
    const y = l.top + (row + 0.5) * l.cellH;
    ctx.fillText(label, l.left - 6, y);
    ctx.fillRect(l.left - 4, Math.round(y), 3, 1);
  }
  ctx.save();
  ctx.translate(12, l.top + (l.M * l.cellH) / 2);
  ctx.rotate(-Math.PI / 2);
  ctx.textAlign = 'center';
  ctx.fillText(s.rowTitle, 0, 0);
  ctx.restore();
}

function paintMarks(
  ctx: CanvasRenderingContext2D,
  l: HeatmapLayout,
  s: HeatmapScene
): void {
  const plotH = l.M * l.cellH;
  if (s.linked >= 0 && s.linked < l.T) {
    ctx.save();
    ctx.setLineDash([3, 2]);
    ctx.strokeStyle = s.ink.fg;
    ctx.lineWidth = 1;
    const x = l.left + s.linked * l.cellW;
    ctx.strokeRect(x - 0.5, l.top - 0.5, l.cellW + 1, plotH + 1);
    ctx.restore();
  }
  if (!s.selected) return;
  const {t, row} = s.selected;
  ctx.strokeStyle = s.ink.accent;
  ctx.fillStyle = s.ink.accent;
  ctx.lineWidth = 1.5;
  const x = l.left + t * l.cellW;
  ctx.strokeRect(x - 1, l.top - 1, l.cellW + 2, plotH + 2);
  // Arrow above the selected column.
  triangle(ctx, x + l.cellW / 2, l.top - 3, 'down');
  if (row < 0) return;
  const y = l.top + (row + 0.5) * l.cellH;
  // The row is a pixel high: mark it at both ends rather than cover it.
  triangle(ctx, l.left - 1, y, 'right');
  triangle(ctx, l.left + l.T * l.cellW + 1, y, 'left');
  ctx.strokeRect(x - 2, y - 3, l.cellW + 4, 6);
}

function triangle(
  ctx: CanvasRenderingContext2D,
  x: number,
  y: number,
  towards: 'down' | 'left' | 'right'
): void {
  const r = 4;
  ctx.beginPath();
  if (towards === 'down') {
    ctx.moveTo(x - r, y - r);
    ctx.lineTo(x + r, y - r);
  } else {
    const back = towards === 'right' ? -r : r;
    ctx.moveTo(x + back, y - r);
    ctx.lineTo(x + back, y + r);
  }
  ctx.lineTo(x, y);
  ctx.closePath();
  ctx.fill();
}
