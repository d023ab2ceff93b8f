import {headSize, type GPTConfig} from '../model/config.js';
import {transpose, type FoldedWeights} from './folded-weights.js';

/**
 * One position of the transformer in plain TypeScript, reading keys and
 * values of earlier positions from a cache: the decoder's inner loop.
 *
 * Why not tfjs: at T = 1 every tensor op costs its fixed overhead
 * (~10-20 us on wasm) for a few hundred multiply-adds, and a traced step
 * is ~200 ops; these loops do the step's ~0.9 M multiply-adds in about a
 * millisecond. Sums are accumulated in float64 (JS numbers).
 */

/** Weights laid out for matrix-vector products. */
export interface StepWeights {
  config: GPTConfig;
  wte: Float32Array;
  wpe: Float32Array;
  layers: {
    /** [3C, C]: row o holds output o's weights (dot-product form). */
    qkvT: Float32Array;
    qkvBias: Float32Array;
    woT: Float32Array; // [C, C]
    bo: Float32Array;
    w1T: Float32Array; // [M, C]
    b1: Float32Array;
    /** [M, C] as stored: rows of inactive ReLU units are skipped. */
    w2: Float32Array;
    b2: Float32Array;
  }[];
  headT: Float32Array; // [V, C]
  headBias: Float32Array;
}

/** Lays folded weights out for {@link decodeStep}. */
export function stepWeights(f: FoldedWeights): StepWeights {
  const {nEmbd: C, mlpHidden: M, vocabSize: V} = f.config;
  return {
    config: f.config,
    wte: f.wte,
    wpe: f.wpe,
    layers: f.layers.map((l) => ({
      qkvT: transpose(l.qkv, C, 3 * C),
      qkvBias: l.qkvBias,
      woT: transpose(l.wo, C, C),
      bo: l.bo,
      w1T: transpose(l.w1, C, M),
      b1: l.b1,
      w2: l.w2,
      b2: l.b2,
    })),
    headT: transpose(f.head, C, V),
    headBias: f.headBias,
  };
}

/**
 * Keys and values of up to blockSize positions, per layer, laid out
 * [head][position][D] so that one head's scan is contiguous.
 */
export class KVCache {
  readonly keys: Float32Array[];
  readonly values: Float32Array[];

  constructor(readonly config: GPTConfig) {
    const size = config.nEmbd * config.blockSize;
    const layers = () =>
      Array.from({length: config.nLayer}, () => new Float32Array(size));
    this.keys = layers();
    this.values = layers();
  }

  /** Stores row t of a layer's keys or values given as [C] (heads side by
   * side, as the qkv product leaves them). */
  put(into: Float32Array, t: number, row: ArrayLike<number>, at = 0): void {
    const {nHead: H, blockSize: N} = this.config;
    const D = headSize(this.config);
    for (let h = 0; h < H; h++) {
      const base = (h * N + t) * D;
      for (let d = 0; d < D; d++) into[base + d] = row[at + h * D + d];
    }
  }
}

/** What one position computes: the trace the elements draw. */
export interface PositionTrace {
  /** [layer][head]: this position's attention over positions 0..t. */
  attention: Float32Array[][];
  /** [layer]: ReLU MLP activations [M]. */
  mlp: Float32Array[];
  /** nLayer + 1 residual vectors [C]: entering each block, then leaving
   * the last. */
  residual: Float32Array[];
  /** Next-token logits [V] and their softmax. */
  logits: Float32Array;
  probs: Float32Array;
}

/** Scratch buffers reused across steps, so a step allocates only its
 * trace. */
export class StepScratch {
  readonly x: Float32Array;
  readonly a: Float32Array;
  readonly qkv: Float32Array;
  readonly y: Float32Array;
  readonly o: Float32Array;
  readonly scores: Float64Array;
  readonly acc: Float64Array;

  constructor(config: GPTConfig) {
    const {nEmbd: C, blockSize: N} = config;
    this.x = new Float32Array(C);
    this.a = new Float32Array(C);
    this.qkv = new Float32Array(3 * C);
    this.y = new Float32Array(C);
    this.o = new Float32Array(C);
    this.scores = new Float64Array(N);
    this.acc = new Float64Array(C);
  }
}

/**
 * Runs token `id` at window position t (0-based), appending its keys and
 * values to the cache (positions 0..t-1 must be there already).
 */
export function decodeStep(
  w: StepWeights,
  cache: KVCache,
  s: StepScratch,
  id: number,
  t: number
): PositionTrace {
  const {config} = w;
  const {nEmbd: C, nHead: H, mlpHidden: M, vocabSize: V} = config;
  const {blockSize: N, lnEps: eps} = config;
  const D = headSize(config);
  if (!(Number.isInteger(id) && id >= 0 && id < V)) {
    throw new Error(`Token id ${id} is outside 0..${V - 1}.`);
  }
  if (!(t >= 0 && t < N)) {
    throw new Error(`Position ${t} is outside 0..${N - 1}.`);
  }
  const {x, a, qkv, y, o, scores, acc} = s;
  for (let c = 0; c < C; c++) x[c] = w.wte[id * C + c] + w.wpe[t * C + c];

  const trace: PositionTrace = {
    attention: [],
    mlp: [],
    residual: [],
    logits: new Float32Array(V),
    probs: new Float32Array(V),
  };
  for (let l = 0; l < config.nLayer; l++) {
    const L = w.layers[l];
    trace.residual.push(x.slice());

    normalize(x, a, eps);
    matVec(L.qkvT, a, L.qkvBias, qkv, C, 3 * C); // q (scaled) | k | v
    const K = cache.keys[l];
    const Vc = cache.values[l];
    cache.put(K, t, qkv, C);
    cache.put(Vc, t, qkv, 2 * C);
    const heads: Float32Array[] = [];
    for (let h = 0; h < H; h++) {
      const base = h * N * D;
      let max = -Infinity;
      for (let j = 0; j <= t; j++) {
        let dot = 0;
        const kj = base + j * D;
        for (let d = 0; d < D; d++) dot += qkv[h * D + d] * K[kj + d];
        scores[j] = dot;
        if (dot > max) max = dot;
      }
      let sum = 0;
      for (let j = 0; j <= t; j++) {
        scores[j] = Math.exp(scores[j] - max);
        sum += scores[j];
      }
      const p = new Float32Array(t + 1);
      for (let j = 0; j <= t; j++) p[j] = scores[j] / sum;
      heads.push(p);
      for (let d = 0; d < D; d++) {
        let mix = 0;
        for (let j = 0; j <= t; j++) mix += scores[j] * Vc[base + j * D + d];
        y[h * D + d] = mix / sum;
      }
    }
    trace.attention.push(heads);
    matVec(L.woT, y, L.bo, o, C, C);
    for (let c = 0; c < C; c++) x[c] += o[c];

    normalize(x, a, eps);
    const hidden = new Float32Array(M);
    matVec(L.w1T, a, L.b1, hidden, C, M);
    for (let i = 0; i < M; i++) if (hidden[i] < 0) hidden[i] = 0;
    trace.mlp.push(hidden);
    sparseVecMat(hidden, L.w2, L.b2, o, acc);
    for (let c = 0; c < C; c++) x[c] += o[c];
  }
  trace.residual.push(x.slice());

  normalize(x, a, eps);
  matVec(w.headT, a, w.headBias, trace.logits, C, V);
  softmaxInto(trace.logits, trace.probs);
  return trace;
}

/**
 * out = Wt x + b with Wt stored [Out, In]. Four outputs at a time share
 * each load of x; V8 does not vectorise, so this is what keeps the
 * multiply-adds near one per nanosecond.
 */
export function matVec(
  Wt: Float32Array,
  x: Float32Array,
  b: Float32Array,
  out: Float32Array,
  In: number,
  Out: number
): void {
  let o = 0;
  for (; o + 4 <= Out; o += 4) {
    const p0 = o * In;
    const p1 = p0 + In;
    const p2 = p1 + In;
    const p3 = p2 + In;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    for (let i = 0; i < In; i++) {
      const xi = x[i];
      s0 += xi * Wt[p0 + i];
      s1 += xi * Wt[p1 + i];
      s2 += xi * Wt[p2 + i];
      s3 += xi * Wt[p3 + i];
    }
    out[o] = s0 + b[o];
    out[o + 1] = s1 + b[o + 1];
    out[o + 2] = s2 + b[o + 2];
    out[o + 3] = s3 + b[o + 3];
  }
  for (; o < Out; o++) {
    let s = 0;
    for (let i = 0; i < In; i++) s += x[i] * Wt[o * In + i];
    out[o] = s + b[o];
  }
}

/**
 * out = x W + b with W stored [In, Out], skipping the rows where x is 0:
 * after a ReLU most of them are (60-80% in the default model).
 */
export function sparseVecMat(
  x: Float32Array,
  W: Float32Array,
  b: Float32Array,
  out: Float32Array,
  acc: Float64Array = new Float64Array(out.length)
): void {
  const In = x.length;
  const Out = out.length;
  acc.fill(0, 0, Out);
  for (let i = 0; i < In; i++) {
    const xi = x[i];
    if (xi === 0) continue;
    const base = i * Out;
    for (let o = 0; o < Out; o++) acc[o] += xi * W[base + o];
  }
  for (let o = 0; o < Out; o++) out[o] = acc[o] + b[o];
}

/** LayerNorm without gain and bias (folded into the next map). */
export function normalize(
  x: Float32Array,
  out: Float32Array,
  eps: number
): void {
  const n = x.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += x[i];
  mean /= n;
  let variance = 0;
  for (let i = 0; i < n; i++) variance += (x[i] - mean) ** 2;
  const inv = 1 / Math.sqrt(variance / n + eps);
  for (let i = 0; i < n; i++) out[i] = (x[i] - mean) * inv;
}

/** softmax of a row, shifted by its maximum. */
export function softmaxInto(x: Float32Array, out: Float32Array): void {
  let max = -Infinity;
  for (let i = 0; i < x.length; i++) if (x[i] > max) max = x[i];
  let sum = 0;
  for (let i = 0; i < x.length; i++) {
    out[i] = Math.exp(x[i] - max);
    sum += out[i];
  }
  for (let i = 0; i < x.length; i++) out[i] /= sum;
}
