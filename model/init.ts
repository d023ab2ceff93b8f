import type {GPTConfig} from './config.js';
import {paramSpecs, sizeOf, type WeightMap} from './params.js';
import {Rng} from './rng.js';

/**
 * Fresh weights as in GPT-2: normal(0, 0.02) matrices, with the two
 * projections that write into the residual stream scaled down by
 * sqrt(2 * nLayer); zero biases; unit LayerNorm gains.
 */
export function initWeights(config: GPTConfig, seed: number): WeightMap {
  const rng = new Rng(seed);
  const weights: WeightMap = new Map();
  const residualStd = 0.02 / Math.sqrt(2 * config.nLayer);
  for (const {name, shape} of paramSpecs(config)) {
    const data = new Float32Array(sizeOf(shape));
    if (name.endsWith('.g')) {
      data.fill(1);
    } else if (shape.length === 2) {
      const isResidualWrite =
        name.endsWith('attn.wo') || name.endsWith('mlp.w2');
      const std = isResidualWrite ? residualStd : 0.02;
      for (let i = 0; i < data.length; i++) data[i] = rng.normal() * std;
    }
    weights.set(name, data);
  }
  return weights;
}
