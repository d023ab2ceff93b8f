import type {Rng} from '../model/rng.js';

/** How the next character is chosen from the model's logits. */
export interface SamplingSettings {
  /** Divides the logits; 0 (or below 1e-6) means greedy. */
  temperature: number;
  /** Keep only the k most likely characters; 0 or >= vocab = no limit. */
  topK: number;
  /** Keep the smallest set whose mass reaches p; 1 = no limit. */
  topP: number;
}

export const DEFAULT_SAMPLING: SamplingSettings = {
  temperature: 1,
  topK: 0,
  topP: 1,
};

/** Temperatures below this are treated as 0 (greedy). */
export const GREEDY_BELOW = 1e-6;

/** Mass within this of top-p counts as reaching it (float32 rounding). */
const P_ROUNDING = 1e-6;

/** One generation step, with every intermediate the sampler shows. */
export interface SampleStep {
  /** softmax(logits): the model's own distribution. */
  probs: Float32Array;
  /** After temperature. */
  tempered: Float32Array;
  /** After top-k and top-p, renormalised (zeros where cut). */
  filtered: Float32Array;
  /** Token ids by `filtered` probability, most likely first (ties by id). */
  order: number[];
  /** The uniform draw in [0, 1) that picked the token (0 when greedy). */
  draw: number;
  /** The chosen token id. */
  chosen: number;
  /** Whether the choice was greedy (no randomness involved). */
  greedy: boolean;
}

/** softmax(logits / temperature); greedy puts all mass on the argmax. */
export function softmaxWithTemperature(
  logits: ArrayLike<number>,
  temperature = 1
): Float32Array {
  const n = logits.length;
  const out = new Float32Array(n);
  if (n === 0) return out;
  if (!(temperature >= GREEDY_BELOW)) {
    out[argmax(logits)] = 1;
    return out;
  }
  let max = -Infinity;
  for (let i = 0; i < n; i++) max = Math.max(max, logits[i]);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    out[i] = Math.exp((logits[i] - max) / temperature);
    sum += out[i];
  }
  for (let i = 0; i < n; i++) out[i] /= sum;
  return out;
}

/** Index of the largest value; the lowest index wins ties. */
export function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) {
    if (values[i] > values[best]) best = i;
  }
  return best;
}

/** Ids sorted by probability, most likely first, ties by id. */
export function rank(probs: ArrayLike<number>): number[] {
  return Array.from({length: probs.length}, (_, i) => i).sort(
    (a, b) => probs[b] - probs[a] || a - b
  );
}

/**
 * Applies top-k then top-p to a distribution and renormalises.
 * top-k: k <= 0 or k >= n keeps everything, k = 1 keeps the argmax.
 * top-p: keeps the smallest prefix of the ranking whose mass reaches p,
 * including the character that crosses p; p <= 0 keeps the top one,
 * p >= 1 keeps everything. Top-p measures mass within what top-k kept,
 * renormalised, as Hugging Face transformers and llama.cpp do: with
 * top-k 2 and top-p 0.6, a 0.5/0.3 pair becomes 0.625/0.375 and the first
 * character alone reaches p.
 */
export function filterTopKTopP(
  probs: Float32Array,
  topK: number,
  topP: number
): Float32Array {
  const n = probs.length;
  const order = rank(probs);
  let keep = n;
  if (topK > 0 && topK < n) keep = Math.floor(topK);
  let keptMass = 0;
  for (let i = 0; i < keep; i++) keptMass += probs[order[i]];
  if (topP < 1) {
    // mass / keptMass >= p, without dividing. Float32 probabilities do
    // not sum to exactly 1, so a set whose mass is exactly p could fall
    // short of it by rounding and keep one character more.
    const target = (topP - P_ROUNDING) * keptMass;
    let mass = 0;
    let count = 0;
    while (count < keep) {
      mass += probs[order[count]];
      count++;
      if (mass >= target) break;
    }
    keep = Math.max(1, count);
  }
  const out = new Float32Array(n);
  let sum = 0;
  for (let i = 0; i < keep; i++) sum += probs[order[i]];
  for (let i = 0; i < keep; i++) out[order[i]] = probs[order[i]] / sum;
  return out;
}

/**
 * Chooses the next token: temperature, then top-k and top-p, then one
 * uniform draw laid on the cumulative distribution in ranked order.
 * The same settings, logits and generator state always give the same
 * step.
 */
export function sampleNext(
  logits: ArrayLike<number>,
  settings: SamplingSettings,
  rng: Rng
): SampleStep {
  const probs = softmaxWithTemperature(logits, 1);
  const greedy = !(settings.temperature >= GREEDY_BELOW);
  const tempered = softmaxWithTemperature(logits, settings.temperature);
  const filtered = filterTopKTopP(tempered, settings.topK, settings.topP);
  const order = rank(filtered);
  if (greedy) {
    return {probs, tempered, filtered, order, draw: 0, chosen: order[0], greedy};
  }
  const draw = rng.next();
  let cumulative = 0;
  let chosen = order[0];
  for (const id of order) {
    if (filtered[id] === 0) break;
    chosen = id;
    cumulative += filtered[id];
    if (draw < cumulative) break;
  }
  return {probs, tempered, filtered, order, draw, chosen, greedy};
}
