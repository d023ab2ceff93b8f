import * as tf from '@tensorflow/tfjs-core';
import type {ModelData} from '../model/format.js';
import {forward, type TensorWeights} from '../model/gpt.js';
import {paramSpecs} from '../model/params.js';
import {Tokenizer} from '../model/tokenizer.js';
import type {ForwardTrace} from './trace.js';

/**
 * Runs the model in the browser and returns full traces. Holds the
 * weights as tfjs tensors on the active backend.
 */
export class Inference {
  readonly tokenizer: Tokenizer;
  private readonly weights: TensorWeights = {};
  private disposed = false;

  constructor(readonly model: ModelData) {
    this.tokenizer = new Tokenizer(model.vocab);
    for (const {name, shape} of paramSpecs(model.config)) {
      const values = model.weights.get(name)!;
      this.weights[name] = tf.tensor(values, shape, 'float32');
    }
  }

  get config() {
    return this.model.config;
  }

  /**
   * Traces the model on text. Only the last `blockSize` characters are
   * seen (the model's context); empty text yields a trace with T = 0.
   */
  async traceText(text: string): Promise<ForwardTrace> {
    const enc = this.tokenizer.encodeDetailed(text);
    const keep = Math.max(0, enc.ids.length - this.config.blockSize);
    return this.trace(
      enc.ids.slice(keep),
      enc.chars.slice(keep),
      enc.unknown.slice(keep)
    );
  }

  /** Traces token ids (at most blockSize of them). */
  async trace(
    ids: number[],
    chars = ids.map((i) => this.model.vocab[i]),
    unknown = ids.map(() => false)
  ): Promise<ForwardTrace> {
    if (this.disposed) throw new Error('Inference used after dispose().');
    const {nLayer, nHead, blockSize} = this.config;
    if (ids.length > blockSize) {
      throw new Error(`At most ${blockSize} tokens, got ${ids.length}.`);
    }
    const T = ids.length;
    if (T === 0) {
      return {
        T, ids, chars, unknown, attention: [], mlp: [], residual: [],
        logits: new Float32Array(0), probs: new Float32Array(0),
      };
    }
    const out = tf.tidy(() => {
      const input = tf.tensor2d(ids, [1, T], 'int32');
      const {logits, trace} = forward(this.config, this.weights, input, {
        trace: true,
      });
      const flatLogits = tf.reshape(logits, [T, -1]);
      return {
        attention: trace!.attention, // each [1, H, T, T]
        mlp: trace!.mlp,
        residual: trace!.residual,
        logits: flatLogits,
        probs: tf.softmax(flatLogits),
      };
    });
    const all = [
      ...out.attention, ...out.mlp, ...out.residual, out.logits, out.probs,
    ];
    try {
      const data = (await Promise.all(all.map((t) => t.data()))) as
        Float32Array[];
      let k = 0;
      const attention = out.attention.map(() => {
        const a = data[k++];
        return Array.from({length: nHead}, (_, h) =>
          a.slice(h * T * T, (h + 1) * T * T)
        );
      });
      const mlp = out.mlp.map(() => data[k++]);
      const residual = out.residual.map(() => data[k++]);
      const logits = data[k++];
      const probs = data[k++];
      if (attention.length !== nLayer) throw new Error('trace incomplete');
      return {T, ids, chars, unknown, attention, mlp, residual, logits, probs};
    } finally {
      tf.dispose(all);
    }
  }

  /** Frees the weight tensors. */
  dispose(): void {
    this.disposed = true;
    tf.dispose(Object.values(this.weights));
  }
}
