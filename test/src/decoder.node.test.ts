/**
 * The incremental decoder (src/decoder.ts) against full recomputation by
 * model/gpt.ts, before and after its window restarts.
 */
import * as tf from '@tensorflow/tfjs-core';
import assert from 'node:assert/strict';
import {before, describe, it} from 'node:test';
import type {ModelData} from '../../model/format.js';
import {Rng} from '../../model/rng.js';
import {Tokenizer} from '../../model/tokenizer.js';
import {Decoder, type StepTrace} from '../../src/decoder.js';
import {foldWeights} from '../../src/folded-weights.js';
import {Inference} from '../../src/inference.js';
import {
  maxDiff,
  oracleTrace,
  perturbedModel,
  shippedModel,
  startWasm,
} from './model-fixture.js';

const TOLERANCE = 1e-4;

/** Prefills `first` tokens of stream, then steps through the rest. */
async function run(
  decoder: Decoder,
  stream: number[],
  first: number
): Promise<StepTrace[]> {
  const steps = [await decoder.prefill(stream.slice(0, first))];
  for (const id of stream.slice(first)) steps.push(await decoder.next(id));
  return steps;
}

/**
 * Worst differences between each step and the same position of a full
 * forward pass over that step's window. One oracle pass per window does:
 * the model is causal, so row t of a longer pass is the pass over 0..t.
 */
function compare(model: ModelData, stream: number[], steps: StepTrace[]) {
  const {nLayer, nHead, mlpHidden: M, nEmbd: C, vocabSize: V} = model.config;
  const worst = {attention: 0, mlp: 0, residual: 0, logits: 0, probs: 0};
  const note = (key: keyof typeof worst, d: number) => {
    worst[key] = Number.isNaN(d) ? NaN : Math.max(worst[key], d);
  };
  const windows = [...new Set(steps.map((s) => s.windowStart))];
  for (const start of windows) {
    const mine = steps.filter((s) => s.windowStart === start);
    const end = Math.max(...mine.map((s) => s.position));
    const T = end - start + 1;
    const full = oracleTrace(model, stream.slice(start, end + 1));
    for (const s of mine) {
      const t = s.position - start;
      for (let l = 0; l < nLayer; l++) {
        for (let h = 0; h < nHead; h++) {
          // The oracle's row has T entries, zero after the query.
          const row = full.attention[l][h].subarray(t * T, t * T + t + 1);
          note('attention', maxDiff(s.attention[l][h], row));
        }
        const mlp = full.mlp[l].subarray(t * M, (t + 1) * M);
        note('mlp', maxDiff(s.mlp[l], mlp));
      }
      for (let l = 0; l <= nLayer; l++) {
        const row = full.residual[l].subarray(t * C, (t + 1) * C);
        note('residual', maxDiff(s.residual[l], row));
      }
      const vocabRow = (m: Float32Array) => m.subarray(t * V, (t + 1) * V);
      note('logits', maxDiff(s.logits, vocabRow(full.logits)));
      note('probs', maxDiff(s.probs, vocabRow(full.probs)));
    }
  }
  return {worst, windows};
}

function assertClose(worst: Record<string, number>): void {
  for (const [key, d] of Object.entries(worst)) {
    assert.ok(d < TOLERANCE, `${key} differs by ${d}`);
  }
}

/** A stream long enough for the window to restart twice. */
function streamFor(model: ModelData, length: number): number[] {
  const passage =
    'KING RICHARD II:\nNo matter where; of comfort no man speak:\n' +
    "Let's talk of graves, of worms, and epitaphs;\n" +
    'Make dust our paper and with rainy eyes\n' +
    'Write sorrow on the bosom of the earth.\n';
  const tokenizer = new Tokenizer(model.vocab);
  if (model.vocab.includes('K')) {
    return tokenizer.encode(passage.repeat(3)).slice(0, length);
  }
  const rng = new Rng(7);
  return Array.from({length}, () => rng.int(model.config.vocabSize));
}

const shipped = shippedModel();
const cases: [string, () => ModelData][] = [
  ['a model with random norms and biases', () => perturbedModel(3)],
];
if (shipped) cases.unshift(['the shipped model', () => shipped]);

describe('Decoder', () => {
  before(startWasm);

  for (const [name, make] of cases) {
    describe(`on ${name}`, () => {
      const model = make();

      it('equals full recomputation each step, over 2 restarts', async () => {
        const inference = new Inference(model);
        try {
          const stream = streamFor(model, 250);
          const steps = await run(inference.decoder(), stream, 40);
          const {worst, windows} = compare(model, stream, steps);
          assert.deepEqual(windows, [0, 65, 130]);
          assertClose(worst);
        } finally {
          inference.dispose();
        }
      });

      it('does the same when it prefills step by step', async () => {
        const stream = streamFor(model, 150);
        const decoder = new Decoder(foldWeights(model), {keep: 100});
        const steps = await run(decoder, stream, 20);
        const {worst, windows} = compare(model, stream, steps);
        assert.deepEqual(windows, [0, 29]);
        assertClose(worst);
      });
    });
  }

  describe('window', () => {
    const model = shipped ?? perturbedModel(3);
    const N = model.config.blockSize;

    it('keeps the last blockSize tokens of a long prefill', async () => {
      const inference = new Inference(model);
      try {
        const stream = streamFor(model, N + 30);
        const step = await inference.decoder().prefill(stream);
        assert.equal(step.windowStart, 30);
        assert.equal(step.position, N + 29);
        assert.equal(step.attention[0][0].length, N);
        const full = await inference.trace(stream.slice(30));
        const V = model.config.vocabSize;
        const last = full.logits.subarray((N - 1) * V);
        assert.ok(maxDiff(step.logits, last) < TOLERANCE);
      } finally {
        inference.dispose();
      }
    });

    it('goes back with truncate() and steps on from there', async () => {
      const inference = new Inference(model);
      try {
        const stream = streamFor(model, 30);
        const decoder = inference.decoder();
        await decoder.prefill(stream.slice(0, 20));
        await decoder.truncate(12);
        assert.deepEqual(decoder.window, stream.slice(0, 12));
        const step = await decoder.next(stream[12]);
        assert.equal(step.position, 12);
        const full = await inference.trace(stream.slice(0, 13));
        const V = model.config.vocabSize;
        const last = full.logits.subarray(12 * V);
        assert.ok(maxDiff(step.logits, last) < TOLERANCE);
      } finally {
        inference.dispose();
      }
    });

    it('restarts from the last `keep` tokens when full', async () => {
      const decoder = new Decoder(foldWeights(model), {keep: 10});
      const stream = streamFor(model, N + 1);
      await decoder.prefill(stream.slice(0, N));
      assert.equal(decoder.window.length, N);
      const step = await decoder.next(stream[N]);
      assert.equal(decoder.window.length, 10);
      assert.deepEqual(decoder.window, stream.slice(N + 1 - 10));
      assert.equal(step.windowStart, N + 1 - 10);
      assert.equal(step.position, N);
      assert.equal(decoder.length, N + 1);
    });
  });

  describe('when misused', () => {
    const folded = foldWeights(perturbedModel(3));

    it('rejects next() before prefill()', async () => {
      await assert.rejects(new Decoder(folded).next(1), /before prefill/);
    });

    it('rejects truncating to nothing', async () => {
      const decoder = new Decoder(folded);
      await decoder.prefill([1, 2]);
      await assert.rejects(decoder.truncate(0), /at least 1/);
    });

    it('rejects an empty prefill', async () => {
      await assert.rejects(new Decoder(folded).prefill([]), /at least one/);
    });

    it('rejects a token id outside the vocabulary', async () => {
      const decoder = new Decoder(folded);
      await decoder.prefill([1, 2]);
      await assert.rejects(decoder.next(65), /outside 0\.\.64/);
    });

    it('refuses a keep outside 1..blockSize-1, naming the range', () => {
      assert.throws(() => new Decoder(folded, {keep: 128}), /1 to 127/);
      assert.throws(() => new Decoder(folded, {keep: 0}), /1 to 127/);
    });
  });

  describe('tensors', () => {
    it('keeps the tensor count over 200 steps and a restart', async () => {
      const model = perturbedModel(3);
      const inference = new Inference(model);
      try {
        const decoder = inference.decoder();
        const before = tf.memory().numTensors;
        const stream = streamFor(model, 210);
        const steps = await run(decoder, stream, 10);
        assert.ok(steps.some((s) => s.windowStart > 0), 'never restarted');
        assert.equal(tf.memory().numTensors, before);
      } finally {
        inference.dispose();
      }
    });
  });
});
