/**
 * Models and an oracle for the inference tests, in Node on tfjs's wasm
 * backend (the backend Peek ships with).
 */
import * as tf from '@tensorflow/tfjs-core';
import {setWasmPaths} from '@tensorflow/tfjs-backend-wasm';
import {existsSync, readFileSync} from 'node:fs';
import {createRequire} from 'node:module';
import {dirname, join} from 'node:path';
import {DEFAULT_CONFIG} from '../../model/config.js';
import {decodeModel, type ModelData} from '../../model/format.js';
import {forward} from '../../model/gpt.js';
import {initWeights} from '../../model/init.js';
import {paramSpecs} from '../../model/params.js';
import {Rng} from '../../model/rng.js';
export {maxDiff} from '../max-diff.js';

/** Starts tfjs's wasm backend from node_modules' binaries. */
export async function startWasm(): Promise<void> {
  const pkg = createRequire(import.meta.url).resolve(
    '@tensorflow/tfjs-backend-wasm/package.json'
  );
  setWasmPaths(join(dirname(pkg), 'dist') + '/');
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  if (!(await tf.setBackend('wasm'))) throw new Error('wasm did not start');
  await tf.ready();
}

const SHIPPED = new URL('../../model/default/', import.meta.url);

/**
 * The shipped model as it is now (training may rewrite it; every file
 * version has the same layout, so a manifest and weights from two
 * moments still decode), or undefined when there is none.
 */
export function shippedModel(): ModelData | undefined {
  if (!existsSync(new URL('manifest.json', SHIPPED))) return undefined;
  const manifest = JSON.parse(
    readFileSync(new URL('manifest.json', SHIPPED), 'utf8')
  );
  const bytes = readFileSync(new URL(manifest.weights, SHIPPED));
  const bin = bytes.buffer.slice(
    bytes.byteOffset,
    bytes.byteOffset + bytes.byteLength
  ) as ArrayBuffer;
  return decodeModel(manifest, bin);
}

/**
 * Fresh weights with every LayerNorm gain and every bias made random too,
 * so that folding norms into weights has something to get wrong.
 */
export function perturbedModel(seed: number): ModelData {
  const config = DEFAULT_CONFIG;
  const weights = initWeights(config, seed);
  const rng = new Rng(seed + 1);
  for (const [name, w] of weights) {
    const isGain = name.endsWith('.g');
    if (isGain || /\.(b|bo|b1|b2)$/.test(name)) {
      for (let i = 0; i < w.length; i++) {
        w[i] = (isGain ? 1 : 0) + 0.3 * rng.normal();
      }
    }
  }
  const vocab = Array.from({length: config.vocabSize}, (_, i) =>
    String.fromCodePoint(0x41 + i)
  );
  return {config, vocab, weights};
}

/** Everything model/gpt.ts's traced forward gives, as plain arrays. */
export interface OracleTrace {
  /** [layer][head] [T * T], row = query. */
  attention: Float32Array[][];
  mlp: Float32Array[];
  residual: Float32Array[];
  logits: Float32Array;
  probs: Float32Array;
}

/** model/gpt.ts's forward with trace over ids: the oracle. */
export function oracleTrace(model: ModelData, ids: number[]): OracleTrace {
  const {config} = model;
  const T = ids.length;
  const w: Record<string, tf.Tensor> = {};
  for (const {name, shape} of paramSpecs(config)) {
    w[name] = tf.tensor(model.weights.get(name)!, shape);
  }
  const kept = tf.tidy(() => {
    const input = tf.tensor2d(ids, [1, T], 'int32');
    const {logits, trace} = forward(config, w, input, {trace: true});
    const flat = tf.reshape(logits, [T, config.vocabSize]);
    return [
      ...trace!.attention,
      ...trace!.mlp,
      ...trace!.residual,
      flat,
      tf.softmax(flat),
    ];
  });
  const data = kept.map((t) => t.dataSync() as Float32Array);
  tf.dispose([...kept, ...Object.values(w)]);
  const L = config.nLayer;
  const H = config.nHead;
  return {
    attention: data.slice(0, L).map((a) =>
      Array.from({length: H}, (_, h) => a.slice(h * T * T, (h + 1) * T * T))
    ),
    mlp: data.slice(L, 2 * L),
    residual: data.slice(2 * L, 3 * L + 1),
    logits: data[3 * L + 1],
    probs: data[3 * L + 2],
  };
}

