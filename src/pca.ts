import {symmetricEigen} from './eigen.js';

/**
 * Principal component analysis of a small point set, deterministic to the
 * bit: the same matrix always gives the same axes, signs included, so two
 * views (or a test) of one model agree.
 */

/** A fitted PCA: the space, and the input points placed in it. */
export interface Pca {
  /** Dimensions of the input space (d). */
  dims: number;
  /** Mean of the input rows [d]; subtracted before projecting. */
  mean: Float64Array;
  /** k unit principal axes, each [d], by decreasing variance. */
  components: Float64Array[];
  /** Variance along each axis (covariance eigenvalue, 1/(n-1)). */
  variance: number[];
  /** Share of the total variance each axis explains, in [0, 1]. */
  explained: number[];
  /** The input rows in the new axes, row-major [n * k]. */
  coords: Float64Array;
}

/**
 * Fits a PCA to the n rows of `data` (row-major [n * d]) and projects
 * them on the top k axes. Each axis's sign is fixed so that its entry of
 * largest magnitude is positive (the first such entry on a tie).
 */
export function pca(
  data: ArrayLike<number>,
  n: number,
  d: number,
  k = 2
): Pca {
  if (data.length < n * d) {
    throw new Error(`pca: expected ${n * d} values, got ${data.length}.`);
  }
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) mean[j] += data[i * d + j] / n;
  }
  const cov = covariance(data, mean, n, d);
  const eigen = symmetricEigen(cov, d);
  let total = 0;
  for (let j = 0; j < d; j++) total += cov[j * d + j];
  const kk = Math.min(k, d);
  const components = eigen.vectors.slice(0, kk).map(fixSign);
  // Round-off can leave a zero eigenvalue slightly negative.
  const variance = Array.from(eigen.values.slice(0, kk), (v) =>
    Math.max(0, v)
  );
  const fit = {dims: d, mean, components};
  const coords = new Float64Array(n * kk);
  for (let i = 0; i < n; i++) {
    coords.set(project(fit, data, i * d), i * kk);
  }
  return {
    ...fit,
    variance,
    explained: variance.map((v) => (total > 0 ? v / total : 0)),
    coords,
  };
}

/**
 * Places a d-vector (read from `vector` at `offset`) in a fitted PCA's
 * axes: ((x - mean) . axis) per axis.
 */
export function project(
  fit: Pick<Pca, 'dims' | 'mean' | 'components'>,
  vector: ArrayLike<number>,
  offset = 0
): number[] {
  return fit.components.map((axis) => {
    let s = 0;
    for (let j = 0; j < fit.dims; j++) {
      s += (vector[offset + j] - fit.mean[j]) * axis[j];
    }
    return s;
  });
}

/** Sample covariance [d * d] of the rows around `mean`. */
function covariance(
  data: ArrayLike<number>,
  mean: Float64Array,
  n: number,
  d: number
): Float64Array {
  const cov = new Float64Array(d * d);
  const row = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) row[j] = data[i * d + j] - mean[j];
    for (let a = 0; a < d; a++) {
      const ra = row[a];
      for (let b = a; b < d; b++) cov[a * d + b] += ra * row[b];
    }
  }
  const scale = n > 1 ? 1 / (n - 1) : 0;
  for (let a = 0; a < d; a++) {
    for (let b = a; b < d; b++) {
      cov[a * d + b] *= scale;
      cov[b * d + a] = cov[a * d + b];
    }
  }
  return cov;
}

/** Flips v so that its largest-magnitude entry is positive. */
export function fixSign(v: Float64Array): Float64Array {
  let best = 0;
  for (let j = 1; j < v.length; j++) {
    if (Math.abs(v[j]) > Math.abs(v[best])) best = j;
  }
  return v[best] < 0 ? v.map((x) => -x) : v;
}
