/**
 * Inference.create(): the weights folded and uploaded in pieces, with a
 * pause between them, are the constructor's bit for bit, and a stop
 * part of the way leaves no tensor behind.
 */
import * as tf from '@tensorflow/tfjs-core';
import assert from 'node:assert/strict';
import {before, describe, it} from 'node:test';
import {foldSteps, foldWeights} from '../../src/folded-weights.js';
import {Inference} from '../../src/inference.js';
import {runSliced} from '../../src/steps.js';
import {
  disposeWeights,
  uploadSteps,
  uploadWeights,
} from '../../src/weight-tensors.js';
import {perturbedModel, startWasm} from './model-fixture.js';
import {countingPause} from '../counting-pause.js';


/** Float32 values as their bits, so -0, +0 and NaNs compare exactly. */
const bits = (a: ArrayLike<number>) =>
  new Uint32Array(Float32Array.from(a).buffer);

/** Every array or tensor of a structure, by path, as bits. */
function flatten(
  value: unknown,
  path = '',
  out = new Map<string, Uint32Array>()
): Map<string, Uint32Array> {
  if (value instanceof tf.Tensor) {
    const data = value.dataSync() as Float32Array;
    out.set(`${path} [${value.shape}]`, bits(data));
  } else if (value instanceof Float32Array) {
    out.set(path, bits(value));
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => flatten(v, `${path}[${i}]`, out));
  } else if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) {
      flatten(v, `${path}.${k}`, out);
    }
  }
  return out;
}

describe('Inference.create()', () => {
  before(startWasm);
  const model = perturbedModel(5);

  it('folds as foldWeights() does, bit for bit', async () => {
    const pause = countingPause();
    const sliced = await runSliced(foldSteps(model), pause);
    assert.deepEqual(flatten(sliced), flatten(foldWeights(model)));
    assert.equal(pause.calls, model.config.nLayer);
  });

  it('uploads as uploadWeights() does, bit for bit', async () => {
    const folded = foldWeights(model);
    const pause = countingPause();
    const sliced = await runSliced(uploadSteps(folded), pause);
    const whole = uploadWeights(folded);
    const a = flatten(sliced);
    assert.ok(a.size > 60, `only ${a.size} arrays`);
    assert.deepEqual(a, flatten(whole));
    assert.equal(pause.calls, model.config.nLayer);
    disposeWeights(sliced);
    disposeWeights(whole);
  });

  it("traces as the constructor's Inference does, bit for bit", async () => {
    const pause = countingPause();
    const made = await Inference.create(model, pause);
    const plain = new Inference(model);
    assert.ok(pause.calls >= 2 * model.config.nLayer, `${pause.calls}`);
    const ids = Array.from({length: 40}, (_, i) => (i * 7) % 65);
    assert.deepEqual(
      flatten(await made.trace(ids)),
      flatten(await plain.trace(ids))
    );
    made.dispose();
    plain.dispose();
  });

  it('leaves the tensor count as it was after dispose()', async () => {
    const before = tf.memory().numTensors;
    (await Inference.create(model, countingPause())).dispose();
    assert.equal(tf.memory().numTensors, before);
  });

  it('frees what it uploaded when stopped part of the way', async () => {
    const before = tf.memory().numTensors;
    let calls = 0;
    const pause = async () => {
      // Folding takes nLayer pauses; stop in the middle of the upload.
      if (++calls === model.config.nLayer + 2) throw new Error('stop');
    };
    await assert.rejects(Inference.create(model, pause), /stop/);
    assert.equal(tf.memory().numTensors, before);
  });
});
