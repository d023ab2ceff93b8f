import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { sum } from './sum.js';

describe('sum()', () => {
  it('adds two integers', () => {
    assert.equal(sum(2, 2), 4);
  });
});

describe('tfjs wasm backend in Node', () => {
  it('initialises and adds tensors', async () => {
    assert.equal(await tf.setBackend('wasm'), true);
    assert.equal(tf.getBackend(), 'wasm');
    const before = tf.memory().numTensors;
    const out = tf.tidy(() => tf.add([1, 2, 3], [10, 20, 30]));
    assert.deepEqual(Array.from(await out.data()), [11, 22, 33]);
    out.dispose();
    assert.equal(tf.memory().numTensors, before);
  });
});
