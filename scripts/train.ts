/**
 * Trains a Peek model on a text file.
 *
 *   npm run train -- --corpus <file> --out <dir> [--resume] [--steps N]
 *     [--workers N] [--eval-every N] [--snapshots 100,300,1000]
 *     [--resume-dir <dir>] [--max-steps-this-run N] [--<train option> V]
 *
 * Writes <out>/manifest.json + weights.bin (float16, the best validation
 * loss so far), train-log.jsonl and train-config.json. Resume state is
 * kept in runs/<out's name> unless --resume-dir says otherwise.
 */
import {readFileSync} from 'node:fs';
import {basename, join, resolve} from 'node:path';
import {DEFAULT_TRAIN, type TrainConfig} from '../model/training/schedule.js';
import {initTf} from '../model/training/tfjs-node.js';
import {train, type TrainProgress} from '../model/training/trainer.js';
import {parseArgs} from './args.js';

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const corpus = args.string('corpus');
  const out = resolve(args.string('out'));
  const tc: TrainConfig = {...DEFAULT_TRAIN};
  for (const key of Object.keys(tc) as (keyof TrainConfig)[]) {
    const flag = key.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase());
    if (args.has(flag)) tc[key] = args.number(flag);
  }
  const model: Record<string, number> = {};
  for (const k of ['n-layer', 'n-embd', 'n-head', 'block-size', 'mlp-hidden']) {
    if (args.has(k)) model[k.replace(/-(\w)/g, (_, c) => c.toUpperCase())] = args.number(k);
  }
  const snapshots = args.has('snapshots')
    ? args.raw('snapshots').split(',').map(Number)
    : [];
  await initTf('wasm');
  const started = performance.now();
  const text = readFileSync(corpus, 'utf8');
  const result = await train({
    corpusText: text,
    corpusName: basename(corpus),
    outDir: out,
    resumeDir: resolve(
      args.has('resume-dir')
        ? args.raw('resume-dir')
        : join('runs', basename(out))
    ),
    resume: args.flag('resume'),
    train: tc,
    model,
    snapshots,
    maxStepsThisRun: args.has('max-steps-this-run') ? args.number('max-steps-this-run') : undefined,
    workerFile: join(__dirname, 'grad-worker.cjs'),
    onProgress: progressPrinter(started),
  });
  const mins = ((performance.now() - started) / 60000).toFixed(1);
  console.log(
    `\ndone: step ${result.step}, best val loss ${result.bestVal.toFixed(4)}, ${mins} min`
  );
}

function progressPrinter(started: number): (p: TrainProgress) => void {
  const tty = process.stderr.isTTY;
  return (p) => {
    const frac = p.step / p.steps;
    const width = 24;
    const bar = '#'.repeat(Math.round(frac * width)).padEnd(width, '.');
    const elapsed = (performance.now() - started) / 1000;
    const eta = p.charsPerSec > 0 ? ((p.steps - p.step) * elapsed) / Math.max(1, p.step) : 0;
    const line =
      `[${bar}] ${p.step}/${p.steps} loss ${p.loss.toFixed(3)} ` +
      `lr ${p.lr.toExponential(1)} ${Math.round(p.charsPerSec)} chars/s ` +
      `eta ${fmt(eta)}`;
    if (p.val !== undefined) {
      process.stderr.write((tty ? '\r' : '') + line + `  val ${p.val.toFixed(4)}\n`);
      process.stderr.write(`  sample: ${JSON.stringify(p.sample?.slice(0, 120))}\n`);
    } else if (tty) {
      process.stderr.write('\r' + line);
    } else if (p.step % 10 === 0) {
      process.stderr.write(line + '\n');
    }
  };
}

function fmt(s: number): string {
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const pad = (n: number) => String(Math.floor(n)).padStart(2, '0');
  return h > 0 ? `${h}h${pad(m)}m` : `${m}m${pad(s % 60)}s`;
}

main().catch((e) => {
  console.error(`train: ${(e as Error).message}`);
  process.exit(1);
});
