import type {GPTConfig} from '../model/config.js';
import type {FoldedWeights} from './folded-weights.js';
import {
  decodeStep,
  KVCache,
  StepScratch,
  stepWeights,
  type PositionTrace,
  type StepWeights,
} from './decode-step.js';

/**
 * Generates one character at a time without re-reading the whole context:
 * a key/value cache holds every earlier position's keys and values, so a
 * step costs one position's work instead of a full forward pass.
 *
 * Engine choice, measured by `npm run bench` in Node on the wasm
 * backend (idle 2-core box), generating with a full trace every
 * character:
 *
 *   tfjs incremental (T = 1 ops, cache as tensors)       345 chars/s
 *   tfjs full recompute of the 128-character window       79 chars/s
 *   plain TypeScript step + tfjs prefill (this class)  1,097 chars/s
 *   (naive baseline: model/reference.ts, full window)   4.6 chars/s)
 *
 * A TypeScript step takes ~0.8 ms; a prefill of 64 tokens takes 7-13 ms
 * in tfjs against ~50 ms as 64 TypeScript steps.
 *
 * At T = 1 tfjs spends its time on per-op overhead (~200 ops a traced
 * step), so single-position steps run in plain TypeScript. Filling the
 * cache from many characters at once (the prompt, and each slide of the
 * window) is a batch job where tfjs's matrix kernels win by 3-5x, so an
 * Inference supplies a tfjs prefill (see Inference.decoder()); without
 * one the decoder fills the cache step by step.
 *
 * Window policy. Positions are learned absolute embeddings, so once the
 * window holds blockSize tokens the cache cannot shift by one: every key
 * would need its position re-embedded. Instead, when a new token would
 * overflow, the window restarts from the last `keep` tokens (blockSize / 2
 * by default), which are re-read in one prefill. Every step therefore
 * equals a full forward pass over exactly the tokens
 * [windowStart, position] that it reports, which tests check.
 */
export class Decoder {
  readonly config: GPTConfig;
  /** Tokens kept when the window is full and restarts. */
  readonly keep: number;
  private readonly weights: StepWeights;
  private readonly cache: KVCache;
  private readonly scratch: StepScratch;
  private readonly batchPrefill: BatchPrefill | undefined;
  private ids: number[] = [];
  private start = 0;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(folded: FoldedWeights, options: DecoderOptions = {}) {
    this.config = folded.config;
    const N = this.config.blockSize;
    const keep = options.keep ?? Math.floor(N / 2);
    if (!(Number.isInteger(keep) && keep >= 1 && keep < N)) {
      throw new Error(
        `Decoder keep must be an integer from 1 to ${N - 1}, got ${keep}.`
      );
    }
    this.keep = keep;
    this.weights = sharedStepWeights(folded);
    this.cache = new KVCache(this.config);
    this.scratch = new StepScratch(this.config);
    this.batchPrefill = options.prefill;
  }

  /** Tokens read so far, in total (the next position's stream index). */
  get length(): number {
    return this.start + this.ids.length;
  }

  /** Stream index of the first token in the window. */
  get windowStart(): number {
    return this.start;
  }

  /** The token ids in the window, oldest first. */
  get window(): readonly number[] {
    return this.ids;
  }

  /**
   * Forgets everything and reads ids (at least one). Only the last
   * blockSize are kept, as a full trace would keep them. Resolves to the
   * trace of the last position, whose logits predict the next token.
   */
  prefill(ids: readonly number[]): Promise<StepTrace> {
    return this.enqueue(() => {
      if (ids.length === 0) {
        throw new Error(
          'Decoder.prefill needs at least one token: the model predicts ' +
            'from a context, so start from a character such as "\\n".'
        );
      }
      const skip = Math.max(0, ids.length - this.config.blockSize);
      return this.fill(ids.slice(skip), skip);
    });
  }

  /**
   * Reads one more token and resolves to its position's trace. When the
   * window is full it first restarts from the last `keep` tokens.
   */
  next(id: number): Promise<StepTrace> {
    return this.enqueue(async () => {
      if (this.ids.length === 0) {
        throw new Error('Decoder.next before prefill.');
      }
      if (this.ids.length < this.config.blockSize) {
        const t = this.ids.length;
        const trace = decodeStep(this.weights, this.cache, this.scratch, id, t);
        this.ids.push(id);
        return this.stamp(trace);
      }
      const window = [...this.ids.slice(-(this.keep - 1)), id];
      return this.fill(window, this.length + 1 - window.length);
    });
  }

  /**
   * Keeps the window's first `length` tokens and forgets the rest, as if
   * only those had been read since the window started: their keys and
   * values stay cached. For going back (a sampler's step back, say).
   */
  truncate(length: number): Promise<void> {
    return this.enqueue(async () => {
      if (!(Number.isInteger(length) && length >= 1)) {
        throw new Error(
          `Decoder.truncate needs a length of at least 1, got ${length}.`
        );
      }
      if (length < this.ids.length) this.ids = this.ids.slice(0, length);
    });
  }

  /** Runs calls one after another, so a slow prefill keeps its order. */
  private enqueue<T>(job: () => Promise<T>): Promise<T> {
    const result = this.queue.then(job);
    this.queue = result.catch(() => undefined);
    return result;
  }

  private async fill(ids: number[], start: number): Promise<StepTrace> {
    this.ids = [];
    this.start = start;
    let last: PositionTrace | undefined;
    if (this.batchPrefill) {
      const r = await this.batchPrefill(ids);
      const C = this.config.nEmbd;
      for (let l = 0; l < this.config.nLayer; l++) {
        for (let t = 0; t < ids.length; t++) {
          this.cache.put(this.cache.keys[l], t, r.keys[l], t * C);
          this.cache.put(this.cache.values[l], t, r.values[l], t * C);
        }
      }
      last = r.last;
    } else {
      ids.forEach((id, t) => {
        last = decodeStep(this.weights, this.cache, this.scratch, id, t);
      });
    }
    this.ids = ids;
    return this.stamp(last!);
  }

  private stamp(trace: PositionTrace): StepTrace {
    return {...trace, position: this.length - 1, windowStart: this.start};
  }
}

/** A step's trace, placed in the token stream. */
export interface StepTrace extends PositionTrace {
  /** Stream index of this position (0 = the first token prefilled). */
  position: number;
  /** Stream index of the window's first token: this trace equals a full
   * forward pass over tokens windowStart..position. Attention rows have
   * position - windowStart + 1 entries. */
  windowStart: number;
}

/** Options of {@link Decoder}. */
export interface DecoderOptions {
  /** Tokens kept when the window restarts; blockSize / 2 by default. */
  keep?: number;
  /** A batched engine to fill the cache with (Inference provides a tfjs
   * one); without it the decoder fills the cache one step at a time. */
  prefill?: BatchPrefill;
}

/** Reads ids in one batch: their keys and values and the last trace. */
export type BatchPrefill = (ids: readonly number[]) => Promise<{
  /** Per layer: keys [T * C], heads side by side. */
  keys: Float32Array[];
  /** Per layer: values [T * C]. */
  values: Float32Array[];
  /** The trace of the last position. */
  last: PositionTrace;
}>;

const stepWeightCache = new WeakMap<FoldedWeights, StepWeights>();

/** Decoders of one model share their transposed weights (~3 MB). */
function sharedStepWeights(folded: FoldedWeights): StepWeights {
  let w = stepWeightCache.get(folded);
  if (!w) {
    w = stepWeights(folded);
    stepWeightCache.set(folded, w);
  }
  return w;
}
