import '../page/setup.js';
import '../../components/peek-embedding/define.js';
import type {PeekEmbedding} from '../../components/peek-embedding/peek-embedding.js';

export {model} from '../page/setup.js';

const mounted: HTMLElement[] = [];

/** A connected <peek-embedding> with these attributes, fully laid out. */
export async function mount(
  attrs: Record<string, string> = {}
): Promise<PeekEmbedding> {
  const el = document.createElement('peek-embedding');
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  el.style.width = '820px';
  document.body.append(el);
  mounted.push(el);
  await el.layoutComplete;
  return el;
}

/** Removes every element mount() made. */
export function unmountAll(): void {
  for (const el of mounted.splice(0)) el.remove();
}

/** One element of the shadow DOM. */
export function $<E extends Element = HTMLElement>(
  el: Element,
  selector: string
): E {
  const found = el.shadowRoot!.querySelector<E>(selector);
  if (!found) throw new Error(`no ${selector} in <${el.localName}>`);
  return found;
}

/** All matching elements of the shadow DOM. */
export function $$<E extends Element = HTMLElement>(
  el: Element,
  selector: string
): E[] {
  return [...el.shadowRoot!.querySelectorAll<E>(selector)];
}

/**
 * PCA computed apart from the element: textbook covariance, then the
 * top two eigenvectors by power iteration with deflation (src/pca.ts
 * uses Householder + QL), with the same sign rule.
 */
export function referencePca(rows: Float32Array, n: number, d: number) {
  const mean = new Array<number>(d).fill(0);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) mean[j] += rows[i * d + j] / n;
  }
  const cov = Array.from({length: d}, () => new Array<number>(d).fill(0));
  for (let i = 0; i < n; i++) {
    for (let a = 0; a < d; a++) {
      const xa = rows[i * d + a] - mean[a];
      for (let b = 0; b < d; b++) {
        cov[a][b] += (xa * (rows[i * d + b] - mean[b])) / (n - 1);
      }
    }
  }
  const total = cov.reduce((s, row, i) => s + row[i], 0);
  const components: number[][] = [];
  const variance: number[] = [];
  for (let c = 0; c < 2; c++) {
    let v = Array.from({length: d}, (_, j) => 1 + j / d);
    for (let it = 0; it < 20000; it++) {
      const w = cov.map((row) => row.reduce((s, x, j) => s + x * v[j], 0));
      const norm = Math.hypot(...w);
      const next = w.map((x) => x / norm);
      const delta = Math.hypot(...next.map((x, j) => x - v[j]));
      v = next;
      if (delta < 1e-12) break;
    }
    const biggest = v.reduce(
      (b, x, j) => (Math.abs(x) > Math.abs(v[b]) ? j : b),
      0
    );
    if (v[biggest] < 0) v = v.map((x) => -x);
    const cv = cov.map((row) => row.reduce((s, x, j) => s + x * v[j], 0));
    const lambda = cv.reduce((s, x, j) => s + x * v[j], 0);
    components.push(v);
    variance.push(lambda);
    for (let a = 0; a < d; a++) {
      for (let b = 0; b < d; b++) cov[a][b] -= lambda * v[a] * v[b];
    }
  }
  const project = (x: ArrayLike<number>, offset = 0) =>
    components.map((v) =>
      v.reduce((s, vj, j) => s + (x[offset + j] - mean[j]) * vj, 0)
    );
  const coords = Array.from({length: n}, (_, i) => project(rows, i * d));
  return {
    coords,
    explained: variance.map((l) => l / total),
    project,
  };
}

/** Cosine similarity of rows i and j, computed directly. */
export function cosineOf(rows: Float32Array, d: number, i: number, j: number) {
  let dot = 0;
  let a = 0;
  let b = 0;
  for (let k = 0; k < d; k++) {
    dot += rows[i * d + k] * rows[j * d + k];
    a += rows[i * d + k] ** 2;
    b += rows[j * d + k] ** 2;
  }
  return dot / Math.sqrt(a * b);
}

/** The translate(x,y) of an SVG element, as numbers. */
export function translation(g: Element): [number, number] {
  const m = /translate\(([-\d.e]+),\s*([-\d.e]+)\)/.exec(
    g.getAttribute('transform') ?? ''
  );
  if (!m) throw new Error('no translate()');
  return [Number(m[1]), Number(m[2])];
}
