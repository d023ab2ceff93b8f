import assert from 'node:assert/strict';
import {readdirSync, readFileSync} from 'node:fs';
import {describe, it} from 'node:test';
import {
  CHECKPOINTS,
  checkpointFacts,
  FINAL_STEP,
  manifestUrl,
  stepOf,
} from '../../stories/checkpoints/checkpoints.js';
import type {LogEntry} from '../../stories/training-log/parse.js';

const MODEL = new URL('../../model/default/', import.meta.url);
const BASE = 'https://example.test/docs/model/default/';

describe('CHECKPOINTS', () => {
  it('lists the snapshots that ship, in step order, then the final', () => {
    const shipped = readdirSync(new URL('checkpoints/', MODEL))
      .filter((d) => /^step-\d+$/.test(d))
      .sort((a, b) => stepOf(a) - stepOf(b));
    assert.deepEqual(CHECKPOINTS, [...shipped, 'final']);
  });

  it('knows the final step from the shipped manifest', () => {
    const m = JSON.parse(readFileSync(new URL('manifest.json', MODEL), 'utf8'));
    assert.equal(m.training.step, FINAL_STEP);
  });
});

describe('manifestUrl()', () => {
  it('finds the final model beside the checkpoints folder', () => {
    assert.equal(manifestUrl(BASE, 'final'), `${BASE}manifest.json`);
  });

  it('finds a snapshot, shipped or not, in checkpoints/', () => {
    assert.equal(
      manifestUrl(BASE, 'step-100'),
      `${BASE}checkpoints/step-100/manifest.json`
    );
    assert.equal(
      manifestUrl(BASE, 'step-500'),
      `${BASE}checkpoints/step-500/manifest.json`
    );
  });

  it('refuses names that are not checkpoints, paths included', () => {
    for (const id of ['', 'step-', 'step-0', 'step-1x', '../x', 'step-1/..']) {
      assert.equal(manifestUrl(BASE, id), undefined, id);
    }
  });
});

describe('stepOf()', () => {
  it('reads the step from the id', () => {
    assert.equal(stepOf('step-2000'), 2000);
    assert.equal(stepOf('final'), FINAL_STEP);
    assert.ok(Number.isNaN(stepOf('nonsense')));
  });
});

describe('checkpointFacts()', () => {
  const log: LogEntry[] = [
    {step: 100, trainLoss: 2.5, valLoss: 2.4, lr: 1e-3, sample: ''},
    {step: 200, trainLoss: 2.3, valLoss: 2.2, lr: 1e-3, sample: ''},
  ];

  it("prefers the manifest's training block", () => {
    const training = {step: 200, valLossEstimate: 2.25, trainLoss: 2.35};
    assert.deepEqual(checkpointFacts(training, 100, log), {
      step: 200,
      valLoss: 2.25,
      trainLoss: 2.35,
    });
  });

  it('fills what the manifest lacks from the log at that step', () => {
    const training = {step: 100, valLossEstimate: 2.41};
    assert.deepEqual(checkpointFacts(training, 0, log), {
      step: 100,
      valLoss: 2.41,
      trainLoss: 2.5,
    });
    assert.deepEqual(checkpointFacts(undefined, 200, log), {
      step: 200,
      valLoss: 2.2,
      trainLoss: 2.3,
    });
  });

  it('leaves out what neither has; values must be finite numbers', () => {
    const training = {step: 300, valLossEstimate: 'low', trainLoss: NaN};
    assert.deepEqual(
      checkpointFacts(training, 0, log),
      {step: 300, valLoss: undefined, trainLoss: undefined}
    );
  });
});
