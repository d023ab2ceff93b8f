import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {Rng} from '../../model/rng.js';
import {
  modelNeuronDla,
  neuronDla,
  topAttributions,
} from '../../src/dla.js';
import type {ModelData} from '../../model/format.js';

const rng = new Rng(7);
const randn = (n: number) => Float32Array.from({length: n}, () => rng.normal());

/** The formula written out with no shortcuts: [V]. */
function naiveDla(
  w2: Float32Array,
  g: Float32Array,
  head: Float32Array,
  n: number,
  C: number,
  V: number
): number[] {
  const row = Array.from(w2.subarray(n * C, (n + 1) * C));
  const mean = row.reduce((a, b) => a + b, 0) / C;
  const out: number[] = [];
  for (let v = 0; v < V; v++) {
    let s = 0;
    for (let c = 0; c < C; c++) s += (row[c] - mean) * g[c] * head[c * V + v];
    out.push(s);
  }
  return out;
}

describe('neuronDla()', () => {
  const M = 12;
  const C = 16;
  const V = 9;
  const w2 = randn(M * C);
  const g = randn(C);
  const head = randn(C * V);

  it('equals the naive sum over the residual width for every neuron', () => {
    for (let n = 0; n < M; n++) {
      const got = neuronDla(w2, g, head, n, C, V);
      const want = naiveDla(w2, g, head, n, C, V);
      assert.equal(got.length, V);
      for (let v = 0; v < V; v++) {
        assert.ok(
          Math.abs(got[v] - want[v]) < 1e-5 * (1 + Math.abs(want[v])),
          `neuron ${n}, token ${v}: ${got[v]} vs ${want[v]}`
        );
      }
    }
  });

  it('ignores a constant write, which the LayerNorm centring removes', () => {
    const shifted = w2.slice();
    for (let c = 0; c < C; c++) shifted[2 * C + c] += 3.5;
    const a = neuronDla(w2, g, head, 2, C, V);
    const b = neuronDla(shifted, g, head, 2, C, V);
    for (let v = 0; v < V; v++) assert.ok(Math.abs(a[v] - b[v]) < 1e-4);
    const flat = new Float32Array(M * C).fill(0.7);
    assert.deepEqual(
      Array.from(neuronDla(flat, g, head, 0, C, V)),
      new Array(V).fill(0)
    );
  });

  it('is zero where the LayerNorm gain is zero everywhere', () => {
    const got = neuronDla(w2, new Float32Array(C), head, 3, C, V);
    assert.deepEqual(Array.from(got), new Array(V).fill(0));
  });

  it('throws naming the valid range for a neuron out of range', () => {
    assert.throws(() => neuronDla(w2, g, head, M, C, V), /0\.\.11/);
    assert.throws(() => neuronDla(w2, g, head, -1, C, V), /0\.\.11/);
  });

  it('throws when the weight sizes disagree', () => {
    assert.throws(() => neuronDla(w2, g, head.subarray(1), 0, C, V));
  });
});

describe('modelNeuronDla()', () => {
  it('reads h.{layer}.mlp.w2, lnf.g and head.w', () => {
    const C = 4;
    const V = 3;
    const M = 5;
    const weights = new Map<string, Float32Array>();
    const w2 = [randn(M * C), randn(M * C)];
    weights.set('h.0.mlp.w2', w2[0]);
    weights.set('h.1.mlp.w2', w2[1]);
    const g = randn(C);
    const head = randn(C * V);
    weights.set('lnf.g', g);
    weights.set('head.w', head);
    const model = {
      config: {vocabSize: V, nEmbd: C, nLayer: 2, mlpHidden: M},
      vocab: ['a', 'b', 'c'],
      weights,
    } as unknown as ModelData;
    const got = Array.from(modelNeuronDla(model, 1, 2));
    const want = naiveDla(w2[1], g, head, 2, C, V);
    got.forEach((x, i) => assert.ok(Math.abs(x - want[i]) < 1e-5));
    assert.throws(() => modelNeuronDla(model, 2, 0), /0\.\.1/);
  });
});

describe('topAttributions()', () => {
  const vocab = ['a', 'b', 'c', 'd', 'e'];
  const dla = Float32Array.from([0.5, -2, 3, 0, -0.25]);

  it('lists the largest pushes up, largest first', () => {
    const {up} = topAttributions(dla, vocab, 8);
    assert.deepEqual(
      up.map((a) => a.char),
      ['c', 'a']
    );
  });

  it('lists the largest pushes down, most negative first', () => {
    const {down} = topAttributions(dla, vocab, 8);
    assert.deepEqual(
      down.map((a) => [a.id, a.value]),
      [
        [1, -2],
        [4, -0.25],
      ]
    );
  });

  it('keeps at most k of each', () => {
    const {up, down} = topAttributions(dla, vocab, 1);
    assert.equal(up.length, 1);
    assert.equal(down.length, 1);
  });
});
