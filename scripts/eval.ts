/**
 * Scores a Peek model on the validation split of a corpus.
 *
 *   npm run eval -- --corpus <file> [--model <dir>] [--backend wasm|cpu]
 *
 * The split is the last 10% of the corpus, as in training, read with the
 * model's own vocabulary. Every character of it is scored once, by sliding
 * windows of the model's context length that move 64 characters at a time:
 * past the first window, each scored character sees at least
 * blockSize - 64 characters before it. Progress goes to stderr; the last
 * line printed is one JSON object:
 * {model, dtype, params, valLoss (mean nats/char), bitsPerChar, valChars,
 * windows, block, stride, corpus, backend, seconds}.
 */
import {existsSync, readFileSync} from 'node:fs';
import {basename, join, resolve} from 'node:path';
import {decodeModel, type Manifest, type ModelData} from '../model/format.js';
import {paramCount, paramSpecs} from '../model/params.js';
import {Tokenizer} from '../model/tokenizer.js';
import {evalWindows, splitCorpus} from '../model/training/data.js';
import {TrainEngine} from '../model/training/engine.js';
import {initTf} from '../model/training/tfjs-node.js';
import {parseArgs} from './args.js';

/** Windows per call to the engine. */
const BATCH = 16;
/** Characters each window moves on (for a 128-character context). */
const STRIDE = 64;

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const corpusPath = args.string('corpus');
  const dir = resolve(args.raw('model') || 'model/default');
  const {model, dtype} = readModel(dir);
  const text = readFileSync(corpusPath, 'utf8');
  checkVocab(text, model.vocab, corpusPath);
  const val = splitCorpus(text, model.vocab).val;
  if (val.length < 2) {
    throw new Error(
      `${corpusPath} is too short: its validation split (the last 10%) ` +
        'needs at least 2 characters.'
    );
  }

  const backend = await initTf(args.raw('backend') || 'wasm');
  const started = performance.now();
  const engine = new TrainEngine(model.config);
  const specs = paramSpecs(model.config);
  engine.setWeights(specs.map((s) => model.weights.get(s.name)!));
  const block = model.config.blockSize;
  // A model with a short context cannot keep 64 characters of it fixed.
  const stride = Math.min(STRIDE, Math.floor(block / 2));
  let score: ReturnType<typeof scoreSplit>;
  try {
    score = scoreSplit(engine, val, block, stride, progressPrinter(started));
  } finally {
    engine.dispose();
  }
  const valLoss = score.nll / score.chars;
  const summary = {
    model: dir,
    dtype,
    params: paramCount(model.config),
    valLoss: round(valLoss),
    bitsPerChar: round(valLoss / Math.LN2),
    valChars: score.chars,
    windows: score.windows,
    block,
    stride,
    corpus: basename(corpusPath),
    backend,
    seconds: round((performance.now() - started) / 1000, 1),
  };
  console.log(JSON.stringify(summary));
}

/** Reads and checks manifest.json and its binary in dir. */
function readModel(dir: string): {model: ModelData; dtype: string} {
  const path = join(dir, 'manifest.json');
  if (!existsSync(path)) {
    throw new Error(
      `No Peek model in ${dir} (no manifest.json). Pass --model <dir> ` +
        'with a model from `npm run train`.'
    );
  }
  const manifest = JSON.parse(readFileSync(path, 'utf8')) as Manifest;
  const file = manifest.weights;
  if (typeof file !== 'string' || basename(file) !== file) {
    throw new Error(
      `${dir}/manifest.json names weights file ${JSON.stringify(file)}; ` +
        'it must be a file name beside the manifest.'
    );
  }
  const bytes = readFileSync(join(dir, file));
  // A Buffer may be a view into a larger pool: hand over exactly its bytes.
  const bin = bytes.buffer.slice(
    bytes.byteOffset,
    bytes.byteOffset + bytes.byteLength
  ) as ArrayBuffer;
  const model = decodeModel(manifest, bin);
  const dtypes = [...new Set(manifest.tensors.map((t) => t.dtype))];
  return {model, dtype: dtypes.join('+')};
}

/**
 * Refuses a corpus with characters the model never saw: the tokenizer
 * would quietly swap in stand-ins and the loss would mean something else.
 */
function checkVocab(text: string, vocab: string[], path: string): void {
  const tokenizer = new Tokenizer(vocab);
  const missing = new Map<string, number>();
  for (const ch of text) {
    if (!tokenizer.has(ch)) missing.set(ch, (missing.get(ch) ?? 0) + 1);
  }
  if (missing.size === 0) return;
  const list = [...missing]
    .slice(0, 10)
    .map(([ch, n]) => `${JSON.stringify(ch)} (${n}x)`)
    .join(', ');
  throw new Error(
    `${path} has ${missing.size} character(s) outside the model's ` +
      `${vocab.length}-character vocabulary: ${list}` +
      (missing.size > 10 ? ', ...' : '') +
      '. Evaluate on text written with the characters the model was ' +
      'trained on.'
  );
}

/**
 * Sum of negative log-likelihoods (nats) over every target of the split,
 * scoring each window only from its `from` position on.
 */
function scoreSplit(
  engine: TrainEngine,
  val: Uint8Array,
  block: number,
  stride: number,
  onProgress: (done: number, total: number) => void
): {nll: number; chars: number; windows: number} {
  const windows = evalWindows(val.length, block, stride);
  // A split shorter than the context is one shorter window.
  const T = Math.min(block, val.length - 1);
  let nll = 0;
  let chars = 0;
  for (let w0 = 0; w0 < windows.length; w0 += BATCH) {
    const part = windows.slice(w0, w0 + BATCH);
    const x = new Int32Array(part.length * T); // [B, T]
    const y = new Int32Array(part.length * T); // [B, T]
    part.forEach(({start}, b) => {
      x.set(val.subarray(start, start + T), b * T);
      y.set(val.subarray(start + 1, start + T + 1), b * T);
    });
    const losses = engine.positionLosses(x, y, part.length); // [B*T]
    part.forEach(({from}, b) => {
      for (let t = from; t < T; t++) nll += losses[b * T + t];
      chars += T - from;
    });
    onProgress(w0 + part.length, windows.length);
  }
  return {nll, chars, windows: windows.length};
}

function round(v: number, digits = 5): number {
  return Number(v.toFixed(digits));
}

/** A progress bar with ETA on stderr; in a log, one line per 10%. */
function progressPrinter(started: number) {
  const tty = process.stderr.isTTY;
  let shownTenth = -1;
  return (done: number, total: number) => {
    const frac = done / total;
    const width = 24;
    const bar = '#'.repeat(Math.round(frac * width)).padEnd(width, '.');
    const elapsed = (performance.now() - started) / 1000;
    const eta = (elapsed / done) * (total - done);
    const line =
      `eval [${bar}] ${done}/${total} windows, ` +
      `${elapsed.toFixed(0)} s, eta ${eta.toFixed(0)} s`;
    if (tty) {
      process.stderr.write('\r' + line + (done === total ? '\n' : ''));
    } else if (Math.floor(frac * 10) > shownTenth) {
      shownTenth = Math.floor(frac * 10);
      process.stderr.write(line + '\n');
    }
  };
}

main().catch((e) => {
  console.error(`eval: ${(e as Error).message}`);
  process.exit(1);
});
