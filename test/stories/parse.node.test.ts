import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {describe, it} from 'node:test';
import {bestEntry, parseTrainLog} from '../../stories/training-log/parse.js';

const LOG = new URL('../../model/default/train-log.jsonl', import.meta.url);

describe('parseTrainLog()', () => {
  it('reads every evaluation of the shipped log, in step order', () => {
    const text = readFileSync(LOG, 'utf8');
    const lines = text.split('\n').filter((l) => l.trim());
    const {entries, skipped} = parseTrainLog(text);
    assert.equal(skipped, 0);
    assert.equal(entries.length, lines.length);
    const last = JSON.parse(lines[lines.length - 1]);
    assert.equal(entries[entries.length - 1].sample, last.sample);
    assert.equal(entries[entries.length - 1].valLoss, last.valLoss);
    for (let i = 1; i < entries.length; i++) {
      assert.ok(entries[i].step > entries[i - 1].step);
    }
  });

  it('skips broken lines and counts them, keeping the rest', () => {
    const text = [
      '{"step":200,"trainLoss":2,"valLoss":2.1,"lr":0.001,"sample":"b"}',
      'not json',
      '{"step":"x","trainLoss":2,"valLoss":2}',
      '{"step":100,"trainLoss":3,"valLoss":3.1,"sample":"<b>a</b>"}',
      '{"step":300,"trainLoss":1,"val',
      '',
    ].join('\n');
    const {entries, skipped} = parseTrainLog(text);
    assert.equal(skipped, 3);
    assert.deepEqual(
      entries.map((e) => e.step),
      [100, 200]
    );
    assert.equal(entries[0].sample, '<b>a</b>');
    assert.ok(Number.isNaN(entries[0].lr));
  });

  it('finds the lowest validation loss', () => {
    const {entries} = parseTrainLog(
      [1, 2, 3]
        .map((s) => JSON.stringify({step: s, trainLoss: 1, valLoss: 5 - s}))
        .join('\n')
    );
    assert.equal(bestEntry(entries)?.step, 3);
    assert.equal(bestEntry([]), undefined);
  });
});
