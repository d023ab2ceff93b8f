// What the shipped model should show, computed in Node from the files in
// dist/ with the plain-TypeScript reference engine, so a page's numbers
// can be checked against something that shares no code with it.
import {readFileSync} from 'node:fs';
import {decodeModel, type ModelData} from '../../model/format.js';
import {referenceForward} from '../../model/reference.js';
import {Tokenizer} from '../../model/tokenizer.js';
import {jacobiEigen} from '../src/jacobi.js';
import {ROOT} from './build.js';

export class Expected {
  readonly model: ModelData;
  readonly tokenizer: Tokenizer;

  constructor(dir = `${ROOT}dist/model/default/`) {
    const manifest = JSON.parse(readFileSync(`${dir}manifest.json`, 'utf8'));
    const bytes = readFileSync(dir + manifest.weights);
    const bin = bytes.buffer.slice(
      bytes.byteOffset,
      bytes.byteOffset + bytes.byteLength
    ) as ArrayBuffer;
    this.model = decodeModel(manifest, bin);
    this.tokenizer = new Tokenizer(this.model.vocab);
  }

  /** The ids the model reads of `text`: its last blockSize characters. */
  ids(text: string): number[] {
    return this.tokenizer.encode(text).slice(-this.model.config.blockSize);
  }

  /** softmax of the logits after the last character of `text` [V]. */
  nextProbs(text: string): Float64Array {
    const ids = this.ids(text);
    const V = this.model.config.vocabSize;
    const {logits} = referenceForward(this.model, ids);
    const last = logits.subarray((ids.length - 1) * V);
    const max = Math.max(...last);
    const e = Float64Array.from(last, (x) => Math.exp(x - max));
    const sum = e.reduce((a, b) => a + b, 0);
    return e.map((x) => x / sum);
  }

  /** The last query's attention weights in one head [T]. */
  lastAttention(text: string, layer: number, head: number): Float32Array {
    const ids = this.ids(text);
    const T = ids.length;
    const a = referenceForward(this.model, ids).attention[layer][head];
    return a.slice((T - 1) * T, T * T);
  }

  /** The largest MLP activation of a layer over `text`, and where. */
  mlpPeak(text: string, layer: number) {
    const ids = this.ids(text);
    const M = this.model.config.mlpHidden;
    const mlp = referenceForward(this.model, ids).mlp[layer];
    let best = 0;
    for (let i = 1; i < mlp.length; i++) if (mlp[i] > mlp[best]) best = i;
    return {
      value: mlp[best],
      position: Math.floor(best / M),
      neuron: best % M,
    };
  }

  /** Shares of variance along the top two axes of the token embeddings. */
  explainedVariance(): [number, number] {
    const {vocabSize: n, nEmbd: d} = this.model.config;
    const x = this.model.weights.get('wte')!;
    const mean = new Float64Array(d);
    for (let i = 0; i < n * d; i++) mean[i % d] += x[i] / n;
    const cov = new Float64Array(d * d);
    for (let i = 0; i < n; i++) {
      for (let a = 0; a < d; a++) {
        const xa = x[i * d + a] - mean[a];
        for (let b = 0; b < d; b++) {
          cov[a * d + b] += (xa * (x[i * d + b] - mean[b])) / (n - 1);
        }
      }
    }
    const values = [...jacobiEigen(cov, d).values].sort((a, b) => b - a);
    const total = values.reduce((s, v) => s + Math.max(0, v), 0);
    return [values[0] / total, values[1] / total];
  }
}
