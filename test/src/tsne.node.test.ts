import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {Rng} from '../../model/rng.js';
import {tsne, tsneSteps} from '../../src/tsne.js';

/** k tight clusters of m points in d dimensions, far apart. */
function clusters(k: number, m: number, d: number) {
  const rng = new Rng(9);
  const data: number[] = [];
  const label: number[] = [];
  for (let i = 0; i < k * m; i++) {
    const c = i % k;
    label.push(c);
    for (let j = 0; j < d; j++) {
      data.push((j === c * 3 ? 25 : 0) + rng.normal());
    }
  }
  return {data, label, n: k * m, d};
}

const dist = (y: Float64Array, i: number, j: number) =>
  Math.hypot(y[2 * i] - y[2 * j], y[2 * i + 1] - y[2 * j + 1]);

describe('tsne', () => {
  const {data, label, n, d} = clusters(3, 15, 12);
  const quick = {iterations: 400, perplexity: 8};

  it('gives the identical layout for the same seed', () => {
    const a = tsne(data, n, d, {...quick, seed: 4});
    const b = tsne(data, n, d, {...quick, seed: 4});
    assert.deepEqual(Array.from(a), Array.from(b));
  });

  it('gives a different layout for a different seed', () => {
    const a = tsne(data, n, d, {...quick, seed: 4});
    const b = tsne(data, n, d, {...quick, seed: 5});
    assert.ok(a.some((v, i) => v !== b[i]));
  });

  it('keeps well-separated clusters separated', () => {
    const y = tsne(data, n, d, {...quick, seed: 1});
    for (let i = 0; i < n; i++) {
      let nearest = -1;
      for (let j = 0; j < n; j++) {
        if (j !== i && (nearest < 0 || dist(y, i, j) < dist(y, i, nearest))) {
          nearest = j;
        }
      }
      assert.equal(label[nearest], label[i], `point ${i}`);
    }
    // Every cluster's diameter is smaller than its gap to any other.
    for (let c = 0; c < 3; c++) {
      let inside = 0;
      let outside = Infinity;
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          if (label[i] !== c || i === j) continue;
          if (label[j] === c) inside = Math.max(inside, dist(y, i, j));
          else outside = Math.min(outside, dist(y, i, j));
        }
      }
      assert.ok(inside < outside, `cluster ${c}: ${inside} vs ${outside}`);
    }
  });

  it('centres the layout on the origin', () => {
    const y = tsne(data, n, d, {...quick, seed: 2});
    let mx = 0;
    let my = 0;
    for (let i = 0; i < n; i++) [mx, my] = [mx + y[2 * i], my + y[2 * i + 1]];
    assert.ok(Math.abs(mx / n) < 1e-9 && Math.abs(my / n) < 1e-9);
  });

  it('stays finite with duplicate points and a perplexity above n', () => {
    const dup = [0, 0, 0, 0, 1, 1, 1, 1, 1, 1];
    const y = tsne(dup, 5, 2, {perplexity: 50, iterations: 100});
    assert.ok(Array.from(y).every(Number.isFinite));
  });
});

describe('tsneSteps', () => {
  const {data, n, d} = clusters(2, 10, 6);

  it('yields every N steps, then returns the finished layout', () => {
    const run = tsneSteps(data, n, d, {iterations: 100, seed: 3}, 25);
    const seen: number[] = [];
    let r = run.next();
    while (!r.done) {
      assert.equal(r.value.done, false);
      seen.push(r.value.iteration);
      r = run.next();
    }
    assert.deepEqual(seen, [25, 50, 75]);
    assert.equal(r.value.iteration, 100);
    assert.equal(r.value.done, true);
  });

  it('ends where tsne() ends, for the same seed', () => {
    const options = {iterations: 120, seed: 6};
    const run = tsneSteps(data, n, d, options, 7);
    let r = run.next();
    while (!r.done) r = run.next();
    assert.deepEqual(
      Array.from(r.value.coords),
      Array.from(tsne(data, n, d, options))
    );
  });

  it('hands out copies the run does not change', () => {
    const run = tsneSteps(data, n, d, {iterations: 60}, 10);
    const first = run.next().value.coords;
    const kept = Array.from(first);
    run.next();
    assert.deepEqual(Array.from(first), kept);
  });

  it('lowers the divergence as it converges', () => {
    const run = tsneSteps(data, n, d, {iterations: 600}, 300);
    const early = run.next().value.cost;
    let r = run.next();
    while (!r.done) r = run.next();
    assert.ok(r.value.cost < early, `${r.value.cost} < ${early}`);
  });
});
