/**
 * The trainer, driven through its command line (scripts/train.ts) on a
 * tiny model and a corpus of repeated lines.
 */
import assert from 'node:assert/strict';
import {createHash} from 'node:crypto';
import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import {after, before, describe, it} from 'node:test';
import {
  readTrainLog,
  runToolOk,
  scratchDir,
  writePatternCorpus,
} from './cli.js';

/** A model small enough to train 60 steps in a few seconds. */
// prettier-ignore
const TINY = [
  '--n-layer', '1',
  '--n-embd', '32',
  '--n-head', '2',
  '--block-size', '32',
  '--mlp-hidden', '64',
  '--steps', '60',
  '--eval-every', '20',
  '--eval-windows', '8',
  '--batch-size', '8',
  '--warmup', '5',
  '--lr', '1e-2',
  '--min-lr', '1e-3',
  '--seed', '7',
  '--workers', '1',
];

describe('train CLI (scripts/train.ts)', () => {
  const scratch = scratchDir();
  const at = (...parts: string[]) => join(scratch.dir, ...parts);
  let corpus: string;

  /** Trains into out/<name>, keeping resume state in resume/<name>. */
  const train = (name: string, ...extra: string[]) =>
    // prettier-ignore
    runToolOk('train', [
      '--corpus', corpus,
      '--out', at('out', name),
      '--resume-dir', at('resume', name),
      ...TINY,
      ...extra,
    ]);
  const file = (...parts: string[]) => readFileSync(at(...parts));
  const manifestOf = (name: string) =>
    JSON.parse(file('out', name, 'manifest.json').toString());
  const stateStep = (name: string) =>
    JSON.parse(file('resume', name, 'state', 'state.json').toString()).step;
  /** The log without wall-clock times, which differ between runs. */
  const log = (name: string) =>
    readTrainLog(at('out', name)).map(({time, ...rest}) => rest);

  let stoppedAt: number;
  before(() => {
    corpus = writePatternCorpus(scratch.dir);
    train('whole');
    train('split', '--max-steps-this-run', '20');
    stoppedAt = stateStep('split');
    train('split', '--resume');
  });
  after(() => scratch.remove());

  describe('on a corpus of repeated lines', () => {
    it('brings the validation loss far below chance (ln V)', () => {
      const manifest = manifestOf('whole');
      const chance = Math.log(manifest.vocab.length);
      const losses = log('whole').map((e) => e.valLoss as number);
      assert.equal(losses.length, 3);
      assert.ok(losses[0] < 0.6 * chance, `${losses[0]} vs ${chance}`);
      assert.ok(losses[2] < 0.35 * chance, `${losses[2]} vs ${chance}`);
    });

    it('lowers the validation loss at every evaluation', () => {
      const losses = log('whole').map((e) => e.valLoss as number);
      for (let i = 1; i < losses.length; i++) {
        assert.ok(losses[i] < losses[i - 1], `evaluation ${i}: ${losses}`);
      }
    });

    it('ships float16 weights with a manifest naming the run', () => {
      const manifest = manifestOf('whole');
      assert.equal(manifest.format, 'peek-gpt');
      assert.equal(manifest.tensors[0].dtype, 'float16');
      assert.equal(manifest.training.step, 60);
      assert.equal(manifest.training.corpus, 'pattern.txt');
    });

    it("names its weights file's SHA-256 in the manifest", () => {
      const weights = file('out', 'whole', 'weights.bin');
      const digest = createHash('sha256').update(weights).digest('hex');
      assert.equal(manifestOf('whole').weightsSha256, digest);
    });
  });

  describe('stopped by --max-steps-this-run, then run with --resume', () => {
    it('saves its state at the step it stopped', () => {
      assert.equal(stoppedAt, 20);
    });

    it('continues from there to the last step', () => {
      assert.equal(stateStep('split'), 60);
      assert.deepEqual(
        log('split').map((e) => e.step),
        [20, 40, 60]
      );
    });

    it('logs the same losses as an uninterrupted run', () => {
      assert.deepEqual(log('split'), log('whole'));
    });

    it('ends with the same weights, bit for bit', () => {
      for (const f of ['params.bin', 'adam-m.bin', 'adam-v.bin']) {
        const a = file('resume', 'whole', 'state', f);
        const b = file('resume', 'split', 'state', f);
        assert.ok(a.equals(b), `${f} differs`);
      }
      const shipped = (name: string) => file('out', name, 'weights.bin');
      assert.ok(shipped('whole').equals(shipped('split')), 'weights.bin');
    });
  });
});
