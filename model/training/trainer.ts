import {appendFileSync, mkdirSync, renameSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {Worker} from 'node:worker_threads';
import {DEFAULT_CONFIG, type GPTConfig} from '../config.js';
import {encodeModel, type ModelData} from '../format.js';
import {initWeights} from '../init.js';
import {paramCount, paramSpecs, sizeOf} from '../params.js';
import {Rng} from '../rng.js';
import {AdamW, clipGlobalNorm} from './adamw.js';
import {loadResume, saveResume} from './checkpoint.js';
import {sampleBatch, splitCorpus, type Corpus} from './data.js';
import {TrainEngine} from './engine.js';
import type {WorkerStep} from './grad-worker.js';
import {learningRate, type TrainConfig} from './schedule.js';

/** What the trainer reports as it goes (for a progress bar). */
export interface TrainProgress {
  step: number;
  steps: number;
  loss: number;
  lr: number;
  charsPerSec: number;
  val?: number;
  sample?: string;
}

export interface TrainOptions {
  corpusText: string;
  corpusName: string;
  outDir: string;
  /** Where resume state lives (not shipped). */
  resumeDir: string;
  resume: boolean;
  train: TrainConfig;
  model?: Partial<GPTConfig>;
  /** Steps at which to also ship a float16 snapshot of the weights. */
  snapshots?: number[];
  /** Stop after this many steps in this invocation (for tests). */
  maxStepsThisRun?: number;
  workerFile?: string;
  onProgress?: (p: TrainProgress) => void;
}

/**
 * Trains a Peek model: AdamW with warm-up and cosine decay, clipping and
 * dropout, evaluating every `evalEvery` steps, keeping the best weights in
 * `outDir` (manifest.json + weights.bin, float16), a JSON-lines log, and
 * resume state in `resumeDir`.
 */
export async function train(o: TrainOptions): Promise<{bestVal: number; step: number}> {
  const tc = o.train;
  const corpus = splitCorpus(o.corpusText);
  const config: GPTConfig = {
    ...DEFAULT_CONFIG,
    ...o.model,
    vocabSize: corpus.tokenizer.size,
  };
  const engine = new TrainEngine(config);
  const sizes = engine.specs.map((s) => sizeOf(s.shape));
  mkdirSync(o.outDir, {recursive: true});
  mkdirSync(o.resumeDir, {recursive: true});
  const logPath = join(o.outDir, 'train-log.jsonl');

  let step = 0;
  let bestVal = Infinity;
  const rng = new Rng(tc.seed);
  const adam = new AdamW(engine.specs, sizes);
  let params: Float32Array[];
  const saved = o.resume ? loadResume(o.resumeDir, sizes) : undefined;
  if (saved) {
    ({step, bestVal} = saved);
    rng.seedState = saved.rngState;
    adam.t = saved.adamT;
    saved.m.forEach((m, i) => adam.m[i].set(m));
    saved.v.forEach((v, i) => adam.v[i].set(v));
    params = saved.params;
  } else {
    const init = initWeights(config, tc.seed);
    params = engine.specs.map((s) => init.get(s.name)!);
    writeFileSync(logPath, '');
    writeFileSync(
      join(o.outDir, 'train-config.json'),
      JSON.stringify({corpus: o.corpusName, model: config, train: tc}, null, 2) + '\n'
    );
  }

  const workers = await startWorkers(tc.workers - 1, config, o.workerFile);
  const ship = (dir: string, extra: Record<string, unknown>) =>
    writeModel(dir, config, corpus, params, {
      corpus: o.corpusName,
      params: paramCount(config),
      ...extra,
    });
  const stopAt = Math.min(tc.steps, step + (o.maxStepsThisRun ?? Infinity));
  let savedAt = step;
  const save = () => {
    saveResume(o.resumeDir, {
      step,
      rngState: rng.seedState,
      adamT: adam.t,
      bestVal,
      params,
      m: adam.m,
      v: adam.v,
    });
    savedAt = step;
  };
  let tick = performance.now();
  let charsSince = 0;
  try {
    while (step < stopAt) {
      const lr = learningRate(step, tc);
      const {x, y} = sampleBatch(corpus.train, tc.batchSize, config.blockSize, rng);
      const parts = splitBatch(x, y, tc.batchSize, workers.length + 1);
      const seeds = parts.map(() => rng.int(2 ** 31));
      const remote = workers.map((w, i) =>
        w.call({params, ...parts[i + 1], dropout: tc.dropout, seed: seeds[i + 1]})
      );
      engine.setWeights(params);
      const local = engine.gradients(
        parts[0].x,
        parts[0].y,
        parts[0].batch,
        tc.dropout,
        seeds[0]
      );
      const results = [local, ...(await Promise.all(remote))];
      const grads = averageGrads(results, parts.map((p) => p.batch));
      const loss = results.reduce((s, r, i) => s + r.loss * parts[i].batch, 0) / tc.batchSize;
      if (!Number.isFinite(loss)) throw new Error(`Loss became ${loss} at step ${step}.`);
      clipGlobalNorm(grads, tc.gradClip);
      adam.step(params, grads, lr, tc);
      step++;
      charsSince += tc.batchSize * config.blockSize;

      const now = performance.now();
      const progress: TrainProgress = {
        step,
        steps: tc.steps,
        loss,
        lr,
        charsPerSec: (charsSince * 1000) / (now - tick),
      };
      if (step % tc.evalEvery === 0 || step === tc.steps) {
        engine.setWeights(params);
        const val = quickVal(engine, corpus, config.blockSize, tc.evalWindows);
        const sample = generate(engine, corpus, config.blockSize, 200, step);
        progress.val = val;
        progress.sample = sample;
        const entry = {
          step,
          trainLoss: loss,
          valLoss: val,
          lr,
          sample,
          time: new Date().toISOString(),
        };
        appendFileSync(logPath, JSON.stringify(entry) + '\n');
        if (val < bestVal) {
          bestVal = val;
          ship(o.outDir, {step, valLossEstimate: val, trainLoss: loss});
        }
        if (o.snapshots?.includes(step)) {
          ship(join(o.outDir, 'checkpoints', `step-${step}`), {step, valLossEstimate: val});
        }
        save();
        tick = performance.now();
        charsSince = 0;
      }
      o.onProgress?.(progress);
    }
    if (step !== savedAt) {
      // Stopped between evaluations (--max-steps-this-run): keep the work.
      save();
    }
  } finally {
    await Promise.all(workers.map((w) => w.stop()));
    engine.dispose();
  }
  return {bestVal, step};
}

function splitBatch(x: Int32Array, y: Int32Array, batch: number, parts: number) {
  const T = x.length / batch;
  const out: {x: Int32Array; y: Int32Array; batch: number}[] = [];
  let start = 0;
  for (let p = 0; p < parts; p++) {
    const n = Math.floor(batch / parts) + (p < batch % parts ? 1 : 0);
    out.push({
      x: x.slice(start * T, (start + n) * T),
      y: y.slice(start * T, (start + n) * T),
      batch: n,
    });
    start += n;
  }
  return out;
}

function averageGrads(
  results: {grads: Float32Array[]}[],
  weights: number[]
): Float32Array[] {
  const total = weights.reduce((a, b) => a + b, 0);
  return results[0].grads.map((g0, i) => {
    const out = new Float32Array(g0.length);
    results.forEach((r, k) => {
      const w = weights[k] / total;
      const g = r.grads[i];
      for (let j = 0; j < out.length; j++) out[j] += w * g[j];
    });
    return out;
  });
}

/** Mean loss over evenly spaced whole windows of the validation split. */
function quickVal(engine: TrainEngine, corpus: Corpus, T: number, n: number): number {
  const val = corpus.val;
  const count = Math.max(1, Math.min(n, Math.floor((val.length - 1) / T)));
  const gap = Math.floor((val.length - 1 - T) / Math.max(1, count - 1));
  let sum = 0;
  let seen = 0;
  for (let b0 = 0; b0 < count; b0 += 16) {
    const nb = Math.min(16, count - b0);
    const x = new Int32Array(nb * T);
    const y = new Int32Array(nb * T);
    for (let b = 0; b < nb; b++) {
      const s = (b0 + b) * gap;
      for (let t = 0; t < T; t++) {
        x[b * T + t] = val[s + t];
        y[b * T + t] = val[s + t + 1];
      }
    }
    const l = engine.positionLosses(x, y, nb);
    for (const v of l) sum += v;
    seen += l.length;
  }
  return sum / seen;
}

/** A short seeded sample for the log, from a newline. */
function generate(engine: TrainEngine, corpus: Corpus, T: number, n: number, seed: number): string {
  const rng = new Rng(seed);
  const tok = corpus.tokenizer;
  const ctx = tok.encode('\n');
  for (let i = 0; i < n; i++) {
    const logits = engine.lastLogits(ctx.slice(-T));
    let max = -Infinity;
    for (const v of logits) max = Math.max(max, v);
    const p = Array.from(logits, (v) => Math.exp((v - max) / 0.8));
    const sum = p.reduce((a, b) => a + b, 0);
    let r = rng.next() * sum;
    let id = 0;
    while (id < p.length - 1 && (r -= p[id]) > 0) id++;
    ctx.push(id);
  }
  return tok.decode(ctx.slice(1));
}

function writeModel(
  dir: string,
  config: GPTConfig,
  corpus: Corpus,
  params: Float32Array[],
  training: Record<string, unknown>
): void {
  mkdirSync(dir, {recursive: true});
  const weights = new Map(
    paramSpecs(config).map((spec, i) => [spec.name, params[i]] as const)
  );
  const model: ModelData = {config, vocab: [...corpus.tokenizer.vocab], weights, training};
  const {manifest, bin} = encodeModel(model, 'float16');
  // Readers (tests, a dev server) may look at dir while training runs:
  // write beside, then rename, so they never see half a file. Between
  // the two renames they can see new weights beside the old manifest;
  // the manifest's weightsSha256 makes decodeModel refuse that pair.
  const put = (name: string, data: string | Uint8Array) => {
    writeFileSync(join(dir, name + '.tmp'), data);
    renameSync(join(dir, name + '.tmp'), join(dir, name));
  };
  put('weights.bin', bin);
  put('manifest.json', JSON.stringify(manifest, null, 1) + '\n');
}

interface GradResult {
  loss: number;
  grads: Float32Array[];
}

/** A worker thread computing gradients on part of each batch. */
interface GradWorker {
  call(step: WorkerStep): Promise<GradResult>;
  stop(): Promise<void>;
}

async function startWorkers(
  n: number,
  config: GPTConfig,
  file?: string
): Promise<GradWorker[]> {
  const out: GradWorker[] = [];
  for (let i = 0; i < n; i++) {
    if (!file) throw new Error('A worker file is needed for workers > 1.');
    const w = new Worker(file);
    let pending: {resolve(m: any): void; reject(e: Error): void} | undefined;
    w.on('message', (m) =>
      m.error ? pending?.reject(new Error(m.error)) : pending?.resolve(m)
    );
    w.on('error', (e) => pending?.reject(e));
    const request = (msg: unknown) =>
      new Promise<any>((resolve, reject) => {
        pending = {resolve, reject};
        w.postMessage(msg);
      });
    await request({init: config});
    out.push({
      call: (step) => request({step}),
      stop: () => w.terminate().then(() => undefined),
    });
  }
  return out;
}
