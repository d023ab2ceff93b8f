/**
 * Generation loops for the benchmark: each reads a prompt, then samples
 * characters one at a time, computing what the elements would draw.
 */
import type {ModelData} from '../../model/format.js';
import {referenceForward} from '../../model/reference.js';
import {Rng} from '../../model/rng.js';
import type {Inference} from '../../src/inference.js';
import {sampleNext, type SamplingSettings} from '../../src/sampling.js';
import {median} from './stats.js';
import type {TfjsStepper} from './tfjs-step.js';

const SAMPLING: SamplingSettings = {temperature: 0.8, topK: 0, topP: 1};

/**
 * Anything that turns the stream so far into next-character logits.
 * Incremental engines read the prompt in start(), then one new token
 * per step.
 */
export interface Engine {
  start?(prompt: number[]): Promise<unknown>;
  step(stream: number[]): Promise<Float32Array> | Float32Array;
}

/**
 * Characters per second: the median over `rounds` timed rounds of
 * `perRound` characters each, after one untimed round. A round should
 * span whole window restarts so their cost is counted, not dodged.
 */
export async function charsPerSecond(
  engine: Engine,
  prompt: number[],
  perRound: number,
  rounds: number
): Promise<number> {
  const rng = new Rng(42);
  const stream = [...prompt];
  await engine.start?.(stream);
  const rates: number[] = [];
  for (let r = 0; r <= rounds; r++) {
    const t0 = performance.now();
    for (let i = 0; i < perRound; i++) {
      const logits = await engine.step(stream);
      stream.push(sampleNext(logits, SAMPLING, rng).chosen);
    }
    const ms = performance.now() - t0;
    if (r > 0) rates.push((perRound * 1000) / ms);
  }
  return median(rates);
}

/** Peek's engine: the incremental decoder, full trace each step. */
export function peekEngine(inference: Inference): Engine {
  const decoder = inference.decoder();
  let pending: Float32Array | undefined;
  return {
    start: async (prompt: number[]) => {
      pending = (await decoder.prefill(prompt)).logits;
    },
    step: async (stream: number[]) => {
      // The logits for this step came with the previous token's trace.
      if (stream.length > decoder.length) {
        pending = (await decoder.next(stream[stream.length - 1])).logits;
      }
      return pending!;
    },
  };
}

/** tfjs, full recompute: the whole window traced again every step. */
export function recomputeEngine(inference: Inference): Engine {
  const V = inference.config.vocabSize;
  const N = inference.config.blockSize;
  return {
    step: async (stream) => {
      const trace = await inference.trace(stream.slice(-N));
      return trace.logits.slice((trace.T - 1) * V);
    },
  };
}

/**
 * tfjs, incremental: the same windowing as the decoder (restart from
 * the last blockSize / 2 tokens when full), built from tfjs ops.
 */
export function tfjsIncrementalEngine(
  stepper: TfjsStepper,
  N: number
): Engine {
  let read = 0; // tokens of the stream consumed
  let inWindow = 0;
  let logits: Float32Array = new Float32Array(0);
  const feed = (ids: number[]) => {
    stepper.reset();
    for (const id of ids) logits = last(stepper.step(id));
    inWindow = ids.length;
  };
  return {
    start: async (prompt: number[]) => {
      feed(prompt.slice(-N));
      read = prompt.length;
    },
    step: (stream: number[]) => {
      if (stream.length > read) {
        read = stream.length;
        if (inWindow === N) feed(stream.slice(-N / 2));
        else {
          logits = last(stepper.step(stream[stream.length - 1]));
          inWindow++;
        }
      }
      return logits;
    },
  };
}

const last = <T>(xs: T[]): T => xs[xs.length - 1];

/**
 * The naive baseline, like the original Peek's hand-written engine: the
 * plain-TypeScript reference over the whole window, every character.
 */
export function referenceEngine(model: ModelData): Engine {
  const {blockSize: N, vocabSize: V} = model.config;
  return {
    step: (stream) => {
      const window = stream.slice(-N);
      const {logits} = referenceForward(model, window);
      return logits.slice((window.length - 1) * V);
    },
  };
}
