import type {PlotMarks} from './plot.js';
import {VIEW, type Scene} from './scene.js';
import type {PointSet} from './points.js';

/** Colours and fonts the export uses, read from the element's style. */
export interface PaintTheme {
  fg: string;
  bg: string;
  muted: string;
  accent: string;
  font: string;
  path: string;
}

/**
 * Draws the plot onto a canvas, as the SVG shows it: axes, paths,
 * points and highlights. Used by the PNG export.
 */
export function paintScene(
  ctx: CanvasRenderingContext2D,
  scene: Scene,
  set: PointSet,
  marks: PlotMarks,
  axes: {x: string; y: string; values: boolean},
  theme: PaintTheme
): void {
  const {width, height, margin} = VIEW;
  ctx.fillStyle = theme.bg;
  ctx.fillRect(0, 0, width, height);
  paintAxes(ctx, scene, axes, theme);
  const strong = scene.paths.filter((p) =>
    marks.emphasised.has(p.trajectory.position)
  );
  ctx.lineWidth = 1;
  ctx.strokeStyle = theme.path;
  ctx.globalAlpha = strong.length > 0 ? 0.15 : 0.45;
  for (const p of scene.paths) polyline(ctx, p.px);
  ctx.globalAlpha = 1;
  const tokens = set.source === 'tokens';
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  for (const p of scene.points) {
    const ringed =
      marks.inText.has(p.index) ||
      p.index === marks.selected ||
      p.index === marks.linked;
    if (ringed) {
      ctx.beginPath();
      ctx.arc(p.px, p.py, tokens ? 9 : 6, 0, 2 * Math.PI);
      ctx.strokeStyle = theme.accent;
      ctx.lineWidth = p.index === marks.selected ? 2.5 : 1.5;
      ctx.stroke();
    }
    if (tokens) {
      ctx.font = `bold 13px ${theme.font}`;
      ctx.fillStyle = p.colour;
      ctx.fillText(p.label, p.px, p.py);
    } else {
      ctx.beginPath();
      ctx.arc(p.px, p.py, 3.5, 0, 2 * Math.PI);
      ctx.fillStyle = p.colour;
      ctx.fill();
    }
  }
  ctx.lineWidth = 2;
  ctx.strokeStyle = theme.accent;
  for (const p of strong) {
    polyline(ctx, p.px);
    for (const [x, y] of p.px) {
      ctx.beginPath();
      ctx.arc(x, y, 2.5, 0, 2 * Math.PI);
      ctx.fillStyle = theme.accent;
      ctx.fill();
    }
  }
  ctx.strokeStyle = theme.muted;
  ctx.lineWidth = 1;
  ctx.strokeRect(
    margin.left,
    margin.top,
    width - margin.left - margin.right,
    height - margin.top - margin.bottom
  );
}

function polyline(ctx: CanvasRenderingContext2D, px: [number, number][]) {
  ctx.beginPath();
  px.forEach(([x, y], i) => (i === 0 ? ctx.moveTo(x, y) : ctx.lineTo(x, y)));
  ctx.stroke();
}

function paintAxes(
  ctx: CanvasRenderingContext2D,
  {x, y}: Scene,
  axes: {x: string; y: string; values: boolean},
  theme: PaintTheme
): void {
  const [left, right] = x.range();
  const [bottom, top] = y.range();
  ctx.fillStyle = theme.muted;
  ctx.strokeStyle = theme.muted;
  ctx.font = `11px ${theme.font}`;
  ctx.lineWidth = 1;
  const fx = x.tickFormat(6);
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  for (const t of x.ticks(6)) {
    const px = x(t);
    line(ctx, px, bottom, px, bottom + 5);
    if (axes.values) ctx.fillText(fx(t), px, bottom + 7);
  }
  const fy = y.tickFormat(6);
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  for (const t of y.ticks(6)) {
    const py = y(t);
    line(ctx, left - 5, py, left, py);
    if (axes.values) ctx.fillText(fy(t), left - 7, py);
  }
  ctx.fillStyle = theme.fg;
  ctx.font = `12px ${theme.font}`;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'bottom';
  ctx.fillText(axes.x, (left + right) / 2, VIEW.height - 4);
  ctx.save();
  ctx.translate(14, (top + bottom) / 2);
  ctx.rotate(-Math.PI / 2);
  ctx.textBaseline = 'middle';
  ctx.fillText(axes.y, 0, 0);
  ctx.restore();
}

function line(
  ctx: CanvasRenderingContext2D,
  x0: number,
  y0: number,
  x1: number,
  y1: number
) {
  ctx.beginPath();
  ctx.moveTo(x0, y0);
  ctx.lineTo(x1, y1);
  ctx.stroke();
}
