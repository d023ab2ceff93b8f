/**
 * Training throughput: a few real steps of model/training/trainer.ts
 * (batch 32 x 128, two gradient threads, AdamW) on a scratch folder.
 */
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {DEFAULT_CONFIG} from '../../model/config.js';
import {DEFAULT_TRAIN} from '../../model/training/schedule.js';
import {train} from '../../model/training/trainer.js';
import {median} from './stats.js';

/** Characters per second over `steps` steps, the first two untimed. */
export async function trainCharsPerSecond(
  corpusText: string,
  workerFile: string,
  steps = 7
): Promise<number> {
  const scratch = mkdtempSync(join(tmpdir(), 'peek-bench-train-'));
  const {batchSize} = DEFAULT_TRAIN;
  const times: number[] = [];
  let last = performance.now();
  try {
    await train({
      corpusText,
      corpusName: 'bench',
      outDir: join(scratch, 'model'),
      resumeDir: join(scratch, 'resume'),
      resume: false,
      // No evaluation within the timed steps.
      train: {...DEFAULT_TRAIN, evalEvery: 1e9},
      maxStepsThisRun: steps,
      workerFile,
      onProgress: () => {
        const now = performance.now();
        times.push(now - last);
        last = now;
      },
    });
  } finally {
    rmSync(scratch, {recursive: true, force: true});
  }
  const chars = batchSize * DEFAULT_CONFIG.blockSize;
  return (chars * 1000) / median(times.slice(2));
}
