import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {Rng} from '../../model/rng.js';
import {
  argmax,
  filterTopKTopP,
  rank,
  sampleNext,
  softmaxWithTemperature,
  type SamplingSettings,
} from '../../src/sampling.js';

const rng = new Rng(3);
/** Random logits with a clear, known argmax. */
function logitsWithMax(n: number, max: number): Float32Array {
  const out = Float32Array.from({length: n}, () => rng.normal());
  out[max] = 10;
  return out;
}

const LOGITS = logitsWithMax(65, 17);
const settings = (s: Partial<SamplingSettings>): SamplingSettings => ({
  temperature: 1,
  topK: 0,
  topP: 1,
  ...s,
});
const kept = (p: Float32Array) =>
  [...p.keys()].filter((i) => p[i] > 0).sort((a, b) => a - b);
const sum = (p: ArrayLike<number>) =>
  Array.from(p).reduce((a, b) => a + b, 0);

describe('softmaxWithTemperature()', () => {
  it('is the softmax at temperature 1', () => {
    const p = softmaxWithTemperature([0, Math.log(3)], 1);
    assert.ok(Math.abs(p[0] - 0.25) < 1e-7 && Math.abs(p[1] - 0.75) < 1e-7);
  });

  it('puts all mass on the argmax at 0 and at 1e-9', () => {
    for (const t of [0, 1e-9]) {
      const p = softmaxWithTemperature(LOGITS, t);
      assert.equal(p[17], 1);
      assert.equal(sum(p), 1);
    }
  });

  it('flattens above 1 and sharpens below', () => {
    const hot = softmaxWithTemperature(LOGITS, 3);
    const cold = softmaxWithTemperature(LOGITS, 0.3);
    const base = softmaxWithTemperature(LOGITS, 1);
    assert.ok(hot[17] < base[17] && base[17] < cold[17]);
    assert.ok(Math.abs(sum(hot) - 1) < 1e-5);
  });
});

describe('argmax()', () => {
  it('takes the lowest index on ties', () => {
    assert.equal(argmax([1, 3, 3, 2]), 1);
  });
});

describe('filterTopKTopP()', () => {
  // Unsorted, so the ranking matters: 1 (0.5), 3 (0.3), 0 (0.15), 2 (0.05).
  const P = Float32Array.from([0.15, 0.5, 0.05, 0.3]);

  it('keeps everything when top-k is 0, the vocab size or above', () => {
    for (const k of [0, 4, 5, 1000]) {
      assert.deepEqual(filterTopKTopP(P, k, 1), P);
    }
  });

  it('keeps only the argmax at top-k 1', () => {
    assert.deepEqual(Array.from(filterTopKTopP(P, 1, 1)), [0, 1, 0, 0]);
  });

  it('keeps the k likeliest, renormalised', () => {
    const f = filterTopKTopP(P, 2, 1);
    assert.deepEqual(kept(f), [1, 3]);
    assert.ok(Math.abs(f[1] - 0.5 / 0.8) < 1e-6);
    assert.ok(Math.abs(sum(f) - 1) < 1e-6);
  });

  it('keeps only the top character at top-p 0', () => {
    assert.deepEqual(kept(filterTopKTopP(P, 0, 0)), [1]);
  });

  it('keeps everything at top-p 1', () => {
    assert.deepEqual(filterTopKTopP(P, 0, 1), P);
  });

  it('keeps the smallest set reaching p, with the crossing char', () => {
    assert.deepEqual(kept(filterTopKTopP(P, 0, 0.4)), [1]);
    assert.deepEqual(kept(filterTopKTopP(P, 0, 0.6)), [1, 3]);
    assert.deepEqual(kept(filterTopKTopP(P, 0, 0.81)), [0, 1, 3]);
    assert.deepEqual(kept(filterTopKTopP(P, 0, 0.99)), [0, 1, 2, 3]);
  });

  it('counts a mass of exactly p as reaching it', () => {
    // None of these sums to exactly 1 in float32.
    assert.deepEqual(kept(filterTopKTopP(P, 0, 0.5)), [1]);
    assert.deepEqual(kept(filterTopKTopP(P, 0, 0.8)), [1, 3]);
    const R = Float32Array.from([0.1, 0.2, 0.3, 0.4]);
    assert.deepEqual(kept(filterTopKTopP(R, 0, 0.4)), [3]);
    assert.deepEqual(kept(filterTopKTopP(R, 0, 0.7)), [2, 3]);
    assert.deepEqual(kept(filterTopKTopP(R, 0, 0.9)), [1, 2, 3]);
    // Within top-k 2: 0.5 and 0.3 renormalise to 0.625 and 0.375.
    assert.deepEqual(kept(filterTopKTopP(P, 2, 0.625)), [1]);
  });

  it('applies top-k before top-p', () => {
    assert.deepEqual(kept(filterTopKTopP(P, 2, 0.99)), [1, 3]);
  });

  it('measures top-p within what top-k kept, renormalised', () => {
    // Top-k 2 keeps 0.5 and 0.3, which become 0.625 and 0.375: the first
    // alone reaches 0.6, though it holds only 0.5 of the full mass.
    assert.deepEqual(kept(filterTopKTopP(P, 2, 0.6)), [1]);
    assert.deepEqual(kept(filterTopKTopP(P, 0, 0.6)), [1, 3]);
    assert.deepEqual(kept(filterTopKTopP(P, 2, 0.63)), [1, 3]);
  });
});

describe('sampleNext()', () => {
  it('is greedy at temperature 0 and 1e-9, without a draw', () => {
    for (const temperature of [0, 1e-9]) {
      const r = new Rng(1);
      const s = sampleNext(LOGITS, settings({temperature}), r);
      assert.equal(s.chosen, 17);
      assert.equal(s.greedy, true);
      assert.equal(s.draw, 0);
      assert.equal(r.seedState, new Rng(1).seedState, 'rng untouched');
    }
  });

  it('is greedy at top-k 1 whatever the draw', () => {
    const flat = Float32Array.from([0.1, 0.3, 0.2, 0.25]);
    const r = new Rng(9);
    for (let i = 0; i < 50; i++) {
      const s = sampleNext(flat, settings({topK: 1}), r);
      assert.equal(s.chosen, 1);
    }
  });

  it('never chooses a cut character', () => {
    const flat = new Float32Array(65); // uniform
    const r = new Rng(4);
    for (let i = 0; i < 200; i++) {
      const s = sampleNext(flat, settings({topK: 3}), r);
      assert.ok(s.filtered[s.chosen] > 0);
      assert.ok(s.order.slice(0, 3).includes(s.chosen));
    }
  });

  it('chooses the candidate whose stretch holds the draw', () => {
    const r = new Rng(5);
    for (let i = 0; i < 100; i++) {
      const s = sampleNext(LOGITS, settings({temperature: 2}), r);
      let start = 0;
      for (const id of rank(s.filtered)) {
        const end = start + s.filtered[id];
        if (s.draw < end) {
          assert.equal(s.chosen, id);
          break;
        }
        start = end;
      }
    }
  });

  it('repeats exactly for a seed, and resumes from a saved state', () => {
    const run = (seed: number, n: number, r = new Rng(seed)) =>
      Array.from({length: n}, () =>
        sampleNext(LOGITS, settings({temperature: 4}), r).chosen
      );
    assert.deepEqual(run(42, 40), run(42, 40));
    assert.notDeepEqual(run(42, 40), run(43, 40));
    const r = new Rng(42);
    run(42, 20, r);
    const saved = r.seedState;
    const tail = run(0, 20, r);
    const resumed = new Rng(0);
    resumed.seedState = saved;
    assert.deepEqual(run(0, 20, resumed), tail);
    assert.deepEqual(run(42, 40).slice(20), tail);
  });

  it('reports the model, tempered and filtered distributions', () => {
    const s = sampleNext(
      LOGITS,
      settings({temperature: 0.5, topP: 0.9}),
      new Rng(2)
    );
    assert.deepEqual(s.probs, softmaxWithTemperature(LOGITS, 1));
    assert.deepEqual(s.tempered, softmaxWithTemperature(LOGITS, 0.5));
    assert.deepEqual(s.filtered, filterTopKTopP(s.tempered, 0, 0.9));
  });
});
