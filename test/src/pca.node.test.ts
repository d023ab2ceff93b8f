import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {Rng} from '../../model/rng.js';
import {symmetricEigen} from '../../src/eigen.js';
import {fixSign, pca, project} from '../../src/pca.js';
import {jacobiEigen} from './jacobi.js';

/** n x d matrix with a few strong directions, so eigenvalues are apart. */
function planted(n: number, d: number, seed: number): Float64Array {
  const rng = new Rng(seed);
  const x = new Float64Array(n * d);
  const scales = Array.from({length: d}, (_, j) => 1 / (1 + j));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) x[i * d + j] = 3 + rng.normal() * scales[j];
  }
  // Rotate the planted axes away from the coordinate axes.
  const mix = Array.from({length: d * d}, () => rng.normal());
  const out = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) {
      let s = 0;
      for (let k = 0; k < d; k++) s += x[i * d + k] * mix[k * d + j];
      out[i * d + j] = s;
    }
  }
  return out;
}

/** The sample covariance, computed the textbook way. */
function covariance(x: Float64Array, n: number, d: number): number[][] {
  const mean = Array.from({length: d}, (_, j) => {
    let s = 0;
    for (let i = 0; i < n; i++) s += x[i * d + j];
    return s / n;
  });
  return Array.from({length: d}, (_, a) =>
    Array.from({length: d}, (_, b) => {
      let s = 0;
      for (let i = 0; i < n; i++) {
        s += (x[i * d + a] - mean[a]) * (x[i * d + b] - mean[b]);
      }
      return s / (n - 1);
    })
  );
}

const mul = (m: number[][], v: ArrayLike<number>) =>
  m.map((row) => row.reduce((s, x, j) => s + x * v[j], 0));
const dot = (a: ArrayLike<number>, b: ArrayLike<number>) =>
  Array.from(a).reduce((s, x, j) => s + x * b[j], 0);

/** Top eigenpairs by power iteration with deflation: another method. */
function powerIteration(m: number[][], k: number) {
  const d = m.length;
  const a = m.map((row) => row.slice());
  const pairs: {value: number; vector: number[]}[] = [];
  for (let c = 0; c < k; c++) {
    let v = Array.from({length: d}, (_, j) => 1 / Math.sqrt(d + j));
    for (let it = 0; it < 20000; it++) {
      const w = mul(a, v);
      const norm = Math.hypot(...w);
      const next = w.map((x) => x / norm);
      const delta = Math.hypot(...next.map((x, j) => x - v[j]));
      v = next;
      if (delta < 1e-13) break;
    }
    const value = dot(v, mul(a, v));
    pairs.push({value, vector: v});
    for (let i = 0; i < d; i++) {
      for (let j = 0; j < d; j++) a[i][j] -= value * v[i] * v[j];
    }
  }
  return pairs;
}

describe('symmetricEigen', () => {
  const d = 9;
  const rng = new Rng(3);
  const m = Array.from({length: d}, () => new Array<number>(d).fill(0));
  for (let i = 0; i < d; i++) {
    for (let j = i; j < d; j++) m[i][j] = m[j][i] = rng.normal();
  }
  const e = symmetricEigen(m.flat(), d);

  it('returns pairs satisfying A v = λ v', () => {
    for (let q = 0; q < d; q++) {
      const av = mul(m, e.vectors[q]);
      for (let i = 0; i < d; i++) {
        assert.ok(Math.abs(av[i] - e.values[q] * e.vectors[q][i]) < 1e-10);
      }
    }
  });

  it('returns orthonormal vectors', () => {
    for (let a = 0; a < d; a++) {
      for (let b = 0; b < d; b++) {
        const want = a === b ? 1 : 0;
        assert.ok(Math.abs(dot(e.vectors[a], e.vectors[b]) - want) < 1e-10);
      }
    }
  });

  it('sorts eigenvalues from largest to smallest', () => {
    for (let q = 1; q < d; q++) assert.ok(e.values[q - 1] >= e.values[q]);
  });

  it('agrees with Jacobi rotations', () => {
    const reference = jacobiEigen(m.flat(), d);
    for (let q = 0; q < d; q++) {
      assert.ok(Math.abs(e.values[q] - reference.values[q]) < 1e-10);
      // Eigenvectors are unique up to sign.
      const cos = Math.abs(dot(e.vectors[q], reference.vectors[q]));
      assert.ok(Math.abs(cos - 1) < 1e-9, `vector ${q}`);
    }
  });

  it('decomposes a 128 x 128 rank-deficient covariance', () => {
    const n = 65;
    const big = 128;
    const x = planted(n, big, 5);
    const cov = covariance(x, n, big);
    const fast = symmetricEigen(cov.flat(), big);
    const slow = jacobiEigen(cov.flat(), big);
    for (let q = 0; q < 4; q++) {
      assert.ok(Math.abs(fast.values[q] - slow.values[q]) < 1e-8);
      const cv = mul(cov, fast.vectors[q]);
      for (let j = 0; j < big; j++) {
        assert.ok(Math.abs(cv[j] - fast.values[q] * fast.vectors[q][j]) < 1e-8);
      }
    }
    // 65 centred rows span at most 64 dimensions.
    assert.ok(Math.abs(fast.values[big - 1]) < 1e-8);
  });

  it('handles diagonal and 1 x 1 matrices', () => {
    const diag = symmetricEigen([2, 0, 0, 0, 5, 0, 0, 0, 1], 3);
    assert.deepEqual(Array.from(diag.values), [5, 2, 1]);
    assert.deepEqual(Array.from(diag.vectors[0], Math.abs), [0, 1, 0]);
    assert.deepEqual(Array.from(symmetricEigen([7], 1).values), [7]);
  });

  it('keeps the trace', () => {
    const trace = m.reduce((s, row, i) => s + row[i], 0);
    const sum = e.values.reduce((s, v) => s + v, 0);
    assert.ok(Math.abs(trace - sum) < 1e-10);
  });
});

describe('pca', () => {
  const n = 40;
  const d = 12;
  const x = planted(n, d, 11);
  const fit = pca(x, n, d, 2);
  const cov = covariance(x, n, d);

  it('finds axes satisfying the covariance eigen-equation', () => {
    for (const [q, v] of fit.components.entries()) {
      const cv = mul(cov, v);
      for (let j = 0; j < d; j++) {
        assert.ok(Math.abs(cv[j] - fit.variance[q] * v[j]) < 1e-6);
      }
    }
  });

  it('agrees with power iteration on the top two axes', () => {
    const reference = powerIteration(cov, 2);
    for (let q = 0; q < 2; q++) {
      const v = fixSign(Float64Array.from(reference[q].vector));
      assert.ok(Math.abs(fit.variance[q] - reference[q].value) < 1e-6);
      for (let j = 0; j < d; j++) {
        assert.ok(Math.abs(fit.components[q][j] - v[j]) < 1e-6);
      }
    }
  });

  it('returns orthonormal axes', () => {
    const [a, b] = fit.components;
    assert.ok(Math.abs(dot(a, a) - 1) < 1e-12);
    assert.ok(Math.abs(dot(b, b) - 1) < 1e-12);
    assert.ok(Math.abs(dot(a, b)) < 1e-12);
  });

  it('makes the largest-magnitude entry of each axis positive', () => {
    for (const v of fit.components) {
      const abs = Array.from(v, Math.abs);
      assert.ok(v[abs.indexOf(Math.max(...abs))] > 0);
    }
  });

  it('reports explained variance ratios summing to at most 1', () => {
    const total = cov.reduce((s, row, i) => s + row[i], 0);
    assert.ok(Math.abs(fit.explained[0] - fit.variance[0] / total) < 1e-12);
    assert.ok(fit.explained[0] >= fit.explained[1]);
    assert.ok(fit.explained[0] + fit.explained[1] <= 1 + 1e-12);
  });

  it('places each row at (row - mean) . axis', () => {
    for (let i = 0; i < n; i++) {
      for (let q = 0; q < 2; q++) {
        let s = 0;
        for (let j = 0; j < d; j++) {
          s += (x[i * d + j] - fit.mean[j]) * fit.components[q][j];
        }
        assert.ok(Math.abs(fit.coords[i * 2 + q] - s) < 1e-9);
      }
    }
  });

  it('projects new vectors into the same axes', () => {
    const row = Array.from(x.subarray(5 * d, 6 * d));
    const [a, b] = project(fit, row);
    assert.ok(Math.abs(a - fit.coords[10]) < 1e-12);
    assert.ok(Math.abs(b - fit.coords[11]) < 1e-12);
    const shifted = project(fit, [0, ...row], 1);
    assert.deepEqual(shifted, [a, b]);
  });

  it('is deterministic to the bit', () => {
    const again = pca(Float32Array.from(x), n, d, 2);
    const once = pca(Float32Array.from(x), n, d, 2);
    assert.deepEqual(Array.from(again.coords), Array.from(once.coords));
  });

  it('handles fewer rows than dimensions', () => {
    const small = planted(6, 20, 2);
    const f = pca(small, 6, 20, 2);
    assert.ok(f.explained.every((r) => r >= 0 && r <= 1));
    assert.ok(Array.from(f.coords).every(Number.isFinite));
  });

  it('throws when the data is shorter than n * d', () => {
    assert.throws(() => pca([1, 2, 3], 2, 2), /expected 4 values/);
  });
});
