/**
 * The shape of a Peek model. One object describes everything the weights,
 * the tfjs engine, the reference engine and the trainer need to agree on.
 */
export interface GPTConfig {
  /** Number of distinct characters; equals the vocabulary's length. */
  vocabSize: number;
  /** Width of the residual stream (C). */
  nEmbd: number;
  /** Number of transformer blocks. */
  nLayer: number;
  /** Attention heads per block; head size is nEmbd / nHead. */
  nHead: number;
  /** Longest context the position table covers (T max). */
  blockSize: number;
  /** Width of each block's ReLU MLP hidden layer. */
  mlpHidden: number;
  /** Epsilon inside every LayerNorm. */
  lnEps: number;
}

/** The configuration of Peek's default tiny-shakespeare model. */
export const DEFAULT_CONFIG: GPTConfig = {
  vocabSize: 65, // distinct characters of tiny-shakespeare
  nEmbd: 128, // residual stream width
  nLayer: 4, // transformer blocks
  nHead: 4, // heads of 32 dimensions
  blockSize: 128, // characters of context
  mlpHidden: 512, // 4 x nEmbd, ReLU
  lnEps: 1e-5, // as in PyTorch's LayerNorm
};

/** Size of one attention head. */
export function headSize(config: GPTConfig): number {
  return config.nEmbd / config.nHead;
}

/**
 * Checks that a config describes a model Peek can build, and says which
 * field is wrong otherwise.
 */
export function validateConfig(config: unknown): GPTConfig {
  if (typeof config !== 'object' || config === null) {
    throw new Error('Model config must be an object.');
  }
  const c = config as Record<string, unknown>;
  const ints = [
    'vocabSize',
    'nEmbd',
    'nLayer',
    'nHead',
    'blockSize',
    'mlpHidden',
  ] as const;
  for (const key of ints) {
    const v = c[key];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > 1e6) {
      throw new Error(
        `Model config field "${key}" must be a positive integer, ` +
          `got ${JSON.stringify(v)}.`
      );
    }
  }
  const eps = c.lnEps ?? 1e-5;
  if (typeof eps !== 'number' || !(eps > 0 && eps < 1)) {
    throw new Error(`Model config field "lnEps" must be in (0, 1).`);
  }
  if ((c.nEmbd as number) % (c.nHead as number) !== 0) {
    throw new Error(
      `Model config: nEmbd (${c.nEmbd}) must be a multiple of ` +
        `nHead (${c.nHead}).`
    );
  }
  return {
    vocabSize: c.vocabSize as number,
    nEmbd: c.nEmbd as number,
    nLayer: c.nLayer as number,
    nHead: c.nHead as number,
    blockSize: c.blockSize as number,
    mlpHidden: c.mlpHidden as number,
    lnEps: eps,
  };
}
