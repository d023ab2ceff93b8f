import {Rng} from '../model/rng.js';

/**
 * Exact t-SNE (van der Maaten & Hinton, 2008) for a few hundred points:
 * O(n²) per iteration, which for Peek's 65 characters or 128 positions
 * is well under a millisecond. It runs as a generator so a view can draw
 * the layout as it converges without blocking the page.
 *
 * One seed always gives the same layout: the start is drawn from the
 * seeded Rng, and everything after it is deterministic arithmetic.
 */

export interface TsneOptions {
  /** Effective number of neighbours each point keeps (2..n-1). */
  perplexity?: number;
  /** Seed of the random start. */
  seed?: number;
  /** Gradient steps in all. */
  iterations?: number;
  /** Step size; adapted per coordinate by gains. */
  learningRate?: number;
  /** Factor on P while clusters form. */
  exaggeration?: number;
  /** Steps with exaggeration and low momentum. */
  exaggerationSteps?: number;
}

/** A snapshot of the layout while it converges. */
export interface TsneFrame {
  /** Steps done so far. */
  iteration: number;
  /** Steps the run will take. */
  total: number;
  /** 2-D coordinates, row-major [n * 2]; a copy the caller may keep. */
  coords: Float64Array;
  /** Kullback-Leibler divergence of the layout (without exaggeration). */
  cost: number;
  done: boolean;
}

// As in scikit-learn's exact t-SNE (early exaggeration 12 for 250 steps,
// momentum 0.5 then 0.8, learning rate max(n / 48, 50) for small n).
const DEFAULTS: Required<TsneOptions> = {
  perplexity: 10,
  seed: 1,
  iterations: 1000,
  learningRate: 50,
  exaggeration: 12,
  exaggerationSteps: 250,
};

/**
 * Yields the layout of the n rows of `data` (row-major [n * d]) every
 * `every` steps, and once more when done.
 */
export function* tsneSteps(
  data: ArrayLike<number>,
  n: number,
  d: number,
  options: TsneOptions = {},
  every = 10
): Generator<TsneFrame, TsneFrame> {
  const o = {...DEFAULTS, ...options};
  const p = affinities(squaredDistances(data, n, d), n, o.perplexity);
  const rng = new Rng(o.seed);
  const y = Float64Array.from({length: n * 2}, () => rng.normal() * 1e-4);
  const update = new Float64Array(n * 2);
  const gains = new Float64Array(n * 2).fill(1);
  const grad = new Float64Array(n * 2);
  const num = new Float64Array(n * n);
  const frame = (iteration: number): TsneFrame => ({
    iteration,
    total: o.iterations,
    coords: y.slice(),
    cost: cost(p, y, n),
    done: iteration >= o.iterations,
  });
  for (let it = 0; it < o.iterations; it++) {
    const early = it < o.exaggerationSteps;
    gradient(p, y, n, early ? o.exaggeration : 1, num, grad);
    const momentum = early ? 0.5 : 0.8;
    for (let i = 0; i < n * 2; i++) {
      // Grow a coordinate's step while its gradient keeps its direction.
      const sameDirection = grad[i] * update[i] < 0;
      const gain = sameDirection ? gains[i] + 0.2 : gains[i] * 0.8;
      gains[i] = Math.max(0.01, gain);
      update[i] = momentum * update[i] - o.learningRate * gains[i] * grad[i];
      y[i] += update[i];
    }
    center(y, n);
    if ((it + 1) % every === 0 && it + 1 < o.iterations) yield frame(it + 1);
  }
  return frame(o.iterations);
}

/** Runs t-SNE to the end and returns the coordinates [n * 2]. */
export function tsne(
  data: ArrayLike<number>,
  n: number,
  d: number,
  options: TsneOptions = {}
): Float64Array {
  const run = tsneSteps(data, n, d, options, Number.MAX_SAFE_INTEGER);
  let r = run.next();
  while (!r.done) r = run.next();
  return r.value.coords;
}

function squaredDistances(
  data: ArrayLike<number>,
  n: number,
  d: number
): Float64Array {
  const dist = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      let s = 0;
      for (let k = 0; k < d; k++) {
        const diff = data[i * d + k] - data[j * d + k];
        s += diff * diff;
      }
      dist[i * n + j] = dist[j * n + i] = s;
    }
  }
  return dist;
}

/**
 * Symmetric joint probabilities P [n * n]: each row's Gaussian width is
 * found by bisection so that its entropy is log(perplexity).
 */
function affinities(
  dist: Float64Array,
  n: number,
  perplexity: number
): Float64Array {
  const perp = Math.min(Math.max(perplexity, 1), Math.max(1, n - 1));
  const target = Math.log(perp);
  const cond = new Float64Array(n * n);
  const row = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    // Distances relative to the nearest point: the same P, no underflow.
    let nearest = Infinity;
    for (let j = 0; j < n; j++) {
      if (j !== i) nearest = Math.min(nearest, dist[i * n + j]);
    }
    let beta = 1;
    let lo = 0;
    let hi = Infinity;
    for (let tries = 0; tries < 200; tries++) {
      let sum = 0;
      let weighted = 0;
      for (let j = 0; j < n; j++) {
        const dj = j === i ? 0 : dist[i * n + j] - nearest;
        row[j] = j === i ? 0 : Math.exp(-dj * beta);
        sum += row[j];
        weighted += dj * row[j];
      }
      const entropy = Math.log(sum) + (beta * weighted) / sum;
      if (Math.abs(entropy - target) < 1e-5) break;
      // Entropy falls as beta (the inverse width) grows.
      if (entropy > target) {
        lo = beta;
        beta = hi === Infinity ? beta * 2 : (beta + hi) / 2;
      } else {
        hi = beta;
        beta = (beta + lo) / 2;
      }
    }
    let sum = 0;
    for (let j = 0; j < n; j++) sum += row[j];
    for (let j = 0; j < n; j++) cond[i * n + j] = row[j] / sum;
  }
  const p = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      p[i * n + j] = Math.max(
        (cond[i * n + j] + cond[j * n + i]) / (2 * n),
        1e-12
      );
    }
    p[i * n + i] = 0;
  }
  return p;
}

/** dC/dy under Student-t similarities Q; fills `num` and `grad`. */
function gradient(
  p: Float64Array,
  y: Float64Array,
  n: number,
  exaggeration: number,
  num: Float64Array,
  grad: Float64Array
): void {
  let sum = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const dx = y[2 * i] - y[2 * j];
      const dy = y[2 * i + 1] - y[2 * j + 1];
      const q = 1 / (1 + dx * dx + dy * dy);
      num[i * n + j] = num[j * n + i] = q;
      sum += 2 * q;
    }
  }
  for (let i = 0; i < n; i++) {
    let gx = 0;
    let gy = 0;
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      const q = num[i * n + j];
      const m = (exaggeration * p[i * n + j] - q / sum) * q;
      gx += m * (y[2 * i] - y[2 * j]);
      gy += m * (y[2 * i + 1] - y[2 * j + 1]);
    }
    grad[2 * i] = 4 * gx;
    grad[2 * i + 1] = 4 * gy;
  }
}

/** KL(P || Q) of the current layout. */
function cost(p: Float64Array, y: Float64Array, n: number): number {
  let sum = 0;
  const q = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (i === j) continue;
      const dx = y[2 * i] - y[2 * j];
      const dy = y[2 * i + 1] - y[2 * j + 1];
      q[i * n + j] = 1 / (1 + dx * dx + dy * dy);
      sum += q[i * n + j];
    }
  }
  let kl = 0;
  for (let i = 0; i < n * n; i++) {
    if (p[i] > 0) kl += p[i] * Math.log(p[i] / Math.max(q[i] / sum, 1e-12));
  }
  return kl;
}

/** Keeps the layout centred on the origin. */
function center(y: Float64Array, n: number): void {
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += y[2 * i] / n;
    my += y[2 * i + 1] / n;
  }
  for (let i = 0; i < n; i++) {
    y[2 * i] -= mx;
    y[2 * i + 1] -= my;
  }
}
