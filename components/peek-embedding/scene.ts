import {
  interpolateViridis,
  scaleLinear,
  zoomIdentity,
  type ScaleLinear,
  type ZoomTransform,
} from 'd3';
import {charClass, type CharClass, type PointSet} from './points.js';
import type {Trajectory} from './trajectories.js';

/** Size of the plot's drawing (SVG viewBox and PNG export). */
export const VIEW = {
  width: 560,
  height: 420,
  margin: {top: 14, right: 16, bottom: 46, left: 56},
};

/** Okabe-Ito colours: distinguishable with any colour vision. */
export const CLASS_COLOURS: Record<CharClass, string> = {
  vowel: '#d55e00',
  consonant: '#0072b2',
  capital: '#009e73',
  punctuation: '#cc79a7',
  whitespace: '#e69f00',
  other: '#56b4e9',
};

/** Colour of position i of n: viridis without its palest end. */
export function positionColour(i: number, n: number): string {
  return interpolateViridis(0.85 * (n > 1 ? i / (n - 1) : 0));
}

/** A point as drawn. */
export interface ScenePoint {
  index: number;
  label: string;
  /** Pixel position in the view. */
  px: number;
  py: number;
  colour: string;
}

/** A residual path as drawn. */
export interface ScenePath {
  trajectory: Trajectory;
  /** Pixel positions of its nLayer + 1 points. */
  px: [number, number][];
}

/** Everything the SVG and the PNG export draw. */
export interface Scene {
  x: ScaleLinear<number, number>;
  y: ScaleLinear<number, number>;
  points: ScenePoint[];
  paths: ScenePath[];
}

/**
 * Lays a 2-D layout (row-major [n * 2]) and its paths out in the view,
 * then applies the reader's pan and zoom. Both axes use the same units
 * per pixel, so distances read truly in every direction.
 */
export function buildScene(
  set: PointSet,
  coords: Float64Array,
  paths: Trajectory[],
  zoom: ZoomTransform = zoomIdentity
): Scene {
  const {width, height, margin} = VIEW;
  const w = width - margin.left - margin.right;
  const h = height - margin.top - margin.bottom;
  let [x0, x1, y0, y1] = [Infinity, -Infinity, Infinity, -Infinity];
  const extend = (x: number, y: number) => {
    if (!Number.isFinite(x) || !Number.isFinite(y)) return;
    [x0, x1] = [Math.min(x0, x), Math.max(x1, x)];
    [y0, y1] = [Math.min(y0, y), Math.max(y1, y)];
  };
  for (let i = 0; i < set.n; i++) extend(coords[2 * i], coords[2 * i + 1]);
  for (const p of paths) for (const [x, y] of p.points) extend(x, y);
  if (x0 > x1) [x0, x1, y0, y1] = [-1, 1, -1, 1];
  // Pad by ~6% so glyphs at the edge stay inside the frame.
  const unit = Math.max((x1 - x0) / w, (y1 - y0) / h, 1e-9) * 1.12;
  const cx = (x0 + x1) / 2;
  const cy = (y0 + y1) / 2;
  const x = zoom.rescaleX(
    scaleLinear()
      .domain([cx - (w * unit) / 2, cx + (w * unit) / 2])
      .range([margin.left, margin.left + w])
  );
  const y = zoom.rescaleY(
    scaleLinear()
      .domain([cy - (h * unit) / 2, cy + (h * unit) / 2])
      .range([margin.top + h, margin.top])
  );
  const tokens = set.source === 'tokens';
  const points = set.labels.map((label, index) => ({
    index,
    label,
    px: x(coords[2 * index]),
    py: y(coords[2 * index + 1]),
    colour: tokens
      ? CLASS_COLOURS[charClass(set.chars[index])]
      : positionColour(index, set.n),
  }));
  return {
    x,
    y,
    points,
    paths: paths.map((trajectory) => ({
      trajectory,
      px: trajectory.points.map(([a, b]) => [x(a), y(b)]),
    })),
  };
}
