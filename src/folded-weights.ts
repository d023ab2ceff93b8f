import {headSize, type GPTConfig} from '../model/config.js';
import type {WeightMap} from '../model/params.js';
import {runNow, type Steps} from './steps.js';

/**
 * The model's weights rearranged for inference, with the same maths.
 *
 * A LayerNorm's gain and bias feed straight into a linear map, so they
 * can be folded into it: (n * g + b) W = n (diag(g) W) + b W. The
 * attention's 1 / sqrt(D) scale folds into the query columns the same
 * way. Each LayerNorm is then a bare normalisation, which saves two
 * tensor ops per norm in tfjs and two passes over the row in the
 * single-position decoder. Folding is done in float64 and rounded once.
 *
 * The keys' bias is dropped: it adds q . b to every score of a query,
 * the same for every key, and softmax does not see a shift shared by
 * the whole row. Without it each head's keys are one bias-free product.
 */
export interface FoldedWeights {
  config: GPTConfig;
  /** Token embeddings [V, C]. */
  wte: Float32Array;
  /** Position embeddings [blockSize, C]. */
  wpe: Float32Array;
  layers: FoldedLayer[];
  /** Final norm folded into the output head: [C, V] and [V]. */
  head: Float32Array;
  headBias: Float32Array;
}

/** One block's linear maps, stored [in, out] like the originals. */
export interface FoldedLayer {
  /** ln1 and the query scale folded into wqkv: [C, 3C]. */
  qkv: Float32Array;
  /** [3C]: what ln1's bias contributes (wqkv itself has none); zero
   * for the keys (see above). */
  qkvBias: Float32Array;
  /** Attention output map [C, C] and bias [C] (unchanged). */
  wo: Float32Array;
  bo: Float32Array;
  /** ln2 folded into the MLP's first map: [C, M] and [M]. */
  w1: Float32Array;
  b1: Float32Array;
  /** MLP's second map [M, C] and bias [C] (unchanged). */
  w2: Float32Array;
  b2: Float32Array;
}

/** Folds a model's weights (see {@link FoldedWeights}). */
export function foldWeights(model: WeightSource): FoldedWeights {
  return runNow(foldSteps(model));
}

/** A model's config and weights, as ModelData has them. */
export interface WeightSource {
  config: GPTConfig;
  weights: WeightMap;
}

/**
 * {@link foldWeights} as steps (see steps.ts): a layer a step, so that a
 * page can fold between other work.
 */
export function* foldSteps(model: WeightSource): Steps<FoldedWeights> {
  const {config} = model;
  const get = (name: string): Float32Array => {
    const w = model.weights.get(name);
    if (!w) throw new Error(`Weight "${name}" is missing.`);
    return w;
  };
  const layers: FoldedLayer[] = [];
  for (let l = 0; l < config.nLayer; l++) {
    layers.push(foldLayer(config, `h.${l}.`, get));
    yield;
  }
  const head = foldNorm(
    get('lnf.g'),
    get('lnf.b'),
    get('head.w'),
    get('head.b')
  );
  return {
    config,
    wte: get('wte'),
    wpe: get('wpe'),
    layers,
    head: head.w,
    headBias: head.b,
  };
}

/** One block's weights, named `${p}...`, folded. */
function foldLayer(
  config: GPTConfig,
  p: string,
  get: (name: string) => Float32Array
): FoldedLayer {
  const {nEmbd: C} = config;
  const qScale = 1 / Math.sqrt(headSize(config));
  // Only the query columns (the first C of 3C) carry the scale.
  const scale = new Float64Array(3 * C).fill(1).fill(qScale, 0, C);
  const qkv = foldNorm(
    get(p + 'ln1.g'),
    get(p + 'ln1.b'),
    get(p + 'attn.wqkv'),
    undefined,
    scale
  );
  const mlp = foldNorm(
    get(p + 'ln2.g'),
    get(p + 'ln2.b'),
    get(p + 'mlp.w1'),
    get(p + 'mlp.b1')
  );
  qkv.b.fill(0, C, 2 * C);
  return {
    qkv: qkv.w,
    qkvBias: qkv.b,
    wo: get(p + 'attn.wo'),
    bo: get(p + 'attn.bo'),
    w1: mlp.w,
    b1: mlp.b,
    w2: get(p + 'mlp.w2'),
    b2: get(p + 'mlp.b2'),
  };
}

/**
 * W' = diag(g) W s and b' = (b W + bias) s for W stored [In, Out], where
 * s is a per-output-column scale (1 when absent).
 */
function foldNorm(
  g: Float32Array,
  b: Float32Array,
  W: Float32Array,
  bias?: Float32Array,
  scale?: Float64Array
): {w: Float32Array; b: Float32Array} {
  const In = g.length;
  const Out = W.length / In;
  const s = scale ?? new Float64Array(Out).fill(1);
  const w = new Float32Array(W.length);
  const acc = new Float64Array(Out);
  if (bias) acc.set(bias);
  for (let i = 0; i < In; i++) {
    const gi = g[i];
    const bi = b[i];
    const row = i * Out;
    for (let o = 0; o < Out; o++) {
      const wio = W[row + o];
      w[row + o] = gi * wio * s[o];
      acc[o] += bi * wio;
    }
  }
  const out = new Float32Array(Out);
  for (let o = 0; o < Out; o++) out[o] = acc[o] * s[o];
  return {w, b: out};
}

/** [In, Out] row-major to [Out, In]: each output's weights contiguous. */
export function transpose(
  W: Float32Array,
  In: number,
  Out: number
): Float32Array {
  const t = new Float32Array(W.length);
  for (let i = 0; i < In; i++) {
    for (let o = 0; o < Out; o++) t[o * In + i] = W[i * Out + o];
  }
  return t;
}
