import * as tf from '@tensorflow/tfjs-core';
import type {ModelData} from '../model/format.js';
import {Tokenizer} from '../model/tokenizer.js';
import {backendGeneration, onLiveBackend} from './backend.js';
import {Decoder, type BatchPrefill} from './decoder.js';
import {
  foldSteps,
  foldWeights,
  type FoldedWeights,
} from './folded-weights.js';
import {nextTask, taskSlicer} from './next-task.js';
import {simdTracedForward} from './simd-forward.js';
import {SimdKernels} from './simd-kernels.js';
import {runSliced} from './steps.js';
import type {ForwardTrace} from './trace.js';
import {
  readTrace,
  tracedForward,
  warmUp,
  type TraceArrays,
  type TracedForwardOptions,
} from './traced-forward.js';
import {
  disposeWeights,
  uploadSteps,
  uploadWeights,
  type WeightTensors,
} from './weight-tensors.js';

/** Weights folded and uploaded by {@link Inference.create}. */
interface PreparedWeights {
  folded: FoldedWeights;
  weights: WeightTensors;
  /** The backend generation they were uploaded under. */
  generation: number;
}

/**
 * What create() hands to the constructor it calls, taken at once. Not a
 * constructor parameter: that would put tfjs's types into the public
 * .d.ts files, and an app's type check would then need tfjs's.
 */
let handOver: PreparedWeights | undefined;

/**
 * Runs the model in the browser and returns full traces. Holds the
 * weights (LayerNorms folded in, see folded-weights.ts) as tfjs tensors
 * on the active backend; traced-forward.ts is the forward pass. If that
 * backend is lost (a WebGL context loss), calls in flight are run again
 * on the next one, with the weights uploaded there.
 */
export class Inference {
  readonly tokenizer: Tokenizer;
  private readonly folded: FoldedWeights;
  private weights: WeightTensors;
  /** The backend generation the weights were uploaded under. */
  private uploadedFor = backendGeneration();
  private disposed = false;
  private simd?: Promise<SimdKernels | null>;

  /**
   * Folds and uploads the weights at once, in one task of tens of ms on
   * a 2-core machine. A page should use {@link Inference.create}, which
   * does the same in pieces.
   */
  constructor(readonly model: ModelData) {
    this.tokenizer = new Tokenizer(model.vocab);
    const prepared = handOver;
    handOver = undefined;
    if (prepared) {
      this.folded = prepared.folded;
      this.weights = prepared.weights;
      this.uploadedFor = prepared.generation;
    } else {
      this.folded = foldWeights(model);
      this.weights = uploadWeights(this.folded);
    }
  }

  /**
   * An Inference made in pieces of a few milliseconds, with `pause`
   * awaited between them (by default the page gets its turn every ~8
   * ms), so that making it is no long task. The same weights as the
   * constructor's, bit for bit.
   */
  static async create(
    model: ModelData,
    pause: () => Promise<void> = taskSlicer()
  ): Promise<Inference> {
    const folded = await runSliced(foldSteps(model), pause);
    const prepared = await onLiveBackend(async (generation) => {
      // A backend lost between two layers took the first ones with it:
      // stop there (the steps free what they made) and start again.
      const changed = () => backendGeneration() !== generation;
      const weights = await runSliced(uploadSteps(folded), async () => {
        await pause();
        if (changed()) throw new Error('The backend changed.');
      });
      if (changed()) {
        disposeWeights(weights);
        throw new Error('The backend changed.');
      }
      return {folded, weights, generation};
    });
    handOver = prepared;
    try {
      return new Inference(model);
    } catch (e) {
      disposeWeights(prepared.weights);
      throw e;
    } finally {
      handOver = undefined;
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

  /**
   * The logits for the character that follows `text` [V]: the last
   * position only and no trace, so a sampler can step quickly. Like
   * traceText, only the last `blockSize` characters are read; `text` must
   * not be empty. (A {@link decoder} is faster still when generating.)
   */
  async lastLogits(text: string): Promise<Float32Array> {
    this.checkAlive();
    const ids = this.tokenizer.encode(text).slice(-this.config.blockSize);
    if (ids.length === 0) {
      throw new Error('lastLogits needs at least one character of text.');
    }
    return (await this.forward(ids, {lastOnly: true})).logits;
  }

  /**
   * Prepares the backend's kernels for these weights in small pieces,
   * each in its own task, so that the first trace is not one long task
   * (see warmUp in traced-forward.ts). Optional: traces work without it.
   */
  async warmUp(): Promise<void> {
    await onLiveBackend(async (generation) => {
      this.checkAlive();
      if (generation !== this.uploadedFor) this.reupload(generation);
      const pause = this.pauseFor(generation);
      const simd = await this.simdKernels();
      await warmUp(this.weights, pause, Boolean(simd));
      // The SIMD pass, once, so that its path is compiled too.
      if (simd) await simdTracedForward(this.weights, simd, [0], {}, pause);
    });
  }

  /**
   * Traces token ids (at most blockSize of them). Each layer of the pass
   * runs in a task of its own, and the trace is handed over in the next
   * one, so neither the pass nor a caller that draws it right away makes
   * a long task.
   */
  async trace(
    ids: number[],
    chars = ids.map((i) => this.model.vocab[i]),
    unknown = ids.map(() => false)
  ): Promise<ForwardTrace> {
    this.checkAlive();
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
    const out = await this.forward(ids);
    const {attention, mlp, residual, logits, probs} = out;
    if (attention.length !== nLayer || attention[0].length !== nHead) {
      throw new Error('trace incomplete');
    }
    return {T, ids, chars, unknown, attention, mlp, residual, logits, probs};
  }

  /**
   * A new incremental decoder for generating text (see decoder.ts): it
   * steps in plain TypeScript and fills its cache with this tfjs engine.
   * It holds no tensors; drop it when done. It reads this model only:
   * after reloadModel(), make a new one from the new model.
   */
  decoder(options: {keep?: number} = {}): Decoder {
    this.checkAlive();
    return new Decoder(this.folded, {...options, prefill: this.prefill});
  }

  private readonly prefill: BatchPrefill = async (ids) => {
    this.checkAlive();
    const out = await this.forward(ids, {lastOnly: true, cache: true});
    return {
      keys: out.keys!,
      values: out.values!,
      last: {
        attention: out.attention, // the last query's row of each head
        mlp: out.mlp,
        residual: out.residual,
        logits: out.logits,
        probs: out.probs,
      },
    };
  };

  /**
   * The traced forward pass, read back, on whichever backend runs: one
   * layer per task, and the result handed over in a task of its own.
   */
  private async forward(
    ids: readonly number[],
    opts?: TracedForwardOptions
  ): Promise<TraceArrays> {
    const out = await onLiveBackend(async (generation) => {
      this.checkAlive();
      if (generation !== this.uploadedFor) this.reupload(generation);
      const pause = this.pauseFor(generation);
      const simd = await this.simdKernels();
      return simd
        ? simdTracedForward(this.weights, simd, ids, opts, pause)
        : readTrace(await tracedForward(this.weights, ids, opts, pause));
    });
    await nextTask(); // whatever the caller does next, in a task of its own
    return out;
  }

  /**
   * Between the layers of a pass: the page runs, then the pass goes on
   * if these weights and this backend are still there.
   */
  private pauseFor(generation: number): () => Promise<void> {
    return async () => {
      await nextTask();
      this.checkAlive();
      if (backendGeneration() !== generation) {
        throw new Error('The backend changed during a pass.');
      }
    };
  }

  /**
   * Peek's wasm SIMD kernels for this model (see simd-forward.ts), made
   * on first use, when they pay: on tfjs's wasm backend, whose tensors
   * read back without waiting. On WebGL a read-back per layer would
   * stall the GPU, so the pass stays in tfjs ops there; a page that
   * refuses WebAssembly runs tfjs on cpu, and these could not load.
   */
  private simdKernels(): Promise<SimdKernels | null> {
    if (tf.getBackend() !== 'wasm') return Promise.resolve(null);
    this.simd ??= SimdKernels.create(this.folded);
    return this.simd;
  }

  /** The backend changed and its tensors went with it: upload anew. */
  private reupload(generation: number): void {
    try {
      disposeWeights(this.weights);
    } catch {
      // They lived on the lost backend; nothing more to free.
    }
    this.weights = uploadWeights(this.folded);
    this.uploadedFor = generation;
  }

  private checkAlive(): void {
    if (this.disposed) throw new Error('Inference used after dispose().');
  }

  /** Frees the weight tensors. */
  dispose(): void {
    this.disposed = true;
    disposeWeights(this.weights);
  }
}
