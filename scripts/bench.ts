/**
 * Measures Peek's engine against the naive one, in Node on tfjs's wasm
 * backend (single thread, as in the browser).
 *
 *   npm run bench [-- --json] [--model <dir>] [--corpus <file>]
 *     [--no-train] [--quick]
 *
 * Figures are medians after warm-up. Peek's engine is src/decoder.ts
 * (incremental, full traces every step); the naive baseline is
 * model/reference.ts re-reading the whole window for every character,
 * like the original Peek's hand-written engine. Also measured: the two
 * tfjs designs the decoder was chosen over, the traced forward pass the
 * elements use (tfjs products with Peek's SIMD kernels, src/simd.wat)
 * and the all-tfjs-ops pass WebGL and cpu use, download sizes,
 * training speed, and whether tensors and the JS heap stay flat over
 * 1,000 generated characters. Progress goes
 * to stderr; with --json the last line printed is one JSON object.
 */
import * as tf from '@tensorflow/tfjs-core';
import {existsSync, readFileSync} from 'node:fs';
import {cpus, loadavg} from 'node:os';
import {join, resolve} from 'node:path';
import {decodeModel, type ModelData} from '../model/format.js';
import {referenceForward} from '../model/reference.js';
import {Tokenizer} from '../model/tokenizer.js';
import {initTf} from '../model/training/tfjs-node.js';
import {foldWeights} from '../src/folded-weights.js';
import {Inference} from '../src/inference.js';
import {
  readTrace,
  tracedForward,
  warmUp,
} from '../src/traced-forward.js';
import {disposeWeights, uploadWeights} from '../src/weight-tensors.js';
import {parseArgs} from './args.js';
import {
  charsPerSecond,
  peekEngine,
  recomputeEngine,
  referenceEngine,
  tfjsIncrementalEngine,
} from './bench/generate.js';
import {formatTable, type Row} from './bench/report.js';
import {measureSizes} from './bench/sizes.js';
import {liveHeap} from './bench/heap.js';
import {timeMedian} from './bench/stats.js';
import {TfjsStepper} from './bench/tfjs-step.js';
import {trainCharsPerSecond} from './bench/train-speed.js';

declare const PEEK_ROOT: string; // set by scripts/run-ts.mjs

const FALLBACK_PROMPT =
  'First Citizen:\nBefore we proceed any further, hear me speak.\n\n' +
  'All:\nSpeak, speak.\n\nFirst Citizen:\nYou are all resolved rather ' +
  'to die than to famish?\n';

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const root = new URL(PEEK_ROOT).pathname;
  const dir = resolve(args.raw('model') || join(root, 'model/default'));
  const corpusPath = resolve(
    args.raw('corpus') || join(root, '../shared/data/tinyshakespeare.txt')
  );
  const corpus = existsSync(corpusPath)
    ? readFileSync(corpusPath, 'utf8')
    : undefined;
  const log = (s: string) => process.stderr.write(`bench: ${s}\n`);

  const backend = await initTf('wasm');
  const model = readModel(dir);
  const {blockSize: N} = model.config;
  const tokenizer = new Tokenizer(model.vocab);
  const prompt = tokenizer
    .encode((corpus ?? FALLBACK_PROMPT.repeat(2)).slice(0, 4 * N))
    .slice(0, N);
  const sizes = measureSizes(root, dir);
  const inference = new Inference(model);

  const effort = args.flag('quick') ? QUICK : FULL;
  const speed = await measureSpeed(inference, model, prompt, effort, log);
  log('memory over 1,000 generated characters');
  const memory = await memoryFlatness(inference, prompt);
  inference.dispose();

  let train: number | null = null;
  if (!args.flag('no-train') && !args.flag('quick') && corpus) {
    log('training steps (batch 32 x 128, 2 threads)');
    train = await trainCharsPerSecond(
      corpus,
      join(__dirname, 'grad-worker.cjs')
    );
  }

  const result = {
    backend,
    model: dir,
    ...speed,
    ...sizes,
    train_tok_s: train === null ? null : round(train),
    ...memory,
    cpus: cpus().length,
    load_average_1m: round(loadavg()[0], 2),
    node: process.version,
  };
  console.log(formatTable(rows(result)));
  if (args.flag('json')) console.log(JSON.stringify(result));
}

/** How many repetitions each measurement gets. */
interface Effort {
  forwardRuns: number;
  stepRuns: number;
  /** Timed rounds of 128 characters (after one untimed). */
  peekRounds: number;
  tfjsRounds: number;
  /** Characters per round of the slow engines, and rounds. */
  slowChars: number;
  slowRounds: number;
  referenceRuns: number;
}

const FULL: Effort = {
  forwardRuns: 30,
  stepRuns: 60,
  peekRounds: 7,
  tfjsRounds: 3,
  slowChars: 8,
  slowRounds: 3,
  referenceRuns: 5,
};

/** --quick: a smoke run of every measurement, figures rougher. */
const QUICK: Effort = {
  forwardRuns: 5,
  stepRuns: 20,
  peekRounds: 2,
  tfjsRounds: 1,
  slowChars: 2,
  slowRounds: 1,
  referenceRuns: 1,
};

/** Peek's engine, the two tfjs alternatives and the naive reference. */
async function measureSpeed(
  inference: Inference,
  model: ModelData,
  prompt: number[],
  e: Effort,
  log: (s: string) => void
) {
  const N = model.config.blockSize;
  log('traced forward pass, 128 characters');
  const forwardMs = await timeMedian(
    () => inference.trace(prompt),
    e.forwardRuns
  );
  log('traced forward pass, tfjs ops only (the WebGL and cpu path)');
  const opsWeights = uploadWeights(foldWeights(model));
  await warmUp(opsWeights, async () => undefined);
  const opsMs = await timeMedian(
    async () => readTrace(await tracedForward(opsWeights, prompt)),
    e.forwardRuns
  );
  disposeWeights(opsWeights);
  log('decoder: prefill and single steps');
  const decoder = inference.decoder();
  const half = prompt.slice(0, N / 2);
  const prefillMs = await timeMedian(() => decoder.prefill(half), e.stepRuns);
  let fed = 0;
  // Steps with N/2..N positions of context; a full window starts over
  // (one prefill among the timed steps, which the median ignores).
  const stepMs = await timeMedian(async () => {
    if (decoder.window.length === N) await decoder.prefill(half);
    await decoder.next(prompt[fed++ % N]);
  }, e.stepRuns);

  log('generating: Peek (incremental decoder)');
  const peek = peekEngine(inference);
  const generate = await charsPerSecond(peek, prompt, N, e.peekRounds);
  log('generating: tfjs incremental (the design not chosen)');
  const folded = uploadWeights(foldWeights(model));
  const stepper = new TfjsStepper(folded);
  const tfjsIncremental = await charsPerSecond(
    tfjsIncrementalEngine(stepper, N),
    prompt,
    N,
    e.tfjsRounds
  );
  stepper.dispose();
  disposeWeights(folded);
  log('generating: tfjs full recompute (the design not chosen)');
  const recompute = await charsPerSecond(
    recomputeEngine(inference),
    prompt,
    e.slowChars * 2,
    e.slowRounds
  );
  log('reference engine (naive baseline): forward pass and generation');
  const referenceMs = await timeMedian(
    () => referenceForward(model, prompt),
    e.referenceRuns,
    1
  );
  const reference = await charsPerSecond(
    referenceEngine(model),
    prompt,
    e.slowChars,
    e.slowRounds
  );
  return {
    generate_tok_s: round(generate),
    forward_ms_t128: round(forwardMs, 2),
    forward_ms_t128_tfjs_ops: round(opsMs, 2),
    prefill_ms_t64: round(prefillMs, 2),
    decode_step_ms: round(stepMs, 3),
    reference_generate_tok_s: round(reference, 2),
    reference_forward_ms_t128: round(referenceMs, 1),
    speedup_vs_reference: round(generate / reference),
    tfjs_incremental_tok_s: round(tfjsIncremental),
    tfjs_recompute_tok_s: round(recompute),
  };
}

/** Tensors and live JS heap before and after 1,000 generated chars. */
async function memoryFlatness(inference: Inference, prompt: number[]) {
  const engine = peekEngine(inference);
  // Warm up first, so lazily built code and caches are not counted.
  await charsPerSecond(engine, prompt, 128, 1);
  const tensorsBefore = tf.memory().numTensors;
  const heapBefore = liveHeap();
  await charsPerSecond(engine, prompt, 500, 1);
  const heapAfter = liveHeap();
  return {
    tensors_before: tensorsBefore,
    tensors_after: tf.memory().numTensors,
    heap_before_bytes: heapBefore,
    heap_after_bytes: heapAfter,
    heap_growth_bytes: heapAfter - heapBefore,
  };
}

/** The table: label, key of the result, unit, digits, target. */
function rows(r: Record<string, number | string | null>): Row[] {
  const get = (key: string) => r[key] as number | null;
  const kB = (key: string) => (get(key) === null ? null : get(key)! / 1000);
  const row = (
    label: string,
    value: number | null,
    unit: string,
    digits: number,
    target?: Row['target']
  ): Row => ({label, value, unit, digits, target});
  return [
    row('generate, Peek decoder', get('generate_tok_s'), 'chars/s', 0, {
      min: 500,
    }),
    row('generate, reference', get('reference_generate_tok_s'), 'chars/s', 2),
    row('generate, tfjs incremental', get('tfjs_incremental_tok_s'), 'chars/s',
      0),
    row('generate, tfjs recompute', get('tfjs_recompute_tok_s'), 'chars/s', 0),
    row('speed-up over reference', get('speedup_vs_reference'), 'x', 0),
    row('traced forward, 128 chars', get('forward_ms_t128'), 'ms', 1, {
      max: 10,
    }),
    row('traced forward, tfjs ops only', get('forward_ms_t128_tfjs_ops'),
      'ms', 1),
    row('reference forward, 128', get('reference_forward_ms_t128'), 'ms', 0),
    row('decoder prefill, 64 chars', get('prefill_ms_t64'), 'ms', 1),
    row('decoder step', get('decode_step_ms'), 'ms', 2),
    row(`weights (${r.weights_dtype})`, kB('weights_bytes'), 'kB', 0, {
      max: 1700,
    }),
    row('weights, gzipped', kB('weights_gzip_bytes'), 'kB', 0),
    row('script-tag JS, gzipped', kB('bundle_js_gzip_bytes'), 'kB', 1, {
      max: 180,
    }),
    row('training, batch 32 x 128', get('train_tok_s'), 'chars/s', 0),
    row('tensors before 1,000 chars', get('tensors_before'), '', 0),
    row('tensors after', get('tensors_after'), '', 0, {
      max: get('tensors_before') ?? 0,
    }),
    row('JS heap growth', kB('heap_growth_bytes'), 'kB', 0, {max: 1000}),
  ];
}

function readModel(dir: string): ModelData {
  const text = readFileSync(join(dir, 'manifest.json'), 'utf8');
  const manifest = JSON.parse(text);
  const bytes = readFileSync(join(dir, manifest.weights));
  const end = bytes.byteOffset + bytes.byteLength;
  return decodeModel(manifest, bytes.buffer.slice(bytes.byteOffset, end));
}

function round(v: number, digits = 1): number {
  return Number(v.toFixed(digits));
}

main().catch((e) => {
  console.error(`bench: ${(e as Error).stack ?? e}`);
  process.exit(1);
});
