/**
 * Direct logit attribution (DLA) of one MLP neuron: how much one unit of
 * its activation moves each output logit when written straight into the
 * residual stream and read by the output head.
 *
 * The final LayerNorm's centring is linear, so it applies to the
 * neuron's write exactly: a write along (1, 1, ..., 1) is removed before
 * the head sees it, and the mean of the write is subtracted here. Its 1/σ
 * depends on the whole residual stream at a position, not on the neuron,
 * so it is left out, as is usual for DLA; the numbers are a direction
 * and a relative size, not an exact change of the logits.
 *
 *   w̄ = (1/C) Σ_c w2[n, c]
 *   dla[v] = Σ_c (w2[n, c] − w̄) · lnf.g[c] · head.w[c, v]
 */

import type {ModelData} from '../model/format.js';

/** One output character and how much a neuron pushes its logit. */
export interface Attribution {
  /** Token id. */
  id: number;
  /** The vocabulary character. */
  char: string;
  /** Logit change per unit of activation. */
  value: number;
}

/**
 * DLA of neuron `n` from raw weights: `w2` [M, C], `lnfG` [C], `headW`
 * [C, V], all row-major. Returns [V]. Throws when the sizes disagree or
 * the neuron is out of range, since that is a caller's bug.
 */
export function neuronDla(
  w2: Float32Array,
  lnfG: Float32Array,
  headW: Float32Array,
  n: number,
  C: number,
  V: number
): Float32Array {
  const M = w2.length / C;
  if (!Number.isInteger(M) || lnfG.length !== C || headW.length !== C * V) {
    throw new Error(
      `neuronDla: expected w2 [M, ${C}], lnf.g [${C}] and head.w ` +
        `[${C}, ${V}]; got lengths ${w2.length}, ${lnfG.length}, ` +
        `${headW.length}.`
    );
  }
  if (!Number.isInteger(n) || n < 0 || n >= M) {
    throw new Error(`neuronDla: neuron must be 0..${M - 1}, got ${n}.`);
  }
  let mean = 0;
  for (let c = 0; c < C; c++) mean += w2[n * C + c];
  mean /= C;
  // Accumulate in float64: 128 terms of mixed sign lose digits in float32.
  const acc = new Float64Array(V);
  for (let c = 0; c < C; c++) {
    // The neuron's write, centred, after the gain.
    const a = (w2[n * C + c] - mean) * lnfG[c];
    if (a === 0) continue;
    const row = c * V;
    for (let v = 0; v < V; v++) acc[v] += a * headW[row + v];
  }
  return Float32Array.from(acc);
}

/** DLA of neuron `n` of `layer`, read from a loaded model's weights. */
export function modelNeuronDla(
  model: ModelData,
  layer: number,
  n: number
): Float32Array {
  const {nEmbd: C, vocabSize: V, nLayer} = model.config;
  if (!Number.isInteger(layer) || layer < 0 || layer >= nLayer) {
    throw new Error(`modelNeuronDla: layer must be 0..${nLayer - 1}.`);
  }
  const get = (name: string) => {
    const w = model.weights.get(name);
    if (!w) throw new Error(`modelNeuronDla: weight "${name}" is missing.`);
    return w;
  };
  return neuronDla(
    get(`h.${layer}.mlp.w2`),
    get('lnf.g'),
    get('head.w'),
    n,
    C,
    V
  );
}

/**
 * The `k` characters a neuron pushes up most (largest positive first) and
 * down most (most negative first). A list is shorter than `k` when fewer
 * values have that sign: a push of zero is neither.
 */
export function topAttributions(
  dla: Float32Array,
  vocab: readonly string[],
  k: number
): {up: Attribution[]; down: Attribution[]} {
  const all = Array.from(dla, (value, id) => ({id, char: vocab[id], value}));
  // Ties break by id so the lists are stable across runs.
  const up = all
    .filter((a) => a.value > 0)
    .sort((a, b) => b.value - a.value || a.id - b.id)
    .slice(0, k);
  const down = all
    .filter((a) => a.value < 0)
    .sort((a, b) => a.value - b.value || a.id - b.id)
    .slice(0, k);
  return {up, down};
}
