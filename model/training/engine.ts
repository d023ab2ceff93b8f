import * as tf from '@tensorflow/tfjs-core';
import type {GPTConfig} from '../config.js';
import {forward} from '../gpt.js';
import {paramSpecs, type ParamSpec} from '../params.js';
import {Rng} from '../rng.js';

/**
 * The tfjs side of training: holds the weights as variables and turns a
 * batch into a loss and gradients, or a window into per-position losses.
 * Needs tfjs's gradients registered
 * (`@tensorflow/tfjs-core/dist/register_all_gradients`).
 */
export class TrainEngine {
  readonly specs: ParamSpec[];
  private readonly vars: Record<string, tf.Variable> = {};

  constructor(readonly config: GPTConfig) {
    this.specs = paramSpecs(config);
    for (const {name, shape} of this.specs) {
      this.vars[name] = tf.variable(tf.zeros(shape), true, name);
    }
  }

  /** Copies plain weights (in spec order) into the variables. */
  setWeights(params: Float32Array[]): void {
    this.specs.forEach(({name, shape}, i) => {
      tf.tidy(() => this.vars[name].assign(tf.tensor(params[i], shape)));
    });
  }

  /**
   * Mean cross-entropy of a batch and its gradients (spec order).
   * x and y are [B*T] row-major.
   */
  gradients(
    x: Int32Array,
    y: Int32Array,
    batch: number,
    dropout: number,
    seed: number
  ): {loss: number; grads: Float32Array[]} {
    const T = x.length / batch;
    const rng = new Rng(seed);
    const ids = tf.tensor2d(x, [batch, T], 'int32');
    const targets = tf.tensor1d(y, 'int32');
    const {value, grads} = tf.variableGrads(() => {
      const {logits} = forward(this.config, this.vars, ids, {dropout, rng});
      return meanCrossEntropy(logits, targets, this.config.vocabSize);
    });
    const loss = value.dataSync()[0];
    const out = this.specs.map(({name}) => grads[name].dataSync() as Float32Array);
    tf.dispose([value, ids, targets, ...Object.values(grads)]);
    return {loss, grads: out};
  }

  /** Per-position negative log-likelihood (nats) of windows [B*T]. */
  positionLosses(x: Int32Array, y: Int32Array, batch: number): Float32Array {
    const T = x.length / batch;
    const nll = tf.tidy(() => {
      const ids = tf.tensor2d(x, [batch, T], 'int32');
      const {logits} = forward(this.config, this.vars, ids);
      const logp = tf.logSoftmax(tf.reshape(logits, [-1, this.config.vocabSize]));
      const picked = tf.mul(logp, tf.oneHot(tf.tensor1d(y, 'int32'), this.config.vocabSize));
      return tf.neg(tf.sum(picked, -1));
    });
    const out = nll.dataSync() as Float32Array;
    nll.dispose();
    return out;
  }

  /** Logits [V] of the last position of a single context. */
  lastLogits(context: number[]): Float32Array {
    const V = this.config.vocabSize;
    const t = tf.tidy(() => {
      const ids = tf.tensor2d(context, [1, context.length], 'int32');
      const {logits} = forward(this.config, this.vars, ids);
      return tf.slice(tf.reshape(logits, [-1, V]), [context.length - 1, 0], [1, V]);
    });
    const out = t.dataSync() as Float32Array;
    t.dispose();
    return out;
  }

  dispose(): void {
    tf.dispose(Object.values(this.vars));
  }
}

function meanCrossEntropy(
  logits: tf.Tensor,
  targets: tf.Tensor1D,
  V: number
): tf.Scalar {
  const logp = tf.logSoftmax(tf.reshape(logits, [-1, V])); // [BT, V]
  const picked = tf.sum(tf.mul(logp, tf.oneHot(targets, V)), -1); // [BT]
  return tf.neg(tf.mean(picked)) as tf.Scalar;
}
