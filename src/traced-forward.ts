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
 * - split() is ~4x slower than slice(); nothing here splits.
 * - Biases and ReLU ride inside fused matMuls; LayerNorm gains are
 *   folded into the weights (see folded-weights.ts).
 * - Token embeddings are added in JS: one upload, no gather (~0.5 ms).
 *
 * Measured at T = 128 with read-back, interleaved in one process on the
 * idle 2-core dev box (Node, median of 50): model/gpt.ts's forward
 * 26.2 ms, this one 12.4 ms. It is compute-bound: ~118 M multiply-adds,
 * of which the [T, C] x [C, 4C] products run at XNNPACK's peak
 * (~15 GMAC/s, 7.6 ms for all products at that rate); the per-head
 * products (K = 32) reach about half of it. tfjs's per-op overhead adds
 * ~1.5 ms over ~230 ops.
 */

/** The folded weights as tensors, uploaded once. */
export interface WeightTensors {
  config: GPTConfig;
  /** Plain copies, for the embedding sum done in JS. */
  wte: Float32Array;
  wpe: Float32Array;
  layers: {
    /** Per head: query map [C, D] (scaled) and bias [D]. */
    q: {w: tf.Tensor2D; b: tf.Tensor1D}[];
    /** Key map [C, C] and bias [C], all heads side by side. */
    wk: tf.Tensor2D;
    bk: tf.Tensor1D;
    /** Per head: value map [C, D] and bias [D]. */
    v: {w: tf.Tensor2D; b: tf.Tensor1D}[];
    wo: tf.Tensor2D;
    bo: tf.Tensor1D;
    w1: tf.Tensor2D;
    b1: tf.Tensor1D;
    w2: tf.Tensor2D;
    b2: tf.Tensor1D;
  }[];
  head: tf.Tensor2D;
  headBias: tf.Tensor1D;
  /** Additive causal mask [blockSize, blockSize]; [T, T] is its corner. */
  mask: tf.Tensor2D;
}

/** Uploads folded weights to the active tfjs backend. */
export function uploadWeights(f: FoldedWeights): WeightTensors {
  const {nEmbd: C, mlpHidden: M, vocabSize: V, blockSize: N} = f.config;
  const D = headSize(f.config);
  const mat = (w: Float32Array, rows: number, cols: number) =>
    tf.tensor2d(w, [rows, cols], 'float32');
  const vec = (b: Float32Array) => tf.tensor1d(b, 'float32');
  const layers = f.layers.map((l) => {
    // Columns [from, from + width) of the [C, 3C] map (q | k | v).
    const block = (from: number, width: number) => {
      const out = new Float32Array(C * width);
      for (let i = 0; i < C; i++) {
        const row = i * 3 * C + from;
        out.set(l.qkv.subarray(row, row + width), i * width);
      }
      return {
        w: mat(out, C, width),
        b: vec(l.qkvBias.slice(from, from + width)),
      };
    };
    const heads = (from: number) =>
      Array.from({length: f.config.nHead}, (_, h) => block(from + h * D, D));
    const k = block(C, C);
    return {
      q: heads(0),
      wk: k.w,
      bk: k.b,
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
  /** Per layer: weights [H * T, T], head-major, row = query. With
   * `lastOnly`: [H, T], the last query's row of each head. */
  attention: tf.Tensor[];
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
  const {nEmbd: C, nHead: H, vocabSize: V, lnEps} = config;
  const D = headSize(config);
  const T = ids.length;
  const lastRow = (x: tf.Tensor2D): tf.Tensor2D =>
    opts.lastOnly ? tf.slice(x, [T - 1, 0], [1, -1]) : x;
  const out: TraceTensors = {
    attention: [],
    mlp: [],
    residual: [],
    logits: undefined!,
    probs: undefined!,
    ...(opts.cache ? {keys: [], values: []} : {}),
  };

  let x: tf.Tensor2D = tf.tensor2d(embed(w, ids), [T, C]); // [T, C]
  const mask = tf.slice(w.mask, [0, 0], [T, T]); // [T, T]
  for (const l of w.layers) {
    out.residual.push(lastRow(x));

    const a = normalize(x, lnEps); // [T, C]
    const k = tf.fused.matMul({a, b: l.wk, bias: l.bk}); // [T, C]
    const kT = tf.transpose(k); // [C, T]: head h owns rows hD..hD+D-1
    const weights: tf.Tensor2D[] = [];
    const heads: tf.Tensor2D[] = [];
    const values: tf.Tensor2D[] = [];
    for (let h = 0; h < H; h++) {
      const q = tf.fused.matMul({a, b: l.q[h].w, bias: l.q[h].b}); // [T, D]
      const v = tf.fused.matMul({a, b: l.v[h].w, bias: l.v[h].b}); // [T, D]
      const kh = tf.slice(kT, [h * D, 0], [D, T]); // [D, T]
      const scores = tf.add(tf.matMul(q, kh), mask); // [T, T], scaled
      const p = tf.softmax(scores) as tf.Tensor2D; // [T, T]
      weights.push(p);
      heads.push(tf.matMul(p, v as tf.Tensor2D)); // [T, D]
      values.push(v as tf.Tensor2D);
    }
    if (opts.cache) {
      out.keys!.push(k);
      out.values!.push(tf.concat(values, 1)); // [T, C]
    }
    const att = tf.concat(weights); // [H * T, T], head-major
    out.attention.push(
      opts.lastOnly
        ? tf.reshape(
            tf.slice(tf.reshape(att, [H, T, T]), [0, T - 1, 0], [H, 1, T]),
            [H, T]
          )
        : att
    );
    const y = tf.concat(heads, 1); // [T, C]
    x = tf.add(x, tf.fused.matMul({a: y, b: l.wo, bias: l.bo}));

    const m = normalize(x, lnEps); // [T, C]
    const hidden = tf.fused.matMul({
      a: m,
      b: l.w1,
      bias: l.b1,
      activation: 'relu',
    }) as tf.Tensor2D; // [T, M]
    out.mlp.push(lastRow(hidden));
    x = tf.add(x, tf.fused.matMul({a: hidden, b: l.w2, bias: l.b2}));
  }
  out.residual.push(lastRow(x));

  const xf = normalize(lastRow(x), lnEps); // [T or 1, C]
  out.logits = tf.fused.matMul({a: xf, b: w.head, bias: w.headBias});
  out.probs = tf.softmax(out.logits); // [T or 1, V]
  if (out.logits.shape[1] !== V) throw new Error('head shape mismatch');
  return out;
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
function normalize(x: tf.Tensor2D, eps: number): tf.Tensor2D {
  const mean = tf.mean(x, -1, true); // [T, 1]
  const d = tf.sub(x, mean); // [T, C]
  const variance = tf.mean(tf.square(d), -1, true); // [T, 1]
  return tf.mul(d, tf.rsqrt(tf.add(variance, eps)));
}

/** {@link TraceTensors} read back as plain arrays, same layout. */
export interface TraceArrays {
  attention: Float32Array[];
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
    t.attention,
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
    const [attention, mlp, residual, [logits, probs], keys, values] =
      groups.map((g) => g.map(() => data[k++]));
    return {
      attention,
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
