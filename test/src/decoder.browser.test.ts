/**
 * The decoder in Chromium, on the page's shared model: what a sampler
 * gets from model.inference.decoder() matches model.inference.trace()
 * over the same window, and holds no tensors.
 */
import * as tf from '@tensorflow/tfjs-core';
import {expect} from 'chai';
import type {StepTrace} from '../../src/decoder.js';
import {configurePeek} from '../../src/options.js';
import {loadModel, type PeekModel} from '../../src/store.js';
import {maxDiff} from '../max-diff.js';

configurePeek({
  wasmDir: '/node_modules/@tensorflow/tfjs-backend-wasm/dist/',
  modelUrl: new URL('../../model/default/manifest.json', import.meta.url)
    .href,
});

const TOLERANCE = 1e-4;
const TEXT =
  'To be, or not to be, that is the question:\nWhether tis nobler in ' +
  'the mind to suffer\nThe slings and arrows of outrageous fortune,\n' +
  'Or to take arms against a sea of troubles\nAnd by opposing end them.';

/** The step against the last row of a full trace of its window. */
async function check(model: PeekModel, stream: number[], s: StepTrace) {
  const {mlpHidden: M, nEmbd: C, vocabSize: V} = model.data.config;
  const full = await model.inference.trace(
    stream.slice(s.windowStart, s.position + 1)
  );
  const t = full.T - 1;
  const last = (m: Float32Array, n: number) => m.subarray(t * n, t * n + n);
  s.attention.forEach((heads, l) =>
    heads.forEach((row, h) =>
      expect(maxDiff(row, last(full.attention[l][h], full.T))).to.be.below(
        TOLERANCE
      )
    )
  );
  s.mlp.forEach((m, l) =>
    expect(maxDiff(m, last(full.mlp[l], M))).to.be.below(TOLERANCE)
  );
  s.residual.forEach((r, l) =>
    expect(maxDiff(r, last(full.residual[l], C))).to.be.below(TOLERANCE)
  );
  expect(maxDiff(s.logits, last(full.logits, V))).to.be.below(TOLERANCE);
  expect(maxDiff(s.probs, last(full.probs, V))).to.be.below(TOLERANCE);
}

describe('Inference.decoder() in the browser', () => {
  let model: PeekModel;
  before(async () => {
    model = await loadModel();
  });

  it('matches full traces of its window, across a restart', async () => {
    const stream = model.tokenizer.encode(TEXT);
    expect(stream.length).to.be.above(model.data.config.blockSize + 10);
    const decoder = model.inference.decoder();
    const steps = [await decoder.prefill(stream.slice(0, 20))];
    for (const id of stream.slice(20)) steps.push(await decoder.next(id));
    const restart = steps.findIndex((s) => s.windowStart > 0);
    expect(restart).to.be.above(0);
    // The prefill, every 25th step, and each side of the restart.
    const picked = steps.filter(
      (_, i) => i === 0 || i % 25 === 0 || Math.abs(i - restart) <= 1
    );
    for (const s of picked) await check(model, stream, s);
  });

  it('keeps the tensor count over 150 steps', async () => {
    const stream = model.tokenizer.encode(TEXT);
    const before = tf.memory().numTensors;
    const decoder = model.inference.decoder();
    await decoder.prefill(stream.slice(0, 5));
    for (const id of stream.slice(5, 155)) await decoder.next(id);
    expect(tf.memory().numTensors).to.equal(before);
  });
});
