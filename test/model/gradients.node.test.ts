/**
 * The trainer's gradients against tfjs's own differentiation of the same
 * model in plain tfjs ops, by test/model/gradient-check.ts in a child
 * process (tfjs's gradients only load bundled, see cli.ts).
 */
import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {before, describe, it} from 'node:test';
import {lastJsonLine, ROOT} from './cli.js';

/** Relative to the largest gradient of the tensor; float32 rounding. */
const TOLERANCE = 1e-4;

interface Result {
  case: string;
  backend: string;
  loss: number;
  wantLoss: number;
  errors: Record<string, number>;
}

describe('TrainEngine.gradients()', () => {
  let results: Result[];

  before(() => {
    const run = spawnSync(
      process.execPath,
      ['scripts/run-ts.mjs', 'test/model/gradient-check.ts'],
      {cwd: ROOT, encoding: 'utf8', timeout: 120_000}
    );
    assert.equal(run.status, 0, run.stderr);
    results = lastJsonLine(run.stdout).results as Result[];
  });

  it('is checked on wasm and cpu, for two model shapes', () => {
    const seen = results.map((r) => `${r.backend}: ${r.case}`);
    assert.equal(new Set(seen).size, 4, seen.join(', '));
  });

  it('gives the plain model\'s loss within 1e-5', () => {
    for (const r of results) {
      const d = Math.abs(r.loss - r.wantLoss);
      assert.ok(d < 1e-5, `${r.backend}, ${r.case}: ${d}`);
    }
  });

  it(`gives every weight's gradient within ${TOLERANCE} (relative)`, () => {
    for (const r of results) {
      assert.ok(Object.keys(r.errors).length > 10, 'too few weights');
      for (const [name, err] of Object.entries(r.errors)) {
        assert.ok(err < TOLERANCE, `${r.backend}, ${r.case}, ${name}: ${err}`);
      }
    }
  });
});
