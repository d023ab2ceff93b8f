import * as tf from '@tensorflow/tfjs-core';
import {headSize, type GPTConfig} from '../model/config.js';
import type {FoldedWeights} from './folded-weights.js';

/**
 * The forward pass the elements' traces come from: the same maths as
 * model/gpt.ts (tests hold them to 1e-4), arranged for one sequence at
 * inference time on tfjs's wasm backend, where at T = 128 the shape of
 * each op matters more than the number of multiply-adds:
 *
 * - Batched matMul over heads ([H, T, D] x [H, D, T]) takes ~1.9 ms on
 *   wasm; the same work as H plain 2-D products takes ~0.2 ms. So each
 *   head is multiplied on its own.
 * - Each head's queries and values come from their own [C, D] product:
 *   slicing them out of one [T, C] product costs more (~0.8 ms a pass).
 *   Keys are one product, transposed once, and sliced by rows.
 * - Products go straight to the _FusedMatMul / BatchMatMul kernels on
 *   rank-3 tensors: tf.fused.matMul wraps each in three reshapes and a
 *   custom gradient, which costs more than the product itself at K = 32.
 * - Attention weights stay one tensor per head, read back as they are:
 *   no concat.
 * - Biases and ReLU ride inside fused matMuls; LayerNorm gains are
 *   folded into the weights, and the keys need no bias (see
 *   folded-weights.ts).
 * - Token embeddings are added in JS: one upload, no gather (~0.5 ms).
 *
 * Where the time goes (T = 128, Node, per-kernel minima over 60 traced
 * runs on the 2-core dev box): ~118 M multiply-adds take 8.4 ms, the
 * [T, C] x [C, 4C] ones at XNNPACK's single-thread peak (~16 GMAC/s),
 * the per-head ones (K or N = 32) at 9-13 GMAC/s; softmax, LayerNorm,
 * transposes, slices and concats add 1.6 ms, and the ~210 op calls and
 * the read-back ~1 ms more. Below that needs fewer multiply-adds or a
 * faster kernel than tfjs offers, not a different arrangement of ops.
 */

/** The folded weights as tensors, uploaded once. Every matrix is rank 3
 * ([1, rows, cols]), the shape tfjs's matMul kernels take. */
export interface WeightTensors {
  config: GPTConfig;
  /** Plain copies, for the embedding sum done in JS. */
  wte: Float32Array;
  wpe: Float32Array;
  layers: {
    /** Per head: query map [C, D] (scaled) and bias [D]. */
    q: {w: tf.Tensor3D; b: tf.Tensor1D}[];
    /** Key map [C, C], all heads side by side. Keys carry no bias (see
     * folded-weights.ts). */
    wk: tf.Tensor3D;
    /** Per head: value map [C, D] and bias [D]. */
    v: {w: tf.Tensor3D; b: tf.Tensor1D}[];
    wo: tf.Tensor3D;
    bo: tf.Tensor1D;
    w1: tf.Tensor3D;
    b1: tf.Tensor1D;
    w2: tf.Tensor3D;
    b2: tf.Tensor1D;
  }[];
  head: tf.Tensor3D;
  headBias: tf.Tensor1D;
  /** Additive causal mask [1, blockSize, blockSize]. */
  mask: tf.Tensor3D;
}

/** Uploads folded weights to the active tfjs backend. */
export function uploadWeights(f: FoldedWeights): WeightTensors {
  const {nEmbd: C, mlpHidden: M, vocabSize: V, blockSize: N} = f.config;
  const D = headSize(f.config);
  const mat = (w: Float32Array, rows: number, cols: number) =>
    tf.tensor3d(w, [1, rows, cols], 'float32');
  const vec = (b: Float32Array) => tf.tensor1d(b, 'float32');
  const layers = f.layers.map((l) => {
    // Columns [from, from + width) of the [C, 3C] map (q | k | v).
    const columns = (from: number, width: number) => {
      const out = new Float32Array(C * width);
      for (let i = 0; i < C; i++) {
        const row = i * 3 * C + from;
        out.set(l.qkv.subarray(row, row + width), i * width);
      }
      return mat(out, C, width);
    };
    const heads = (from: number) =>
      Array.from({length: f.config.nHead}, (_, h) => ({
        w: columns(from + h * D, D),
        b: vec(l.qkvBias.slice(from + h * D, from + (h + 1) * D)),
      }));
    return {
      q: heads(0),
      wk: columns(C, C),
      v: heads(2 * C),
      wo: mat(l.wo, C, C),
      bo: vec(l.bo),
      w1: mat(l.w1, C, M),
      b1: vec(l.b1),
      w2: mat(l.w2, M, C),
      b2: vec(l.b2),
    };
  });
  const mask = new Float32Array(N * N);
  for (let q = 0; q < N; q++) {
    for (let k = q + 1; k < N; k++) mask[q * N + k] = -1e9;
  }
  return {
    config: f.config,
    wte: f.wte,
    wpe: f.wpe,
    layers,
    head: mat(f.head, C, V),
    headBias: vec(f.headBias),
    mask: mat(mask, N, N),
  };
}

/** Frees what {@link uploadWeights} made. */
export function disposeWeights(w: WeightTensors): void {
  const all: tf.Tensor[] = [w.head, w.headBias, w.mask];
  for (const {q, v, ...rest} of w.layers) {
    all.push(...Object.values(rest));
    for (const {w, b} of [...q, ...v]) all.push(w, b);
  }
  tf.dispose(all);
}

/** What {@link tracedForward} keeps, as tensors. */
export interface TraceTensors {
  /** [layer][head]: weights [T, T], row = query. With `lastOnly`:
   * the last row [T]. */
  attention: tf.Tensor[][];
  /** Per layer: ReLU activations [T, M] ([1, M] with `lastOnly`). */
  mlp: tf.Tensor[];
  /** nLayer + 1 entries [T, C] ([1, C] with `lastOnly`). */
  residual: tf.Tensor[];
  /** [T, V] ([1, V] with `lastOnly`). */
  logits: tf.Tensor;
  probs: tf.Tensor;
  /** Per layer, keys and values [T, C] (heads side by side), when asked
   * with `cache`: what an incremental decoder needs to go on from here. */
  keys?: tf.Tensor[];
  values?: tf.Tensor[];
}

/** Options of {@link tracedForward}. */
export interface TracedForwardOptions {
  /** Keep only the last position's rows (a decoder's prefill). */
  lastOnly?: boolean;
  /** Also keep every layer's keys and values. */
  cache?: boolean;
}

/**
 * Runs the model over ids (1..blockSize of them) and keeps what the
 * elements draw; every other tensor is freed. The tensors returned are
 * the caller's to dispose ({@link readTrace} does).
 */
export function tracedForward(
  w: WeightTensors,
  ids: readonly number[],
  opts: TracedForwardOptions = {}
): TraceTensors {
  // TraceTensors' optional fields do not fit tidy's TensorContainer type.
  return tf.tidy(
    () => forwardOps(w, ids, opts) as unknown as tf.TensorContainer
  ) as unknown as TraceTensors;
}

function forwardOps(
  w: WeightTensors,
  ids: readonly number[],
  opts: TracedForwardOptions
): TraceTensors {
  const {config} = w;
  const {nEmbd: C, nHead: H, vocabSize: V, lnEps, blockSize: N} = config;
  const D = headSize(config);
  const T = ids.length;
  const lastRow = (x: tf.Tensor3D): tf.Tensor3D =>
    opts.lastOnly ? tf.slice(x, [0, T - 1, 0], [1, 1, -1]) : x;
  const out: TraceTensors = {
    attention: [],
    mlp: [],
    residual: [],
    logits: undefined!,
    probs: undefined!,
    ...(opts.cache ? {keys: [], values: []} : {}),
  };

  let x: tf.Tensor3D = tf.tensor3d(embed(w, ids), [1, T, C]); // [1, T, C]
  const mask =
    T === N ? w.mask : tf.slice(w.mask, [0, 0, 0], [1, T, T]); // [1, T, T]
  for (const l of w.layers) {
    out.residual.push(lastRow(x));

    const a = normalize(x, lnEps); // [1, T, C]
    const k = matMul(a, l.wk); // [1, T, C]
    // [1, C, T]: head h's keys are rows hD..hD+D-1, ready to multiply.
    const kT = tf.reshape(tf.transpose(tf.reshape(k, [T, C])), [1, C, T]);
    const weights: tf.Tensor3D[] = [];
    const heads: tf.Tensor3D[] = [];
    const values: tf.Tensor3D[] = [];
    for (let h = 0; h < H; h++) {
      const q = fusedMatMul(a, l.q[h].w, l.q[h].b); // [1, T, D], scaled
      const kh = tf.slice(kT, [0, h * D, 0], [1, D, T]) as tf.Tensor3D;
      const v = fusedMatMul(a, l.v[h].w, l.v[h].b); // [1, T, D]
      const scores = tf.add(matMul(q, kh), mask); // [1, T, T]
      const p = tf.softmax(scores) as tf.Tensor3D;
      weights.push(opts.lastOnly ? lastRow(p) : p);
      heads.push(matMul(p, v)); // [1, T, D]
      values.push(v);
    }
    if (opts.cache) {
      out.keys!.push(k);
      out.values!.push(tf.concat(values, 2)); // [1, T, C]
    }
    out.attention.push(weights);
    const y = tf.concat(heads, 2); // [1, T, C]
    x = tf.add(x, fusedMatMul(y, l.wo, l.bo)) as tf.Tensor3D;

    const m = normalize(x, lnEps); // [1, T, C]
    const hidden = fusedMatMul(m, l.w1, l.b1, 'relu'); // [1, T, M]
    out.mlp.push(lastRow(hidden));
    x = tf.add(x, fusedMatMul(hidden, l.w2, l.b2)) as tf.Tensor3D;
  }
  out.residual.push(lastRow(x));

  const xf = normalize(lastRow(x), lnEps); // [1, T or 1, C]
  out.logits = fusedMatMul(xf, w.head, w.headBias);
  out.probs = tf.softmax(out.logits); // [1, T or 1, V]
  if (out.logits.shape[2] !== V) throw new Error('head shape mismatch');
  return out;
}

/**
 * a b (+ bias, then activation) on rank-3 operands, straight to the
 * kernel: tf.fused.matMul would add three reshapes and a custom-gradient
 * wrapper to each of the ~70 products of a pass.
 */
function fusedMatMul(
  a: tf.Tensor3D,
  b: tf.Tensor3D,
  bias: tf.Tensor1D,
  activation: 'linear' | 'relu' = 'linear'
): tf.Tensor3D {
  return tf.engine().runKernel(
    tf._FusedMatMul,
    {a, b, bias},
    {transposeA: false, transposeB: false, activation, leakyreluAlpha: 0}
  );
}

/** a b on rank-3 operands, straight to the kernel. */
function matMul(a: tf.Tensor3D, b: tf.Tensor3D): tf.Tensor3D {
  return tf.engine().runKernel(
    tf.BatchMatMul,
    {a, b},
    {transposeA: false, transposeB: false}
  );
}

/** Token plus position embedding, summed in JS: [T * C]. */
function embed(w: WeightTensors, ids: readonly number[]): Float32Array {
  const {nEmbd: C, vocabSize: V} = w.config;
  const x = new Float32Array(ids.length * C);
  ids.forEach((id, t) => {
    if (!(Number.isInteger(id) && id >= 0 && id < V)) {
      throw new Error(`Token id ${id} at ${t} is outside 0..${V - 1}.`);
    }
    for (let c = 0; c < C; c++) {
      x[t * C + c] = w.wte[id * C + c] + w.wpe[t * C + c];
    }
  });
  return x;
}

/** LayerNorm without gain and bias (those are folded into the weights). */
function normalize(x: tf.Tensor3D, eps: number): tf.Tensor3D {
  const mean = tf.mean(x, -1, true); // [1, T, 1]
  const d = tf.sub(x, mean); // [1, T, C]
  const variance = tf.mean(tf.square(d), -1, true); // [1, T, 1]
  return tf.mul(d, tf.rsqrt(tf.add(variance, eps)));
}

/** {@link TraceTensors} read back as plain arrays, same layout. */
export interface TraceArrays {
  attention: Float32Array[][];
  mlp: Float32Array[];
  residual: Float32Array[];
  logits: Float32Array;
  probs: Float32Array;
  keys?: Float32Array[];
  values?: Float32Array[];
}

/** Reads a trace back and frees its tensors, whatever happens. */
export async function readTrace(t: TraceTensors): Promise<TraceArrays> {
  const groups = [
    ...t.attention,
    t.mlp,
    t.residual,
    [t.logits, t.probs],
    t.keys ?? [],
    t.values ?? [],
  ];
  const all = groups.flat();
  try {
    const data = (await Promise.all(all.map((x) => x.data()))) as
      Float32Array[];
    let k = 0;
    const arrays = groups.map((g) => g.map(() => data[k++]));
    const [mlp, residual, [logits, probs], keys, values] = arrays.slice(
      t.attention.length
    );
    return {
      attention: arrays.slice(0, t.attention.length),
      mlp,
      residual,
      logits,
      probs,
      ...(t.keys ? {keys, values} : {}),
    };
  } finally {
    tf.dispose(all);
  }
}
