/**
 * The design alternative the decoder was measured against: the same
 * incremental step (one new position, keys and values cached) written
 * with tfjs ops. At T = 1 each op does little work, so the per-op
 * overhead of tfjs (~10-20 us on wasm, ~200 ops a traced step) decides
 * its speed. Kept here, not in src/, so `npm run bench` can re-measure
 * the choice; it is only checked to give the same logits as the decoder.
 */
import * as tf from '@tensorflow/tfjs-core';
import {headSize} from '../../model/config.js';
import type {WeightTensors} from '../../src/weight-tensors.js';

/** An incremental tfjs decoder over the whole window (no restarts). */
export class TfjsStepper {
  private keysT: tf.Tensor2D[] = []; // per layer [C, t]
  private values: tf.Tensor2D[] = []; // per layer [t, C]
  private t = 0;
  /** The rank-3 weights as 2-D views (reshapes share the data). */
  private readonly w: Weights2D;

  constructor(weights: WeightTensors) {
    this.w = as2D(weights);
  }

  /** Frees the cache and the 2-D views (not the weights themselves). */
  dispose(): void {
    this.reset();
    tf.dispose(viewsOf(this.w));
  }

  /** Forgets the cache (and frees its tensors). */
  reset(): void {
    tf.dispose([...this.keysT, ...this.values]);
    this.keysT = [];
    this.values = [];
    this.t = 0;
  }

  /** One traced step; returns the traces as arrays, last = logits. */
  step(id: number): Float32Array[] {
    const {config} = this.w;
    const {nEmbd: C, nHead: H, lnEps} = config;
    const D = headSize(config);
    const t = this.t;
    if (t >= config.blockSize) throw new Error('TfjsStepper: window full');
    const out = tf.tidy(() => {
      const e = new Float32Array(C);
      for (let c = 0; c < C; c++) {
        e[c] = this.w.wte[id * C + c] + this.w.wpe[t * C + c];
      }
      let x = tf.tensor2d(e, [1, C]);
      const kept: tf.Tensor[] = [];
      const keysT: tf.Tensor2D[] = [];
      const values: tf.Tensor2D[] = [];
      this.w.layers.forEach((l, i) => {
        kept.push(x);
        const a = norm(x, lnEps);
        const head = ({w, b}: {w: tf.Tensor2D; b: tf.Tensor1D}) =>
          tf.fused.matMul({a, b: w, bias: b}) as tf.Tensor2D; // [1, D]
        const v = tf.concat(l.v.map(head), 1); // [1, C]
        const k = tf.transpose(tf.matMul(a, l.wk)) as tf.Tensor2D; // [C, 1]
        const kT = t ? tf.concat([this.keysT[i], k], 1) : k; // [C, t + 1]
        const vs = t ? tf.concat([this.values[i], v], 0) : v; // [t + 1, C]
        keysT.push(tf.keep(kT));
        values.push(tf.keep(vs));
        const ys: tf.Tensor2D[] = [];
        const rows: tf.Tensor2D[] = [];
        for (let h = 0; h < H; h++) {
          const qh = head(l.q[h]); // [1, D]
          const kh = tf.slice(kT, [h * D, 0], [D, t + 1]); // [D, t+1]
          const p = tf.softmax(tf.matMul(qh, kh)) as tf.Tensor2D;
          rows.push(p);
          ys.push(tf.matMul(p, tf.slice(vs, [0, h * D], [t + 1, D])));
        }
        kept.push(tf.concat(rows, 0));
        const y = tf.concat(ys, 1);
        x = tf.add(x, tf.fused.matMul({a: y, b: l.wo, bias: l.bo}));
        const hidden = tf.fused.matMul({
          a: norm(x, lnEps),
          b: l.w1,
          bias: l.b1,
          activation: 'relu',
        });
        kept.push(hidden);
        x = tf.add(x, tf.fused.matMul({a: hidden, b: l.w2, bias: l.b2}));
      });
      kept.push(x);
      const logits = tf.fused.matMul({
        a: norm(x, lnEps),
        b: this.w.head,
        bias: this.w.headBias,
      });
      kept.push(tf.softmax(logits), logits);
      return {kept, keysT, values};
    });
    tf.dispose([...this.keysT, ...this.values]);
    this.keysT = out.keysT;
    this.values = out.values;
    this.t++;
    const arrays = out.kept.map((k) => k.dataSync() as Float32Array);
    tf.dispose(out.kept);
    return arrays;
  }
}

function norm(x: tf.Tensor2D, eps: number): tf.Tensor2D {
  const mean = tf.mean(x, -1, true);
  const d = tf.sub(x, mean);
  const variance = tf.mean(tf.square(d), -1, true);
  return tf.mul(d, tf.rsqrt(tf.add(variance, eps)));
}

/** WeightTensors with every matrix rank 2. */
interface Weights2D {
  config: WeightTensors['config'];
  wte: Float32Array;
  wpe: Float32Array;
  layers: {
    q: {w: tf.Tensor2D; b: tf.Tensor1D}[];
    wk: tf.Tensor2D;
    v: {w: tf.Tensor2D; b: tf.Tensor1D}[];
    wo: tf.Tensor2D;
    bo: tf.Tensor1D;
    w1: tf.Tensor2D;
    b1: tf.Tensor1D;
    w2: tf.Tensor2D;
    b2: tf.Tensor1D;
  }[];
  head: tf.Tensor2D;
  headBias: tf.Tensor1D;
}

function as2D(w: WeightTensors): Weights2D {
  const flat = (m: tf.Tensor3D): tf.Tensor2D =>
    tf.reshape(m, [m.shape[1], m.shape[2]]);
  const heads = (hs: {w: tf.Tensor3D; b: tf.Tensor1D}[]) =>
    hs.map(({w, b}) => ({w: flat(w), b}));
  return {
    config: w.config,
    wte: w.wte,
    wpe: w.wpe,
    layers: w.layers.map((l) => ({
      ...l,
      q: heads(l.q),
      wk: flat(l.wk),
      v: heads(l.v),
      wo: flat(l.wo),
      w1: flat(l.w1),
      w2: flat(l.w2),
    })),
    head: flat(w.head),
    headBias: w.headBias,
  };
}

/** The tensors {@link as2D} made. */
function viewsOf(w: Weights2D): tf.Tensor[] {
  return [
    w.head,
    ...w.layers.flatMap((l) => [
      ...l.q.map((h) => h.w),
      l.wk,
      ...l.v.map((h) => h.w),
      l.wo,
      l.w1,
      l.w2,
    ]),
  ];
}
