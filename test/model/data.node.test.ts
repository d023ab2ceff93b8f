import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {evalWindows, splitCorpus} from '../../model/training/data.js';

describe('splitCorpus()', () => {
  it('keeps the first 90% for training and the last 10% for validation', () => {
    const text = 'abcdefghij'.repeat(10);
    const {train, val, tokenizer} = splitCorpus(text);
    assert.equal(train.length, 90);
    assert.equal(tokenizer.decode(val), text.slice(90));
  });

  it('reads the text with a given vocabulary', () => {
    const {tokenizer, val} = splitCorpus('ba'.repeat(10), ['a', 'b', 'c']);
    assert.deepEqual(tokenizer.vocab, ['a', 'b', 'c']);
    assert.deepEqual(Array.from(val), [1, 0]);
  });
});

describe('evalWindows()', () => {
  /** How many times each target 0..length-2 is scored. */
  function coverage(length: number, block: number, stride: number) {
    const times = new Array(Math.max(0, length - 1)).fill(0);
    const T = Math.min(block, length - 1);
    for (const {start, from} of evalWindows(length, block, stride)) {
      assert.ok(start >= 0 && start + T <= length - 1, `start ${start}`);
      for (let t = from; t < T; t++) times[start + t]++;
    }
    return times;
  }

  it('scores every target exactly once, for any split length', () => {
    for (let length = 0; length < 700; length++) {
      const times = coverage(length, 128, 64);
      assert.ok(
        times.every((n) => n === 1),
        `length ${length}: ${times.join('')}`
      );
    }
  });

  it('gives every window after the first block - stride of context', () => {
    const windows = evalWindows(1000, 128, 64);
    assert.deepEqual(windows[0], {start: 0, from: 0});
    for (const w of windows.slice(1)) assert.ok(w.from >= 64, `${w.from}`);
  });

  it('moves 64 characters at a time by default for a 128 context', () => {
    const starts = evalWindows(1000, 128).map((w) => w.start);
    assert.deepEqual(starts.slice(0, 4), [0, 64, 128, 192]);
  });
});
