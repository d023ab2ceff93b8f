import {describeChar} from '../../src/glyphs.js';
import type {Neighbour} from '../../src/neighbours.js';
import {
  charClass,
  CHAR_CLASSES,
  CLASS_NAMES,
  type PointSet,
} from './points.js';

/** What the text alternative needs to know about the view. */
export interface SummaryInput {
  method: 'pca' | 'tsne';
  set: PointSet;
  coords: Float64Array;
  explained?: number[];
  perplexity: number;
  seed: number;
  /** The point being inspected, and its neighbours. */
  focus?: {index: number; neighbours: Neighbour[]};
}

/** How to name point i in prose. */
export function pointName(set: PointSet, i: number): string {
  return set.source === 'tokens'
    ? describeChar(set.chars[i])
    : `position ${i}`;
}

/** A screen-reader description of what the plot shows. */
export function summarise(s: SummaryInput): string {
  const {set} = s;
  const what =
    set.source === 'tokens'
      ? `${set.n} character embeddings`
      : `${set.n} position embeddings`;
  const parts: string[] = [];
  if (s.method === 'pca') {
    const [a = 0, b = 0] = s.explained ?? [];
    parts.push(
      `PCA of the ${what} (${set.d} dimensions). PC1 explains ` +
        `${pct(a)} of the variance, PC2 ${pct(b)}.`
    );
  } else {
    parts.push(
      `t-SNE of the ${what} (perplexity ${s.perplexity}, seed ` +
        `${s.seed}); near points are similar, but distances between ` +
        'groups mean little.'
    );
  }
  parts.push(
    set.source === 'tokens' ? whereClassesSit(s) : positionTrend(s)
  );
  if (s.focus) {
    const list = s.focus.neighbours
      .map((nb) => `${pointName(set, nb.index)} ${nb.similarity.toFixed(2)}`)
      .join(', ');
    parts.push(
      `${pointName(set, s.focus.index)}: nearest by cosine similarity ` +
        `${list}.`
    );
  }
  return parts.filter(Boolean).join(' ');
}

function pct(r: number): string {
  return `${(r * 100).toFixed(1)}%`;
}

/** "Lowercase vowels sit at the top right; ..." from class centroids. */
function whereClassesSit({set, coords}: SummaryInput): string {
  const box = bounds(coords, set.n);
  const phrases: string[] = [];
  for (const c of CHAR_CLASSES) {
    const members = set.chars.flatMap((ch, i) =>
      charClass(ch) === c ? [i] : []
    );
    if (members.length < 2) continue;
    let mx = 0;
    let my = 0;
    for (const i of members) {
      mx += coords[2 * i] / members.length;
      my += coords[2 * i + 1] / members.length;
    }
    phrases.push(`${CLASS_NAMES[c]} ${region(box, mx, my)}`);
  }
  if (phrases.length === 0) return '';
  return `Where each kind sits on average: ${phrases.join('; ')}.`;
}

/** How strongly each axis follows the position order. */
function positionTrend({set, coords}: SummaryInput): string {
  const r = [0, 1].map((axis) => {
    const values = Array.from({length: set.n}, (_, i) => coords[2 * i + axis]);
    return correlation(values);
  });
  const name = ['horizontal', 'vertical'];
  const k = Math.abs(r[0]) >= Math.abs(r[1]) ? 0 : 1;
  return (
    `Position order correlates ${r[k].toFixed(2)} with the ${name[k]} ` +
    `axis (${r[1 - k].toFixed(2)} with the ${name[1 - k]}).`
  );
}

function bounds(coords: Float64Array, n: number) {
  let [x0, x1, y0, y1] = [Infinity, -Infinity, Infinity, -Infinity];
  for (let i = 0; i < n; i++) {
    x0 = Math.min(x0, coords[2 * i]);
    x1 = Math.max(x1, coords[2 * i]);
    y0 = Math.min(y0, coords[2 * i + 1]);
    y1 = Math.max(y1, coords[2 * i + 1]);
  }
  return {x0, x1, y0, y1};
}

function region(
  b: ReturnType<typeof bounds>,
  x: number,
  y: number
): string {
  const third = (v: number, lo: number, hi: number) =>
    hi > lo ? Math.min(2, Math.floor(((v - lo) / (hi - lo)) * 3)) : 1;
  const col = ['left', 'centre', 'right'][third(x, b.x0, b.x1)];
  const row = ['bottom', 'middle', 'top'][third(y, b.y0, b.y1)];
  if (row === 'middle') {
    return col === 'centre' ? 'in the centre' : `on the ${col}`;
  }
  return `at the ${row}${col === 'centre' ? '' : ` ${col}`}`;
}

/** Pearson correlation of values with their index. */
function correlation(values: number[]): number {
  const n = values.length;
  const mi = (n - 1) / 2;
  const mv = values.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (i - mi) * (values[i] - mv);
    sxx += (i - mi) ** 2;
    syy += (values[i] - mv) ** 2;
  }
  return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : 0;
}

/** Axis titles and the plot's accessible name. */
export interface AxisText {
  x: string;
  y: string;
  label: string;
  /** Whether tick values mean anything (PCA yes, t-SNE no). */
  values: boolean;
}

/** "PC1 (23.4%)" for PCA; plain "t-SNE 1" for t-SNE. */
export function axisText(
  method: 'pca' | 'tsne',
  set: PointSet,
  explained: number[] | undefined
): AxisText {
  const what =
    set.source === 'positions'
      ? 'position embeddings'
      : 'character embeddings';
  if (method === 'tsne') {
    const label = `t-SNE of ${what}`;
    return {x: 't-SNE 1', y: 't-SNE 2', label, values: false};
  }
  const [a = 0, b = 0] = explained ?? [];
  const label = `PCA of ${what}`;
  return {x: `PC1 (${pct(a)})`, y: `PC2 (${pct(b)})`, label, values: true};
}

/** What a screen reader hears when the keyboard reaches point i. */
export function announcePoint(
  set: PointSet,
  coords: Float64Array,
  i: number,
  neighbours: Neighbour[]
): string {
  const list = neighbours
    .slice(0, 3)
    .map((nb) => `${pointName(set, nb.index)} ${nb.similarity.toFixed(2)}`)
    .join(', ');
  return (
    `${pointName(set, i)}, ${i + 1} of ${set.n}, at ` +
    `${coords[2 * i].toFixed(2)}, ${coords[2 * i + 1].toFixed(2)}. ` +
    `Nearest: ${list}.`
  );
}
