import {headSize, type GPTConfig} from './config.js';
import type {WeightMap} from './params.js';

/**
 * A plain-TypeScript forward pass of the same GPT as model/gpt.ts, written
 * with loops over Float32Arrays and no tfjs. It is the tests' oracle: it
 * shares no code with the tfjs engine beyond the config and weight names,
 * so a mistake would have to be made twice to go unnoticed.
 *
 * Sums are accumulated in float64 and stored as float32, which makes the
 * oracle a little more exact than the engine it checks.
 */

/** What the reference needs of a model: its shape and its weights. */
export interface ReferenceModel {
  config: GPTConfig;
  weights: WeightMap;
}

/** Everything one reference forward pass produces, row-major. */
export interface ReferenceOutput {
  /** Next-character logits [T, V]. */
  logits: Float32Array;
  /** Per layer, per head: attention weights [T, T], query-major. */
  attention: Float32Array[][];
  /** Per layer: the ReLU MLP activations [T, M]. */
  mlp: Float32Array[];
}

/**
 * The transformer on one sequence of token ids [T]: embed, then
 * pre-LayerNorm blocks of causal self-attention and a ReLU MLP, then a
 * final LayerNorm and the output head.
 */
export function referenceForward(
  model: ReferenceModel,
  ids: readonly number[]
): ReferenceOutput {
  const {config} = model;
  const {vocabSize: V, nEmbd: C, blockSize, lnEps: eps} = config;
  const T = ids.length;
  if (T < 1 || T > blockSize) {
    throw new Error(`Need 1 to ${blockSize} token ids, got ${T}.`);
  }
  const w = (name: string): Float32Array => {
    const value = model.weights.get(name);
    if (!value) throw new Error(`Weight "${name}" is missing.`);
    return value;
  };

  let x = embed(ids, w('wte'), w('wpe'), C); // [T, C]
  const attention: Float32Array[][] = [];
  const mlp: Float32Array[] = [];
  for (let l = 0; l < config.nLayer; l++) {
    const p = `h.${l}.`;
    const a = layerNorm(x, w(p + 'ln1.g'), w(p + 'ln1.b'), eps); // [T, C]
    const qkv = matmul(a, w(p + 'attn.wqkv'), C, 3 * C); // [T, 3C]
    const att = selfAttention(qkv, T, config); // [T, C], H x [T, T]
    attention.push(att.weights);
    const wo = w(p + 'attn.wo');
    x = add(x, matmul(att.out, wo, C, C, w(p + 'attn.bo'))); // [T, C]

    const m = layerNorm(x, w(p + 'ln2.g'), w(p + 'ln2.b'), eps); // [T, C]
    const M = config.mlpHidden;
    const up = matmul(m, w(p + 'mlp.w1'), C, M, w(p + 'mlp.b1')); // [T, M]
    const hidden = relu(up); // [T, M]
    mlp.push(hidden);
    const down = matmul(hidden, w(p + 'mlp.w2'), M, C, w(p + 'mlp.b2'));
    x = add(x, down); // [T, C]
  }
  const xf = layerNorm(x, w('lnf.g'), w('lnf.b'), eps); // [T, C]
  const logits = matmul(xf, w('head.w'), C, V, w('head.b')); // [T, V]
  return {logits, attention, mlp};
}

/** Token embedding plus learned position embedding: [T, C]. */
function embed(
  ids: readonly number[],
  wte: Float32Array, // [V, C]
  wpe: Float32Array, // [blockSize, C]
  C: number
): Float32Array {
  const V = wte.length / C;
  const x = new Float32Array(ids.length * C);
  ids.forEach((id, t) => {
    if (!Number.isInteger(id) || id < 0 || id >= V) {
      throw new Error(`Token id ${id} at ${t} is outside 0..${V - 1}.`);
    }
    for (let c = 0; c < C; c++) {
      x[t * C + c] = wte[id * C + c] + wpe[t * C + c];
    }
  });
  return x;
}

/**
 * Causal multi-head attention on packed q, k, v [T, 3C] (q in the first C
 * columns, then k, then v; head h owns columns h*D..h*D+D-1 of each).
 * Returns the heads' outputs side by side [T, C] and each head's weights.
 */
function selfAttention(
  qkv: Float32Array,
  T: number,
  config: GPTConfig
): {out: Float32Array; weights: Float32Array[]} {
  const C = config.nEmbd;
  const D = headSize(config);
  const scale = 1 / Math.sqrt(D);
  const at = (t: number, part: number, h: number, d: number) =>
    qkv[t * 3 * C + part * C + h * D + d];
  const out = new Float32Array(T * C);
  const weights: Float32Array[] = [];
  for (let h = 0; h < config.nHead; h++) {
    const att = new Float32Array(T * T); // [T, T], zero above the diagonal
    for (let q = 0; q < T; q++) {
      // A query sees keys 0..q only; the rest stay exactly 0.
      const scores = new Float64Array(q + 1);
      for (let k = 0; k <= q; k++) {
        let s = 0;
        for (let d = 0; d < D; d++) s += at(q, 0, h, d) * at(k, 1, h, d);
        scores[k] = s * scale;
      }
      const probs = softmax(scores);
      att.set(probs, q * T);
      for (let d = 0; d < D; d++) {
        let y = 0;
        for (let k = 0; k <= q; k++) y += probs[k] * at(k, 2, h, d);
        out[q * C + h * D + d] = y;
      }
    }
    weights.push(att);
  }
  return {out, weights};
}

/** Softmax of one row, shifted by its maximum for stability. */
function softmax(row: Float64Array): Float64Array {
  const max = Math.max(...row);
  const e = row.map((v) => Math.exp(v - max));
  const sum = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / sum);
}

/** y = x W + b for x [N, In] and W stored [In, Out]: [N, Out]. */
function matmul(
  x: Float32Array,
  W: Float32Array,
  In: number,
  Out: number,
  b?: Float32Array
): Float32Array {
  const N = x.length / In;
  const y = new Float32Array(N * Out);
  const acc = new Float64Array(Out);
  for (let n = 0; n < N; n++) {
    for (let o = 0; o < Out; o++) acc[o] = b ? b[o] : 0;
    for (let i = 0; i < In; i++) {
      const xi = x[n * In + i];
      if (xi === 0) continue; // ReLU zeros are common; skip their row
      for (let o = 0; o < Out; o++) acc[o] += xi * W[i * Out + o];
    }
    y.set(acc, n * Out);
  }
  return y;
}

/** LayerNorm of each row of x [N, C] (biased variance, as PyTorch). */
function layerNorm(
  x: Float32Array,
  g: Float32Array,
  b: Float32Array,
  eps: number
): Float32Array {
  const C = g.length;
  const y = new Float32Array(x.length);
  for (let n = 0; n < x.length / C; n++) {
    const row = x.subarray(n * C, (n + 1) * C);
    const mean = row.reduce((s, v) => s + v, 0) / C;
    const variance = row.reduce((s, v) => s + (v - mean) ** 2, 0) / C;
    const inv = 1 / Math.sqrt(variance + eps);
    for (let c = 0; c < C; c++) {
      y[n * C + c] = (row[c] - mean) * inv * g[c] + b[c];
    }
  }
  return y;
}

/** Elementwise sum of two equal-length arrays (the residual add). */
function add(a: Float32Array, b: Float32Array): Float32Array {
  return a.map((v, i) => v + b[i]);
}

/** max(0, x) elementwise. */
function relu(x: Float32Array): Float32Array {
  return x.map((v) => (v > 0 ? v : 0));
}
