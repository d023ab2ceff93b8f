import type {ParamSpec} from '../params.js';

/**
 * AdamW over flat Float32Arrays, one per parameter. Weight decay is
 * decoupled and applied only to matrices (rank 2), never to biases or
 * LayerNorm gains.
 */
export class AdamW {
  readonly m: Float32Array[];
  readonly v: Float32Array[];
  t = 0;

  constructor(private readonly specs: ParamSpec[], sizes: number[]) {
    this.m = sizes.map((n) => new Float32Array(n));
    this.v = sizes.map((n) => new Float32Array(n));
  }

  step(
    params: Float32Array[],
    grads: Float32Array[],
    lr: number,
    o: {beta1: number; beta2: number; weightDecay: number; eps?: number}
  ): void {
    this.t++;
    const {beta1: b1, beta2: b2} = o;
    const eps = o.eps ?? 1e-8;
    const c1 = 1 - b1 ** this.t;
    const c2 = 1 - b2 ** this.t;
    for (let i = 0; i < params.length; i++) {
      const p = params[i];
      const g = grads[i];
      const m = this.m[i];
      const v = this.v[i];
      const decay = this.specs[i].shape.length === 2 ? lr * o.weightDecay : 0;
      for (let j = 0; j < p.length; j++) {
        m[j] = b1 * m[j] + (1 - b1) * g[j];
        v[j] = b2 * v[j] + (1 - b2) * g[j] * g[j];
        const update = m[j] / c1 / (Math.sqrt(v[j] / c2) + eps);
        p[j] -= lr * update + decay * p[j];
      }
    }
  }
}

/** Scales gradients in place to a global norm of at most maxNorm. */
export function clipGlobalNorm(grads: Float32Array[], maxNorm: number): number {
  let sum = 0;
  for (const g of grads) for (let j = 0; j < g.length; j++) sum += g[j] * g[j];
  const norm = Math.sqrt(sum);
  if (norm > maxNorm) {
    const s = maxNorm / norm;
    for (const g of grads) for (let j = 0; j < g.length; j++) g[j] *= s;
  }
  return norm;
}
