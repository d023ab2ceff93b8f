import * as tf from '@tensorflow/tfjs-core';
import {fusedMatMul} from './kernels.js';
import type {SimdKernels} from './simd-kernels.js';
import {
  embed,
  type Pause,
  type TraceArrays,
  type TracedForwardOptions,
} from './traced-forward.js';
import type {WeightTensors} from './weight-tensors.js';

/**
 * The traced forward pass on tfjs's wasm backend: the same maths and the
 * same result as tracedForward (tests hold both to model/gpt.ts within
 * 1e-4), split by what each side does fastest. tfjs (XNNPACK) runs the
 * dense products with the weight matrices, three a layer; Peek's wasm
 * SIMD kernels (src/simd.wat) run causal attention, the LayerNorms, the
 * residual adds and the MLP's down-projection, which skips the ~90% of
 * activations that the ReLU zeroes. The residual stream stays in plain
 * arrays between them: a copy in and out of tfjs's wasm memory costs
 * microseconds, and the trace needs the arrays anyway.
 *
 * Only for the wasm backend (and cpu): each layer reads tfjs's products
 * back synchronously, which on WebGL would stall the GPU.
 *
 * As with tracedForward, `pause` is awaited before each layer and the
 * output head, and each of those pieces is synchronous. No tensor
 * outlives its piece.
 */
export async function simdTracedForward(
  w: WeightTensors,
  kernels: SimdKernels,
  ids: readonly number[],
  opts: TracedForwardOptions = {},
  pause: Pause = () => undefined
): Promise<TraceArrays> {
  const {nEmbd: C, mlpHidden: M, vocabSize: V} = w.config;
  const T = ids.length;
  // With lastOnly (a decoder's prefill) the trace keeps the last row.
  const rows = (a: Float32Array, width: number) =>
    opts.lastOnly ? a.slice((T - 1) * width) : a;
  const upload = (a: Float32Array, width: number) =>
    tf.tensor3d(a, [1, a.length / width, width]);
  const read = (t: tf.Tensor) => t.dataSync() as Float32Array;

  const out: TraceArrays = {
    attention: [],
    mlp: [],
    residual: [],
    logits: new Float32Array(0),
    probs: new Float32Array(0),
    ...(opts.cache ? {keys: [], values: []} : {}),
  };
  let x = embed(w, ids); // [T, C]
  for (const [l, layer] of w.layers.entries()) {
    await pause();
    tf.tidy(() => {
      const a = upload(kernels.normalize(x, T), C);
      const qkv = read(fusedMatMul(a, layer.qkv, layer.qkvBias)); // [T, 3C]
      const {weights, y} = kernels.attend(qkv, T);
      const o = read(fusedMatMul(upload(y, C), layer.wo, layer.bo));
      const m = upload(kernels.residualNorm(x, o, T), C); // [1, T, C]
      const hidden = read(fusedMatMul(m, layer.w1, layer.b1, 'relu'));
      out.residual.push(rows(x, C));
      out.attention.push(weights.map((p) => rows(p, T)));
      out.mlp.push(rows(hidden, M));
      if (opts.cache) {
        out.keys!.push(columns(qkv, T, 3 * C, C, C));
        out.values!.push(columns(qkv, T, 3 * C, 2 * C, C));
      }
      x = kernels.mlpOut(l, hidden, T);
    });
  }
  await pause();
  tf.tidy(() => {
    const last = rows(x, C);
    out.residual.push(last);
    const xf = upload(kernels.normalize(last, last.length / C), C);
    const logits = fusedMatMul(xf, w.head, w.headBias); // [1, T or 1, V]
    if (logits.shape[2] !== V) throw new Error('head shape mismatch');
    out.logits = read(logits);
    out.probs = read(tf.softmax(logits));
  });
  return out;
}

/** Columns [from, from + width) of T rows `stride` wide. */
function columns(
  a: Float32Array,
  T: number,
  stride: number,
  from: number,
  width: number
): Float32Array {
  const out = new Float32Array(T * width);
  for (let t = 0; t < T; t++) {
    const start = t * stride + from;
    out.set(a.subarray(start, start + width), t * width);
  }
  return out;
}
