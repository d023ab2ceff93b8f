import type {GPTConfig} from './config.js';

/** Name and shape of one weight tensor. */
export interface ParamSpec {
  name: string;
  shape: number[];
}

/**
 * Every weight of the model, in a fixed order. Linear maps are stored
 * [in, out] so that y = x W needs no transpose. The query/key/value map has
 * no bias; every other linear map has one.
 */
export function paramSpecs(config: GPTConfig): ParamSpec[] {
  const {vocabSize: V, nEmbd: C, blockSize: T, mlpHidden: M} = config;
  const specs: ParamSpec[] = [
    {name: 'wte', shape: [V, C]},
    {name: 'wpe', shape: [T, C]},
  ];
  for (let l = 0; l < config.nLayer; l++) {
    const p = `h.${l}.`;
    specs.push(
      {name: p + 'ln1.g', shape: [C]},
      {name: p + 'ln1.b', shape: [C]},
      {name: p + 'attn.wqkv', shape: [C, 3 * C]},
      {name: p + 'attn.wo', shape: [C, C]},
      {name: p + 'attn.bo', shape: [C]},
      {name: p + 'ln2.g', shape: [C]},
      {name: p + 'ln2.b', shape: [C]},
      {name: p + 'mlp.w1', shape: [C, M]},
      {name: p + 'mlp.b1', shape: [M]},
      {name: p + 'mlp.w2', shape: [M, C]},
      {name: p + 'mlp.b2', shape: [C]}
    );
  }
  specs.push(
    {name: 'lnf.g', shape: [C]},
    {name: 'lnf.b', shape: [C]},
    {name: 'head.w', shape: [C, V]},
    {name: 'head.b', shape: [V]}
  );
  return specs;
}

/** Number of elements in a tensor of this shape. */
export function sizeOf(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** Total number of trainable parameters. */
export function paramCount(config: GPTConfig): number {
  return paramSpecs(config).reduce((n, s) => n + sizeOf(s.shape), 0);
}

/** Plain arrays of weights, keyed by the names of {@link paramSpecs}. */
export type WeightMap = Map<string, Float32Array>;
