import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import type {GPTConfig} from '../../model/config.js';
import {paramSpecs, sizeOf, type WeightMap} from '../../model/params.js';
import {referenceForward} from '../../model/reference.js';

/**
 * The oracle is checked on cases small enough to work out by hand, so
 * that the tfjs comparison rests on something.
 */
const CONFIG: GPTConfig = {
  vocabSize: 3,
  nEmbd: 2,
  nLayer: 1,
  nHead: 1,
  blockSize: 4,
  mlpHidden: 4,
  lnEps: 1e-5,
};

/** All-zero weights with unit LayerNorm gains, then the given ones. */
function weights(set: Record<string, number[]> = {}): WeightMap {
  const w: WeightMap = new Map();
  for (const {name, shape} of paramSpecs(CONFIG)) {
    const values = new Float32Array(sizeOf(shape));
    if (name.endsWith('.g')) values.fill(1);
    if (set[name]) values.set(set[name]);
    w.set(name, values);
  }
  return w;
}

const close = (a: ArrayLike<number>, b: number[], tol = 1e-6) => {
  assert.equal(a.length, b.length);
  for (let i = 0; i < b.length; i++) {
    assert.ok(Math.abs(a[i] - b[i]) <= tol, `[${i}]: ${a[i]} vs ${b[i]}`);
  }
};

describe('referenceForward()', () => {
  describe('when queries and keys are zero', () => {
    const out = referenceForward({config: CONFIG, weights: weights()}, [
      0, 1, 2, 1,
    ]);

    it('spreads each query evenly over itself and earlier keys', () => {
      // prettier-ignore
      close(out.attention[0][0], [
        1, 0, 0, 0,
        1 / 2, 1 / 2, 0, 0,
        1 / 3, 1 / 3, 1 / 3, 0,
        1 / 4, 1 / 4, 1 / 4, 1 / 4,
      ]);
    });

    it('returns one [T, M] activation array per layer', () => {
      assert.equal(out.mlp.length, 1);
      assert.equal(out.mlp[0].length, 4 * CONFIG.mlpHidden);
    });
  });

  describe('when the blocks write nothing', () => {
    // Residual x = wte[id] + wpe[t]; the final LayerNorm of a 2-vector
    // [a, b] with a > b is [1, -1] / sqrt(1 + eps / ((a - b) / 2)^2).
    const model = {
      config: CONFIG,
      weights: weights({
        wte: [3, 1, 0, 0, 0, 0], // token 0 -> [3, 1], others [0, 0]
        wpe: [0, 0, 0, 0, 0, 0, 0, 0],
        'head.w': [1, 2, 3, 4, 5, 6], // [C=2, V=3]
        'head.b': [0.5, -0.5, 0],
      }),
    };
    const out = referenceForward(model, [0, 1]);
    const n = 1 / Math.sqrt(1 + 1e-5); // LN of [3, 1]: [n, -n]

    it('reads the logits off the final LayerNorm and the head', () => {
      // [n, -n] x head.w + head.b, then a zero row's logits = head.b.
      close(out.logits, [
        (1 - 4) * n + 0.5,
        (2 - 5) * n - 0.5,
        (3 - 6) * n,
        0.5,
        -0.5,
        0,
      ]);
    });
  });

  describe('causality', () => {
    const rnd = weights();
    let s = 1;
    for (const values of rnd.values()) {
      for (let i = 0; i < values.length; i++) {
        s = (s * 48271) % 2147483647;
        values[i] += (s / 2147483647 - 0.5) * 2;
      }
    }
    const model = {config: CONFIG, weights: rnd};

    it('leaves earlier logits unchanged when a later token changes', () => {
      const a = referenceForward(model, [0, 1, 2, 0]).logits;
      const b = referenceForward(model, [0, 1, 2, 2]).logits;
      assert.deepEqual(a.subarray(0, 9), b.subarray(0, 9));
      assert.notDeepEqual(a.subarray(9), b.subarray(9));
    });
  });

  describe('on bad input', () => {
    const model = {config: CONFIG, weights: weights()};

    it('throws on a token id outside the vocabulary', () => {
      assert.throws(() => referenceForward(model, [0, 3]), /Token id 3/);
    });

    it('throws on more ids than the context holds', () => {
      assert.throws(
        () => referenceForward(model, [0, 0, 0, 0, 0]),
        /1 to 4 token ids, got 5/
      );
    });
  });
});
