/**
 * The eval CLI (scripts/eval.ts), on a tiny model trained here, checked
 * against the reference forward pass over the same windows.
 */
import assert from 'node:assert/strict';
import {readFileSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {after, before, describe, it} from 'node:test';
import {decodeModel, type ModelData} from '../../model/format.js';
import {paramCount} from '../../model/params.js';
import {referenceForward} from '../../model/reference.js';
import {evalWindows, splitCorpus} from '../../model/training/data.js';
import {
  lastJsonLine,
  runTool,
  runToolOk,
  scratchDir,
  writePatternCorpus,
} from './cli.js';

/** Mean nats per character over the split, by the reference engine. */
function referenceLoss(model: ModelData, val: Uint8Array): number {
  const T = model.config.blockSize;
  const V = model.config.vocabSize;
  let nll = 0;
  let n = 0;
  for (const {start, from} of evalWindows(val.length, T, 64)) {
    const ids = Array.from(val.subarray(start, start + T));
    const {logits} = referenceForward(model, ids); // [T, V]
    for (let t = from; t < T; t++) {
      const row = logits.subarray(t * V, (t + 1) * V);
      const max = Math.max(...row);
      const logSum = Math.log(row.reduce((s, v) => s + Math.exp(v - max), 0));
      nll += logSum + max - row[val[start + t + 1]];
      n++;
    }
  }
  return nll / n;
}

describe('eval CLI (scripts/eval.ts)', () => {
  const scratch = scratchDir();
  const modelDir = join(scratch.dir, 'model');
  let corpus: string;
  let summary: Record<string, unknown>;
  let stdout: string;

  before(() => {
    // A 128-character context, as the default model, so stride 64 holds.
    corpus = writePatternCorpus(scratch.dir, 4000);
    // prettier-ignore
    runToolOk('train', [
      '--corpus', corpus,
      '--out', modelDir,
      '--resume-dir', join(scratch.dir, 'resume'),
      '--n-layer', '1', '--n-embd', '32', '--n-head', '2',
      '--block-size', '128', '--mlp-hidden', '64',
      '--steps', '40', '--eval-every', '40', '--batch-size', '4',
      '--lr', '1e-2', '--warmup', '5', '--workers', '1',
    ]);
    ({stdout} = runToolOk('eval', ['--corpus', corpus, '--model', modelDir]));
    summary = lastJsonLine(stdout);
  });
  after(() => scratch.remove());

  const readModel = () => {
    const manifest = JSON.parse(
      readFileSync(join(modelDir, 'manifest.json'), 'utf8')
    );
    const bin = readFileSync(join(modelDir, 'weights.bin'));
    return decodeModel(manifest, new Uint8Array(bin).buffer);
  };

  describe('on a model and the corpus it was trained on', () => {
    it('prints one JSON object as its last line', () => {
      for (const key of ['model', 'dtype', 'params', 'valLoss', 'valChars']) {
        assert.ok(key in summary, `no "${key}" in ${stdout}`);
      }
      assert.equal(summary.model, modelDir);
      assert.equal(summary.dtype, 'float16');
      assert.equal(summary.stride, 64);
    });

    it('counts the parameters of the model it read', () => {
      assert.equal(summary.params, paramCount(readModel().config));
    });

    it('scores every character of the validation split once', () => {
      const text = readFileSync(corpus, 'utf8');
      const {val} = splitCorpus(text, readModel().vocab);
      assert.equal(val.length, 400);
      assert.equal(summary.valChars, val.length - 1);
      assert.equal(summary.windows, evalWindows(val.length, 128, 64).length);
    });

    it('reports the mean loss the reference forward pass gives', () => {
      const model = readModel();
      const text = readFileSync(corpus, 'utf8');
      const {val} = splitCorpus(text, model.vocab);
      const expected = referenceLoss(model, val);
      const got = summary.valLoss as number;
      assert.ok(Math.abs(got - expected) < 1e-4, `${got} vs ${expected}`);
      assert.ok(
        Math.abs((summary.bitsPerChar as number) - got / Math.LN2) < 1e-4,
        `bitsPerChar ${summary.bitsPerChar}`
      );
    });
  });

  describe('on a corpus with characters the model does not know', () => {
    it('fails, naming the characters and how many times each occurs', () => {
      const odd = join(scratch.dir, 'odd.txt');
      writeFileSync(odd, 'the cat sat on the mat.\n'.repeat(20) + 'Z\u00e9Z');
      const r = runTool('eval', ['--corpus', odd, '--model', modelDir]);
      assert.equal(r.status, 1);
      assert.match(r.stderr, /eval: .*odd\.txt has 2 character\(s\) outside/);
      assert.match(r.stderr, /"Z" \(2x\), "\u00e9" \(1x\)/);
    });
  });

  describe('on a folder with no model', () => {
    it('fails, naming the folder it looked in', () => {
      const r = runTool('eval', ['--corpus', corpus, '--model', scratch.dir]);
      assert.equal(r.status, 1);
      assert.ok(r.stderr.includes(`No Peek model in ${scratch.dir}`), r.stderr);
    });
  });
});
