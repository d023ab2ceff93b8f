/**
 * Inference's fast traced forward pass (src/traced-forward.ts, with the
 * folded weights of src/folded-weights.ts) against model/gpt.ts.
 */
import * as tf from '@tensorflow/tfjs-core';
import assert from 'node:assert/strict';
import {after, before, describe, it} from 'node:test';
import type {ModelData} from '../../model/format.js';
import {Rng} from '../../model/rng.js';
import {Inference} from '../../src/inference.js';
import {
  maxDiff,
  oracleTrace,
  perturbedModel,
  shippedModel,
  startWasm,
} from './model-fixture.js';

const TOLERANCE = 1e-4;

function randomIds(model: ModelData, T: number, seed: number): number[] {
  const rng = new Rng(seed);
  return Array.from({length: T}, () => rng.int(model.config.vocabSize));
}

const shipped = shippedModel();
const cases: [string, () => ModelData][] = [
  ['a model with random norms and biases', () => perturbedModel(11)],
];
if (shipped) cases.unshift(['the shipped model', () => shipped]);

describe('Inference', () => {
  before(startWasm);

  for (const [name, make] of cases) {
    describe(`trace() on ${name}`, () => {
      const model = make();
      let inference: Inference;
      before(() => {
        inference = new Inference(model);
      });
      after(() => inference.dispose());

      for (const T of [1, 37, model.config.blockSize]) {
        it(`equals model/gpt.ts's trace at T = ${T}`, async () => {
          const ids = randomIds(model, T, T);
          const mine = await inference.trace(ids);
          const full = oracleTrace(model, ids);
          assert.equal(mine.T, T);
          const {nLayer, nHead} = model.config;
          for (let l = 0; l < nLayer; l++) {
            for (let h = 0; h < nHead; h++) {
              const d = maxDiff(mine.attention[l][h], full.attention[l][h]);
              assert.ok(d < TOLERANCE, `attention ${l}.${h}: ${d}`);
            }
            const d = maxDiff(mine.mlp[l], full.mlp[l]);
            assert.ok(d < TOLERANCE, `mlp ${l}: ${d}`);
          }
          for (let l = 0; l <= nLayer; l++) {
            const d = maxDiff(mine.residual[l], full.residual[l]);
            assert.ok(d < TOLERANCE, `residual ${l}: ${d}`);
          }
          assert.ok(maxDiff(mine.logits, full.logits) < TOLERANCE);
          assert.ok(maxDiff(mine.probs, full.probs) < TOLERANCE);
        });
      }

      it('gives lastLogits() equal to the last row of the trace', async () => {
        const text = model.vocab.slice(0, 50).join('');
        const trace = await inference.traceText(text);
        const V = model.config.vocabSize;
        const last = trace.logits.subarray((trace.T - 1) * V);
        const d = maxDiff(await inference.lastLogits(text), last);
        assert.ok(d < TOLERANCE, `${d}`);
      });
    });
  }

  describe('tensors', () => {
    it('keeps the tensor count over traces and lastLogits', async () => {
      const model = perturbedModel(11);
      const inference = new Inference(model);
      const before = tf.memory().numTensors;
      await inference.trace(randomIds(model, 128, 1));
      await inference.traceText('');
      await inference.lastLogits('ABC');
      await assert.rejects(inference.trace([0, 99]), /outside/);
      assert.equal(tf.memory().numTensors, before);
      inference.dispose();
    });

    it('frees its weights on dispose()', () => {
      const before = tf.memory().numTensors;
      new Inference(perturbedModel(11)).dispose();
      assert.equal(tf.memory().numTensors, before);
    });

    it('frees what warmUp() made on dispose()', async () => {
      const before = tf.memory().numTensors;
      const inference = new Inference(perturbedModel(11));
      await inference.warmUp();
      inference.dispose();
      assert.equal(tf.memory().numTensors, before);
    });
  });
});
