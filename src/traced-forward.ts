import * as tf from '@tensorflow/tfjs-core';
import {headSize} from '../model/config.js';
import {fusedMatMul, matMul} from './kernels.js';
import type {WeightTensors} from './weight-tensors.js';

/**
 * The forward pass the elements' traces come from, in tfjs ops only: the
 * same maths as model/gpt.ts (tests hold them to 1e-4), arranged for one
 * sequence at inference time. It runs on WebGL and cpu; on the wasm
 * backend Inference uses simd-forward.ts, which keeps the products in
 * tfjs and hands the rest to hand-written SIMD kernels (~8 ms at T = 128
 * against ~12 ms here). The arrangement was tuned on wasm, where at
 * T = 128 the shape of each op matters more than the number of
 * multiply-adds:
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
 * the read-back ~1 ms more. Below that needed fewer multiply-adds and
 * faster kernels than tfjs offers, not a different arrangement of ops:
 * what simd-forward.ts does.
 */

/**
 * Multiplies every weight matrix once, by a single row, awaiting `pause`
 * before each layer. tfjs's wasm backend packs a matrix for XNNPACK the
 * first time it is multiplied; without this, a page's first trace
 * packed all of them, and with the first draw made one long task.
 * Ends with a one-character pass, so the rest of the path is compiled.
 * With `simd`, packs only the products simd-forward.ts runs in tfjs
 * and leaves the pass to the caller.
 */
export async function warmUp(
  w: WeightTensors,
  pause: () => Promise<void>,
  simd = false
): Promise<void> {
  const {nEmbd: C, mlpHidden: M} = w.config;
  const row = (n: number) => tf.zeros([1, 1, n]) as tf.Tensor3D;
  for (const l of w.layers) {
    await pause();
    tf.tidy(() => {
      const x = row(C);
      fusedMatMul(x, l.wo, l.bo);
      fusedMatMul(x, l.w1, l.b1, 'relu');
      if (simd) {
        // simd-forward.ts's third product; w2 is summed in its kernel.
        fusedMatMul(x, l.qkv, l.qkvBias);
      } else {
        for (const {w, b} of [...l.q, ...l.v]) fusedMatMul(x, w, b);
        matMul(x, l.wk);
        fusedMatMul(row(M), l.w2, l.b2);
      }
    });
  }
  await pause();
  // Braces: a tidy keeps the tensor its function returns.
  tf.tidy(() => {
    fusedMatMul(row(C), w.head, w.headBias);
  });
  if (!simd) await readTrace(await tracedForward(w, [0], {}, pause));
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

/** Awaited before each layer of a pass: the page's chance to run. */
export type Pause = () => Promise<void> | void;

/**
 * Runs the model over ids (1..blockSize of them) and keeps what the
 * elements draw; every other tensor is freed. Each layer is one
 * synchronous piece, and `pause` is awaited before each, so a caller
 * can let the page run between them (Inference waits for the next
 * task: a whole pass at once was the longest task of a page that
 * generates and draws). The tensors returned are the caller's to
 * dispose ({@link readTrace} does); on failure they are freed here.
 */
export async function tracedForward(
  w: WeightTensors,
  ids: readonly number[],
  opts: TracedForwardOptions = {},
  pause: Pause = () => undefined
): Promise<TraceTensors> {
  const {nEmbd: C, blockSize: N} = w.config;
  const T = ids.length;
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
  try {
    for (const l of w.layers) {
      await pause();
      const input = x;
      const r = tf.tidy(() => layerOps(w, l, input, mask, opts));
      out.residual.push(r.residual);
      out.attention.push(r.attention);
      out.mlp.push(r.mlp);
      if (opts.cache) {
        out.keys!.push(r.keys!);
        out.values!.push(r.values!);
      }
      // With lastOnly the trace keeps a row of it, not the input itself.
      if (r.residual !== input) input.dispose();
      x = r.x;
    }
    await pause();
    const input = x;
    const r = tf.tidy(() => headOps(w, input, opts));
    if (r.residual !== input) input.dispose();
    out.residual.push(r.residual);
    out.logits = r.logits;
    out.probs = r.probs;
    return out;
  } catch (e) {
    tf.dispose([x, ...traceTensors(out)]);
    throw e;
  } finally {
    if (mask !== w.mask) mask.dispose();
  }
}

/** One transformer block: what the trace keeps of it, and its output. */
function layerOps(
  w: WeightTensors,
  l: WeightTensors['layers'][number],
  x: tf.Tensor3D,
  mask: tf.Tensor3D,
  opts: TracedForwardOptions
) {
  const {nEmbd: C, nHead: H, lnEps} = w.config;
  const D = headSize(w.config);
  const T = x.shape[1];
  const lastRow = (t: tf.Tensor3D): tf.Tensor3D =>
    opts.lastOnly ? tf.slice(t, [0, T - 1, 0], [1, 1, -1]) : t;

  const a = normalize(x, lnEps); // [1, T, C]
  const k = matMul(a, l.wk); // [1, T, C]
  // [1, C, T]: head h's keys are rows hD..hD+D-1, ready to multiply.
  const kT = tf.reshape(tf.transpose(tf.reshape(k, [T, C])), [1, C, T]);
  const attention: tf.Tensor3D[] = [];
  const heads: tf.Tensor3D[] = [];
  const values: tf.Tensor3D[] = [];
  for (let h = 0; h < H; h++) {
    const q = fusedMatMul(a, l.q[h].w, l.q[h].b); // [1, T, D], scaled
    const kh = tf.slice(kT, [0, h * D, 0], [1, D, T]) as tf.Tensor3D;
    const v = fusedMatMul(a, l.v[h].w, l.v[h].b); // [1, T, D]
    const scores = tf.add(matMul(q, kh), mask); // [1, T, T]
    const p = tf.softmax(scores) as tf.Tensor3D;
    attention.push(lastRow(p));
    heads.push(matMul(p, v)); // [1, T, D]
    values.push(v);
  }
  const y = tf.concat(heads, 2); // [1, T, C]
  const mid = tf.add(x, fusedMatMul(y, l.wo, l.bo)) as tf.Tensor3D;

  const m = normalize(mid, lnEps); // [1, T, C]
  const hidden = fusedMatMul(m, l.w1, l.b1, 'relu'); // [1, T, M]
  return {
    residual: lastRow(x),
    attention,
    mlp: lastRow(hidden),
    keys: opts.cache ? k : undefined,
    values: opts.cache ? tf.concat(values, 2) : undefined, // [1, T, C]
    x: tf.add(mid, fusedMatMul(hidden, l.w2, l.b2)) as tf.Tensor3D,
  };
}

/** The final norm and the output head. */
function headOps(
  w: WeightTensors,
  x: tf.Tensor3D,
  opts: TracedForwardOptions
) {
  const T = x.shape[1];
  const residual = opts.lastOnly ? tf.slice(x, [0, T - 1, 0], [1, 1, -1]) : x;
  const xf = normalize(residual as tf.Tensor3D, w.config.lnEps);
  const logits = fusedMatMul(xf, w.head, w.headBias); // [1, T or 1, V]
  if (logits.shape[2] !== w.config.vocabSize) {
    throw new Error('head shape mismatch');
  }
  return {residual, logits, probs: tf.softmax(logits)};
}

/** Every tensor a (possibly partial) trace holds. */
function traceTensors(t: TraceTensors): tf.Tensor[] {
  return [
    ...t.attention.flat(),
    ...t.mlp,
    ...t.residual,
    ...(t.logits ? [t.logits, t.probs] : []),
    ...(t.keys ?? []),
    ...(t.values ?? []),
  ];
}

/** Token plus position embedding, summed in JS: [T * C]. */
export function embed(w: WeightTensors, ids: readonly number[]): Float32Array {
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
