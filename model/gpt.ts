import * as tf from '@tensorflow/tfjs-core';
import {headSize, type GPTConfig} from './config.js';
import {layerNorm} from './layer-norm.js';
import {causalMask, linear, mm} from './ops.js';
import type {Rng} from './rng.js';

/** The model's weights as tfjs tensors (or variables), by parameter name. */
export type TensorWeights = Record<string, tf.Tensor>;

/** Options of {@link forward}. */
export interface ForwardOptions {
  /** Dropout rate during training; 0 or absent at inference. */
  dropout?: number;
  /** Random source for dropout masks. */
  rng?: Rng;
  /** Keep the intermediate tensors the elements draw. */
  trace?: boolean;
}

/** Intermediate tensors of one forward pass, kept when asked. */
export interface TensorTrace {
  /** Per layer: attention weights [B, H, T, T]. */
  attention: tf.Tensor[];
  /** Per layer: ReLU MLP activations [B, T, M]. */
  mlp: tf.Tensor[];
  /** nLayer + 1 entries: the residual stream entering each block, then
   * the stream leaving the last block [B, T, C]. */
  residual: tf.Tensor[];
}

/**
 * The transformer, as in the figure: embed, then pre-LayerNorm blocks of
 * causal self-attention and a ReLU MLP, then a final LayerNorm and the
 * output head. ids is [B, T] int32; returns logits [B, T, V].
 */
export function forward(
  config: GPTConfig,
  w: TensorWeights,
  ids: tf.Tensor2D,
  opts: ForwardOptions = {}
): {logits: tf.Tensor3D; trace?: TensorTrace} {
  const [B, T] = ids.shape;
  const {nEmbd: C, nHead: H, vocabSize: V} = config;
  const D = headSize(config);
  const rate = opts.dropout ?? 0;
  const drop = (x: tf.Tensor) =>
    rate > 0 && opts.rng ? dropout(x, rate, opts.rng) : x;
  const trace: TensorTrace | undefined = opts.trace
    ? {attention: [], mlp: [], residual: []}
    : undefined;

  // Token embedding as one-hot x table: its gradient is a plain matMul.
  const oneHot = tf.cast(tf.oneHot(tf.reshape(ids, [-1]), V), 'float32'); // [BT, V]
  const tok = tf.reshape(mm(oneHot, w['wte']), [B, T, C]);
  const pos = tf.slice(w['wpe'], [0, 0], [T, C]); // [T, C]
  let x = drop(tf.add(tok, pos)); // [B, T, C]
  const mask = causalMask(T);

  for (let l = 0; l < config.nLayer; l++) {
    const p = `h.${l}.`;
    trace?.residual.push(x);

    // Attention: [B, T, C] -> q, k, v as [B*H, T, D].
    const a = layerNorm(x, w[p + 'ln1.g'], w[p + 'ln1.b'], config.lnEps);
    // q, k, v from column blocks of the weight, not by splitting the
    // product: the wasm backend's Slice reads its whole input per slice.
    const wqkv = w[p + 'attn.wqkv']; // [C, 3C]
    const heads = (i: number) => {
      const t = linear(a, tf.slice(wqkv, [0, i * C], [C, C])); // [B, T, C]
      const bhtd = tf.transpose(tf.reshape(t, [B, T, H, D]), [0, 2, 1, 3]);
      return tf.reshape(bhtd, [B * H, T, D]);
    };
    const [q, k, v] = [0, 1, 2].map(heads); // each [BH, T, D]
    const kT = tf.transpose(k, [0, 2, 1]); // [BH, D, T]
    const scores = tf.add(tf.mul(mm(q, kT), 1 / Math.sqrt(D)), mask);
    const att = tf.softmax(scores); // [BH, T, T]
    if (trace) trace.attention.push(tf.reshape(att, [B, H, T, T]));
    const y = tf.reshape(
      tf.transpose(tf.reshape(mm(att, v), [B, H, T, D]), [0, 2, 1, 3]),
      [B, T, C]
    ); // [B, T, C]
    x = tf.add(x, drop(linear(y, w[p + 'attn.wo'], w[p + 'attn.bo'])));

    // MLP: [B, T, C] -> [B, T, M] -> [B, T, C].
    const m = layerNorm(x, w[p + 'ln2.g'], w[p + 'ln2.b'], config.lnEps);
    const hidden = tf.relu(linear(m, w[p + 'mlp.w1'], w[p + 'mlp.b1']));
    trace?.mlp.push(hidden);
    x = tf.add(x, drop(linear(hidden, w[p + 'mlp.w2'], w[p + 'mlp.b2'])));
  }
  trace?.residual.push(x);

  const xf = layerNorm(x, w['lnf.g'], w['lnf.b'], config.lnEps);
  const logits = linear(xf, w['head.w'], w['head.b']) as tf.Tensor3D;
  return {logits, trace};
}

/**
 * Inverted dropout with a mask drawn by Peek's own seeded generator, which
 * is both reproducible and much faster than tfjs's JS random ops.
 */
function dropout(x: tf.Tensor, rate: number, rng: Rng): tf.Tensor {
  const n = x.size;
  const mask = new Float32Array(n);
  const keep = 1 / (1 - rate);
  for (let i = 0; i < n; i++) mask[i] = rng.next() >= rate ? keep : 0;
  return tf.mul(x, tf.tensor(mask, x.shape));
}
