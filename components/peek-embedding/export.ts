import {paintScene, type PaintTheme} from './paint.js';
import type {PlotMarks} from './plot.js';
import type {PointSet} from './points.js';
import {VIEW, type Scene} from './scene.js';
import type {Trajectory} from './trajectories.js';

/** What `toJSON()` returns: the view as data. */
export interface EmbeddingJSON {
  method: 'pca' | 'tsne';
  source: 'tokens' | 'positions';
  /** t-SNE only. */
  seed?: number;
  perplexity?: number;
  /** Dimensions of the vectors. */
  dims?: number;
  /** PCA only: share of variance along PC1 and PC2. */
  explainedVariance?: number[];
  points: {
    index: number;
    label: string;
    char?: string;
    x: number;
    y: number;
  }[];
  /** Residual paths: nLayer + 1 points each, in PCA coordinates. */
  trajectories: {position: number; char: string; points: number[][]}[];
}

/** Builds the JSON form of the view. */
export function embeddingJSON(
  s: {method: 'pca' | 'tsne'; source: 'tokens' | 'positions'} & {
    seed: number;
    perplexity: number;
  },
  set: PointSet | undefined,
  coords: Float64Array | undefined,
  explained: number[] | undefined,
  paths: Trajectory[]
): EmbeddingJSON {
  const pca = s.method === 'pca';
  const points =
    set && coords
      ? set.labels.map((label, i) => ({
          index: i,
          label,
          ...(set.source === 'tokens' ? {char: set.chars[i]} : {}),
          x: coords[2 * i],
          y: coords[2 * i + 1],
        }))
      : [];
  return {
    method: s.method,
    source: s.source,
    ...(pca ? {} : {seed: s.seed, perplexity: s.perplexity}),
    dims: set?.d,
    ...(pca && explained ? {explainedVariance: explained.slice()} : {}),
    points,
    trajectories: paths.map((p) => ({
      position: p.position,
      char: p.char,
      points: p.points.map(([x, y]) => [x, y]),
    })),
  };
}

/** The theme colours of an element, for drawing outside its DOM. */
export function themeOf(el: Element): PaintTheme {
  const style = getComputedStyle(el);
  const prop = (name: string, fallback: string) =>
    style.getPropertyValue(name).trim() || fallback;
  const bg = style.backgroundColor;
  const muted = prop('--peek-muted-color', '#5c6670');
  return {
    fg: style.color,
    bg: bg === 'rgba(0, 0, 0, 0)' || bg === 'transparent' ? '#ffffff' : bg,
    muted,
    accent: prop(
      '--peek-embedding-ring',
      prop('--peek-accent-color', '#2563eb')
    ),
    path: prop('--peek-embedding-path', muted),
    font: style.fontFamily,
  };
}

/** Draws the plot onto a canvas `scale` times its layout size. */
export function plotPNG(
  scene: Scene,
  set: PointSet,
  marks: PlotMarks,
  axes: {x: string; y: string; values: boolean},
  theme: PaintTheme,
  scale: number
): Promise<Blob> {
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(VIEW.width * scale);
  canvas.height = Math.round(VIEW.height * scale);
  const ctx = canvas.getContext('2d');
  if (!ctx) return Promise.reject(new Error('No 2-D canvas available.'));
  ctx.scale(scale, scale);
  paintScene(ctx, scene, set, marks, axes, theme);
  return new Promise((resolve, reject) =>
    canvas.toBlob(
      (b) => (b ? resolve(b) : reject(new Error('PNG encoding failed.'))),
      'image/png'
    )
  );
}
