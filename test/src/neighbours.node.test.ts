import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {
  cosine,
  nearestByCosine,
  neighboursOf,
} from '../../src/neighbours.js';

describe('cosine', () => {
  it('is 1 for parallel, 0 for orthogonal, -1 for opposite vectors', () => {
    assert.equal(cosine([1, 2], [2, 4], 2), 1);
    assert.equal(cosine([1, 0], [0, 3], 2), 0);
    assert.equal(cosine([1, 1], [-2, -2], 2), -1);
  });

  it('reads vectors at offsets', () => {
    const rows = [9, 1, 0, 9, 0, 1];
    assert.equal(cosine(rows, rows, 2, 1, 4), 0);
  });

  it('is 0, never NaN, for a zero vector', () => {
    assert.equal(cosine([0, 0], [1, 2], 2), 0);
  });
});

describe('nearestByCosine', () => {
  // Row 0 points along x; the others at growing angles from it.
  const rows = [1, 0, 1, 0.1, 1, 1, 0, 1, -1, 0, 2, 0.2];
  const n = 6;

  it('lists the k most similar rows, most similar first', () => {
    const top = neighboursOf(rows, n, 2, 0, 3);
    assert.deepEqual(
      top.map((nb) => nb.index),
      [1, 5, 2]
    );
    assert.ok(Math.abs(top[2].similarity - Math.SQRT1_2) < 1e-12);
  });

  it('breaks ties by index', () => {
    const top = nearestByCosine(rows, n, 2, [1, 0.1], 2);
    assert.deepEqual(
      top.map((nb) => nb.index),
      [1, 5]
    );
  });

  it('leaves out the excluded row', () => {
    const all = neighboursOf(rows, n, 2, 3, 10);
    assert.equal(all.length, n - 1);
    assert.ok(all.every((nb) => nb.index !== 3));
  });

  it('returns nothing for k <= 0', () => {
    assert.deepEqual(nearestByCosine(rows, n, 2, [1, 0], 0), []);
  });
});
