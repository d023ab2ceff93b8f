import type {SymmetricEigen} from '../../src/eigen.js';

/**
 * A reference eigen-solver for tests: cyclic Jacobi rotations. Slow but
 * simple and accurate, and a different method from src/eigen.ts's
 * Householder + QL, so agreement between them means something.
 */

const MAX_SWEEPS = 60;

/**
 * Decomposes the n x n symmetric matrix `a` (row-major; only its values
 * are read, it is not modified). Rotations stop once the off-diagonal
 * mass is negligible next to the diagonal.
 */
export function jacobiEigen(
  a: ArrayLike<number>,
  n: number
): SymmetricEigen {
  const m = Float64Array.from({length: n * n}, (_, i) => a[i]);
  // v holds the accumulated rotations as columns: v[k * n + j].
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  for (let sweep = 0; sweep < MAX_SWEEPS; sweep++) {
    if (offDiagonal(m, n) <= 1e-30 * Math.max(diagonal(m, n), 1e-300)) {
      break;
    }
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) rotate(m, v, n, p, q);
    }
  }
  const order = Array.from({length: n}, (_, i) => i).sort(
    (i, j) => m[j * n + j] - m[i * n + i] || i - j
  );
  return {
    values: Float64Array.from(order, (i) => m[i * n + i]),
    vectors: order.map((j) => Float64Array.from({length: n}, (_, k) =>
      v[k * n + j]
    )),
  };
}

/** Sum of squares above the diagonal. */
function offDiagonal(m: Float64Array, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) s += m[i * n + j] ** 2;
  }
  return s;
}

function diagonal(m: Float64Array, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += m[i * n + i] ** 2;
  return s;
}

/** Zeroes m[p][q] by one rotation in the (p, q) plane. */
function rotate(
  m: Float64Array,
  v: Float64Array,
  n: number,
  p: number,
  q: number
): void {
  const apq = m[p * n + q];
  if (apq === 0) return;
  const app = m[p * n + p];
  const aqq = m[q * n + q];
  // The smaller of the two rotation angles keeps the iteration stable.
  const theta = (aqq - app) / (2 * apq);
  const t =
    Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
  const c = 1 / Math.sqrt(t * t + 1);
  const s = t * c;
  for (let k = 0; k < n; k++) {
    if (k === p || k === q) continue;
    const akp = m[k * n + p];
    const akq = m[k * n + q];
    const kp = c * akp - s * akq;
    const kq = s * akp + c * akq;
    m[k * n + p] = m[p * n + k] = kp;
    m[k * n + q] = m[q * n + k] = kq;
  }
  m[p * n + p] = app - t * apq;
  m[q * n + q] = aqq + t * apq;
  m[p * n + q] = m[q * n + p] = 0;
  for (let k = 0; k < n; k++) {
    const vkp = v[k * n + p];
    const vkq = v[k * n + q];
    v[k * n + p] = c * vkp - s * vkq;
    v[k * n + q] = s * vkp + c * vkq;
  }
}
