import * as tf from '@tensorflow/tfjs-core';
import {headSize, type GPTConfig} from '../model/config.js';
import type {FoldedWeights} from './folded-weights.js';
import {runNow, type Steps} from './steps.js';

/** The folded weights as tensors, uploaded once. Every matrix is rank 3
 * ([1, rows, cols]), the shape tfjs's matMul kernels take. */
export interface WeightTensors {
  config: GPTConfig;
  /** Plain copies, for the embedding sum done in JS. */
  wte: Float32Array;
  wpe: Float32Array;
  layers: {
    /** q, k and v maps of every head, [C, 3C], and their bias [3C]:
     * one product, for the wasm attention kernel. */
    qkv: tf.Tensor3D;
    qkvBias: tf.Tensor1D;
    /** Per head: query map [C, D] (scaled) and bias [D]. The per-head
     * maps serve the tfjs-ops attention (see traced-forward.ts). */
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
  return runNow(uploadSteps(f));
}

/**
 * {@link uploadWeights} as steps (see steps.ts): a layer a step. If the
 * steps are abandoned part of the way (runSliced's pause threw), the
 * tensors made so far are freed.
 */
export function* uploadSteps(f: FoldedWeights): Steps<WeightTensors> {
  const {nEmbd: C, mlpHidden: M, vocabSize: V, blockSize: N} = f.config;
  const D = headSize(f.config);
  const made: tf.Tensor[] = [];
  const keep = <T extends tf.Tensor>(t: T): T => {
    made.push(t);
    return t;
  };
  const mat = (w: Float32Array, rows: number, cols: number) =>
    keep(tf.tensor3d(w, [1, rows, cols], 'float32'));
  const vec = (b: Float32Array) => keep(tf.tensor1d(b, 'float32'));
  let finished = false;
  try {
    const layers: WeightTensors['layers'] = [];
    for (const l of f.layers) {
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
      layers.push({
        qkv: mat(l.qkv, C, 3 * C),
        qkvBias: vec(l.qkvBias),
        q: heads(0),
        wk: columns(C, C),
        v: heads(2 * C),
        wo: mat(l.wo, C, C),
        bo: vec(l.bo),
        w1: mat(l.w1, C, M),
        b1: vec(l.b1),
        w2: mat(l.w2, M, C),
        b2: vec(l.b2),
      });
      yield;
    }
    const mask = new Float32Array(N * N);
    for (let q = 0; q < N; q++) {
      for (let k = q + 1; k < N; k++) mask[q * N + k] = -1e9;
    }
    const out: WeightTensors = {
      config: f.config,
      wte: f.wte,
      wpe: f.wpe,
      layers,
      head: mat(f.head, C, V),
      headBias: vec(f.headBias),
      mask: mat(mask, N, N),
    };
    finished = true;
    return out;
  } finally {
    if (!finished) disposeEach(made);
  }
}

/** Frees tensors one by one: those of a lost backend may throw. */
function disposeEach(tensors: tf.Tensor[]): void {
  for (const t of tensors) {
    try {
      t.dispose();
    } catch {
      // It went with its backend.
    }
  }
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
