/**
 * Reading one layer's MLP activations [T, M] (row-major over positions):
 * scale, orders, top neurons and a neuron's series.
 */

/** A neuron and its activation at some position. */
export interface NeuronValue {
  neuron: number;
  value: number;
}

/** How the heatmap's neuron rows are ordered. */
export type NeuronOrder = 'index' | 'mean';
export const NEURON_ORDERS: readonly NeuronOrder[] = ['index', 'mean'];

/** One layer's activations as the heatmap draws them. */
export interface LayerView {
  acts: Float32Array; // [T, M]
  T: number;
  M: number;
  /** Top of the colour scale: the layer's largest activation. */
  max: number;
  rows: Int32Array; // row → neuron
  rowOf: Int32Array; // neuron → row
}

/** Prepares one layer's activations [T * M] for drawing. */
export function layerView(
  acts: Float32Array,
  T: number,
  order: NeuronOrder
): LayerView {
  const M = T > 0 ? acts.length / T : 0;
  const rows = neuronRows(acts, T, M, order);
  const rowOf = new Int32Array(M);
  rows.forEach((n, r) => (rowOf[n] = r));
  return {acts, T, M, max: maxOf(acts), rows, rowOf};
}

/** Largest value (0 for none: ReLU outputs are never negative). */
export function maxOf(a: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) if (a[i] > m) m = a[i];
  return m;
}

/** Mean activation of each neuron over the positions: [M]. */
export function neuronMeans(
  acts: Float32Array,
  T: number,
  M: number
): Float64Array {
  const sums = new Float64Array(M);
  for (let t = 0; t < T; t++) {
    for (let n = 0; n < M; n++) sums[n] += acts[t * M + n];
  }
  if (T > 0) for (let n = 0; n < M; n++) sums[n] /= T;
  return sums;
}

/** Row → neuron: by index, or by mean activation, largest first. */
export function neuronRows(
  acts: Float32Array,
  T: number,
  M: number,
  order: NeuronOrder
): Int32Array {
  const rows = Int32Array.from({length: M}, (_, i) => i);
  if (order === 'mean') {
    const means = neuronMeans(acts, T, M);
    rows.sort((a, b) => means[b] - means[a] || a - b);
  }
  return rows;
}

/** The `k` most active neurons at position `t`, largest first. */
export function topNeurons(
  acts: Float32Array,
  M: number,
  t: number,
  k: number
): NeuronValue[] {
  const row = acts.subarray(t * M, (t + 1) * M);
  return Array.from(row, (value, neuron) => ({neuron, value}))
    .sort((a, b) => b.value - a.value || a.neuron - b.neuron)
    .slice(0, k);
}

/** One neuron's activation at every position: [T]. */
export function neuronSeries(
  acts: Float32Array,
  T: number,
  M: number,
  n: number
): Float32Array {
  return Float32Array.from({length: T}, (_, t) => acts[t * M + n]);
}

/** Position and neuron of the largest activation. */
export function argMax(
  acts: Float32Array,
  M: number
): {t: number; neuron: number; value: number} {
  let best = 0;
  for (let i = 1; i < acts.length; i++) if (acts[i] > acts[best]) best = i;
  return {t: Math.floor(best / M), neuron: best % M, value: acts[best] ?? 0};
}

/** Fixed decimals (two by default), and never "-0.00". */
export function fmt(v: number, digits = 2): string {
  const s = v.toFixed(digits);
  return /^-0\.?0*$/.test(s) ? s.slice(1) : s;
}

/** Decimals of direct logit attributions, which are small per unit. */
export const DLA_DIGITS = 3;
