/**
 * The tfjs forward pass (model/gpt.ts) against the plain-TypeScript
 * reference (model/reference.ts), on tfjs's cpu backend.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import assert from 'node:assert/strict';
import {existsSync, readFileSync} from 'node:fs';
import {before, describe, it} from 'node:test';
import {DEFAULT_CONFIG, type GPTConfig} from '../../model/config.js';
import {decodeModel} from '../../model/format.js';
import {forward} from '../../model/gpt.js';
import {initWeights} from '../../model/init.js';
import {paramSpecs, sizeOf, type WeightMap} from '../../model/params.js';
import {
  referenceForward,
  type ReferenceModel,
  type ReferenceOutput,
} from '../../model/reference.js';
import {Rng} from '../../model/rng.js';
import {Tokenizer} from '../../model/tokenizer.js';
import {maxDiff} from '../max-diff.js';

const TOLERANCE = 1e-4;

/** One tfjs forward pass with trace, read back into plain arrays. */
function tfjsForward(
  model: ReferenceModel,
  ids: number[]
): {out: ReferenceOutput; leaked: number} {
  const {config} = model;
  const {nHead: H, nLayer: L} = config;
  const T = ids.length;
  const before = tf.memory().numTensors;
  const w: Record<string, tf.Tensor> = {};
  for (const {name, shape} of paramSpecs(config)) {
    w[name] = tf.tensor(model.weights.get(name)!, shape);
  }
  const kept = tf.tidy(() => {
    const input = tf.tensor2d(ids, [1, T], 'int32');
    const {logits, trace} = forward(config, w, input, {trace: true});
    return [logits, ...trace!.attention, ...trace!.mlp];
  });
  const [logits, ...rest] = kept.map((t) => t.dataSync() as Float32Array);
  tf.dispose(kept);
  tf.dispose(Object.values(w));
  const attention = rest.slice(0, L).map((att) =>
    // [1, H, T, T] -> H x [T, T]
    Array.from({length: H}, (_, h) => att.slice(h * T * T, (h + 1) * T * T))
  );
  const mlp = rest.slice(L);
  return {
    out: {logits, attention, mlp},
    leaked: tf.memory().numTensors - before,
  };
}

/** Every tensor random, with biases and gains far from 0 and 1. */
function scrambledWeights(config: GPTConfig, seed: number): WeightMap {
  const rng = new Rng(seed);
  const w: WeightMap = new Map();
  for (const {name, shape} of paramSpecs(config)) {
    const values = new Float32Array(sizeOf(shape));
    const scale = shape.length === 2 ? 1.5 / Math.sqrt(shape[0]) : 0.5;
    const offset = name.endsWith('.g') ? 1 : 0;
    for (let i = 0; i < values.length; i++) {
      values[i] = offset + rng.normal() * scale;
    }
    w.set(name, values);
  }
  return w;
}

/**
 * The agreement specification, for one model and one input. Both
 * engines run once, in before(); each `it` checks one property.
 */
function specifyAgreement(
  load: () => ReferenceModel,
  makeIds: (model: ReferenceModel) => number[]
): void {
  let ref: ReferenceOutput;
  let got: ReferenceOutput;
  let leaked: number;
  let T: number;

  before(() => {
    const model = load();
    const ids = makeIds(model);
    T = ids.length;
    ref = referenceForward(model, ids);
    ({out: got, leaked} = tfjsForward(model, ids));
  });

  it(`gives the reference's logits within ${TOLERANCE}`, () => {
    const d = maxDiff(got.logits, ref.logits);
    assert.ok(d < TOLERANCE, `largest difference ${d}`);
  });

  it(`gives the reference's attention weights within ${TOLERANCE}`, () => {
    got.attention.forEach((heads, l) =>
      heads.forEach((att, h) => {
        const d = maxDiff(att, ref.attention[l][h]);
        assert.ok(d < TOLERANCE, `layer ${l} head ${h}: ${d}`);
      })
    );
  });

  it(`gives the reference's MLP activations within ${TOLERANCE}`, () => {
    got.mlp.forEach((m, l) => {
      const d = maxDiff(m, ref.mlp[l]);
      assert.ok(d < TOLERANCE, `layer ${l}: ${d}`);
    });
  });

  it('puts all of the first query on the first key: [1, 0, 0, ...]', () => {
    for (const out of [got, ref]) {
      for (const att of out.attention.flat()) {
        const row = Array.from(att.subarray(0, T));
        assert.deepEqual(row, [1, ...new Array(T - 1).fill(0)]);
      }
    }
  });

  it('gives attention rows that sum to 1', () => {
    for (const out of [got, ref]) {
      for (const att of out.attention.flat()) {
        for (let q = 0; q < T; q++) {
          const sum = att.subarray(q * T, q * T + T).reduce((a, b) => a + b);
          assert.ok(Math.abs(sum - 1) < 1e-5, `row ${q} sums to ${sum}`);
        }
      }
    }
  });

  it('gives exactly 0 to every key after the query', () => {
    for (const out of [got, ref]) {
      for (const att of out.attention.flat()) {
        for (let q = 0; q < T; q++) {
          for (let k = q + 1; k < T; k++) {
            assert.equal(att[q * T + k], 0, `[${q}, ${k}]`);
          }
        }
      }
    }
  });

  it('leaves no tensor behind', () => {
    assert.equal(leaked, 0);
  });
}

/** ids of a passage, cut to the model's context. */
function passageIds(model: {vocab: string[]; config: GPTConfig}): number[] {
  const text =
    'KING RICHARD II:\nNo matter where; of comfort no man speak:\n' +
    "Let's talk of graves, of worms, and epitaphs;\n" +
    'Make dust our paper and with rainy eyes\n';
  const ids = new Tokenizer(model.vocab).encode(text);
  return ids.slice(0, model.config.blockSize);
}

/** Reads manifest.json and its weights from a folder URL. */
function readModel(dir: URL) {
  const manifest = JSON.parse(
    readFileSync(new URL('manifest.json', dir), 'utf8')
  );
  const bytes = readFileSync(new URL(manifest.weights, dir));
  const bin = bytes.buffer.slice(
    bytes.byteOffset,
    bytes.byteOffset + bytes.byteLength
  ) as ArrayBuffer;
  return decodeModel(manifest, bin);
}

const SHIPPED = new URL('../../model/default/', import.meta.url);
const shipped = existsSync(new URL('manifest.json', SHIPPED));

describe('forward() on the tfjs cpu backend', () => {
  before(async () => {
    assert.equal(await tf.setBackend('cpu'), true);
  });

  describe('with fresh GPT-2 style weights (initWeights)', () => {
    specifyAgreement(
      () => ({config: DEFAULT_CONFIG, weights: initWeights(DEFAULT_CONFIG, 1)}),
      ({config}) => {
        const rng = new Rng(5);
        return Array.from({length: config.blockSize}, () =>
          rng.int(config.vocabSize)
        );
      }
    );
  });

  describe('with every weight random, on a shorter input', () => {
    // Unit gains and zero biases would hide a swapped gain and bias, or a
    // bias left out: here none is 0 or 1.
    const config: GPTConfig = {
      vocabSize: 11,
      nEmbd: 16,
      nLayer: 2,
      nHead: 4,
      blockSize: 24,
      mlpHidden: 40,
      lnEps: 1e-5,
    };
    specifyAgreement(
      () => ({config, weights: scrambledWeights(config, 3)}),
      () => [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7, 9]
    );
  });

  describe(
    'with the shipped weights (model/default)',
    {skip: !shipped && 'no model/default/manifest.json yet'},
    () => {
      // The trainer may rewrite these files while tests run: read each
      // once, here, and use that copy throughout.
      let model: ReturnType<typeof decodeModel> | undefined;
      const load = () => (model ??= readModel(SHIPPED));
      specifyAgreement(load, () => passageIds(load()));
    }
  );
});
