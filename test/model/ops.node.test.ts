/**
 * model/ops.ts's matrix product mm(): values and gradients against plain
 * loops, on the wasm backend (where rank 3 runs one 2-D product per batch
 * entry) and on the cpu backend (where it does not).
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import {setWasmPaths} from '@tensorflow/tfjs-backend-wasm';
import assert from 'node:assert/strict';
import {createRequire} from 'node:module';
import {dirname, join} from 'node:path';
import {before, describe, it} from 'node:test';
import {mm} from '../../model/ops.js';
import {Rng} from '../../model/rng.js';
import {maxDiff} from '../max-diff.js';

const TOLERANCE = 1e-5;

/** [n, r, c] values, normal(0, 1), from a seed. */
function randomArray(shape: number[], seed: number): Float32Array {
  const rng = new Rng(seed);
  const out = new Float32Array(shape.reduce((a, b) => a * b, 1));
  for (let i = 0; i < out.length; i++) out[i] = rng.normal();
  return out;
}

/**
 * Plain batched product of a [n, r, k] and b [n, k, c], either operand
 * read transposed ([n, k, r] or [n, c, k]) when asked.
 */
function product(
  a: Float32Array,
  b: Float32Array,
  [n, r, k, c]: number[],
  transA = false,
  transB = false
): Float32Array {
  const out = new Float32Array(n * r * c);
  for (let s = 0; s < n; s++) {
    for (let i = 0; i < r; i++) {
      for (let j = 0; j < c; j++) {
        let sum = 0;
        for (let m = 0; m < k; m++) {
          const ai = transA ? s * k * r + m * r + i : s * r * k + i * k + m;
          const bi = transB ? s * c * k + j * k + m : s * k * c + m * c + j;
          sum += a[ai] * b[bi];
        }
        out[s * r * c + i * c + j] = sum;
      }
    }
  }
  return out;
}

/**
 * The specification of mm for one shape [n, r, k, c]: n = 0 means rank-2
 * operands [r, k] x [k, c].
 */
function specifyProduct(dims: number[]): void {
  const [n, r, k, c] = dims;
  const batch = Math.max(n, 1);
  const lead = n > 0 ? [n] : [];
  const a = randomArray([batch, r, k], 1);
  const b = randomArray([batch, k, c], 2);
  const dy = randomArray([batch, r, c], 3);
  const all = [batch, r, k, c];
  let value: Float32Array;
  let da: Float32Array;
  let db: Float32Array;
  let leaked: number;

  before(() => {
    const start = tf.memory().numTensors;
    const ta = tf.tensor(a, [...lead, r, k]);
    const tb = tf.tensor(b, [...lead, k, c]);
    const tdy = tf.tensor(dy, [...lead, r, c]);
    const y = mm(ta, tb);
    const [ga, gb] = tf.grads((x: tf.Tensor, w: tf.Tensor) => mm(x, w))(
      [ta, tb],
      tdy
    );
    value = y.dataSync() as Float32Array;
    da = ga.dataSync() as Float32Array;
    db = gb.dataSync() as Float32Array;
    tf.dispose([ta, tb, tdy, y, ga, gb]);
    leaked = tf.memory().numTensors - start;
  });

  it(`gives a b within ${TOLERANCE}`, () => {
    assert.ok(maxDiff(value, product(a, b, all)) < TOLERANCE);
  });

  it(`gives dy bᵀ as the gradient of a within ${TOLERANCE}`, () => {
    const want = product(dy, b, [batch, r, c, k], false, true);
    assert.ok(maxDiff(da, want) < TOLERANCE);
  });

  it(`gives aᵀ dy as the gradient of b within ${TOLERANCE}`, () => {
    const want = product(a, dy, [batch, k, r, c], true, false);
    assert.ok(maxDiff(db, want) < TOLERANCE);
  });

  it('leaves no tensor behind', () => {
    assert.equal(leaked, 0);
  });
}

/** Shapes of attention ([B*H, T, D] x [B*H, D, T]) and of weights. */
function specifyShapes(): void {
  describe('of rank 3, as attention scores [6, 20, 8] x [6, 8, 20]', () =>
    specifyProduct([6, 20, 8, 20])
  );
  describe('of rank 3, as attention mixing [6, 20, 20] x [6, 20, 8]', () =>
    specifyProduct([6, 20, 20, 8])
  );
  describe('of rank 3 with a single batch entry', () =>
    specifyProduct([1, 5, 3, 4])
  );
  describe('of rank 2, tall (blocked transpose) [96, 24] x [24, 40]', () =>
    specifyProduct([0, 96, 24, 40])
  );
  describe('of rank 2, rows not a multiple of the block [70, 9] x [9, 5]', () =>
    specifyProduct([0, 70, 9, 5])
  );
}

describe('mm()', () => {
  describe('on the wasm backend', () => {
    before(async () => {
      const req = createRequire(import.meta.url);
      const pkg = req.resolve('@tensorflow/tfjs-backend-wasm/package.json');
      setWasmPaths(join(dirname(pkg), 'dist') + '/');
      assert.equal(await tf.setBackend('wasm'), true);
    });
    specifyShapes();
  });

  describe('on the cpu backend', () => {
    before(async () => {
      assert.equal(await tf.setBackend('cpu'), true);
    });
    specifyShapes();
  });
});
