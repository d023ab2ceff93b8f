/**
 * Run by gradients.node.test.ts through scripts/run-ts.mjs (tfjs's
 * gradients only load bundled): the trainer's gradients (TrainEngine on
 * model/gpt.ts and model/ops.ts) against tfjs's own automatic
 * differentiation of the same model written with plain tfjs ops, as
 * model/gpt.ts was before its speed-ups. Prints one JSON line.
 *
 *   node scripts/run-ts.mjs test/model/gradient-check.ts
 */
import * as tf from '@tensorflow/tfjs-core';
import {headSize, type GPTConfig} from '../../model/config.js';
import {paramSpecs, sizeOf} from '../../model/params.js';
import {Rng} from '../../model/rng.js';
import {TrainEngine} from '../../model/training/engine.js';
import {initTf} from '../../model/training/tfjs-node.js';

/** One comparison: a model, a batch size and a backend. */
interface Case {
  name: string;
  config: GPTConfig;
  batch: number;
}

const CASES: Case[] = [
  {
    // B*T = 128 rows: weight gradients take the blocked transpose.
    name: 'four heads, 4 x 32',
    config: {
      vocabSize: 13,
      nEmbd: 32,
      nLayer: 2,
      nHead: 4,
      blockSize: 32,
      mlpHidden: 48,
      lnEps: 1e-5,
    },
    batch: 4,
  },
  {
    // B*T = 33 rows: not a multiple of the transpose's block.
    name: 'two heads, 3 x 11',
    config: {
      vocabSize: 7,
      nEmbd: 12,
      nLayer: 1,
      nHead: 2,
      blockSize: 11,
      mlpHidden: 20,
      lnEps: 1e-5,
    },
    batch: 3,
  },
];

/** Every weight random, biases and gains far from 0 and 1. */
function randomWeights(config: GPTConfig, seed: number): Float32Array[] {
  const rng = new Rng(seed);
  return paramSpecs(config).map(({name, shape}) => {
    const values = new Float32Array(sizeOf(shape));
    const scale = shape.length === 2 ? 1 / Math.sqrt(shape[0]) : 0.3;
    const offset = name.endsWith('.g') ? 1 : 0;
    for (let i = 0; i < values.length; i++) {
      values[i] = offset + rng.normal() * scale;
    }
    return values;
  });
}

/** The model and its mean cross-entropy in plain tfjs ops. */
function plainLoss(
  config: GPTConfig,
  w: Record<string, tf.Tensor>,
  ids: tf.Tensor2D,
  targets: tf.Tensor1D
): tf.Scalar {
  const [B, T] = ids.shape;
  const {nEmbd: C, nHead: H, vocabSize: V} = config;
  const D = headSize(config);
  const ln = (x: tf.Tensor, p: string) => {
    const {mean, variance} = tf.moments(x, -1, true);
    const eps = config.lnEps;
    const norm = tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, eps)));
    return tf.add(tf.mul(norm, w[p + '.g']), w[p + '.b']);
  };
  const dense = (x: tf.Tensor, wName: string, bName?: string) => {
    const inDim = x.shape[x.rank - 1];
    const flat = tf.matMul(
      tf.reshape(x, [-1, inDim]) as tf.Tensor2D,
      w[wName] as tf.Tensor2D
    );
    const y = bName ? tf.add(flat, w[bName]) : flat;
    return tf.reshape(y, [...x.shape.slice(0, -1), w[wName].shape[1] as number]);
  };
  const oneHot = tf.cast(tf.oneHot(tf.reshape(ids, [-1]), V), 'float32');
  let x = tf.add(
    tf.reshape(tf.matMul(oneHot, w['wte'] as tf.Tensor2D), [B, T, C]),
    tf.slice(w['wpe'], [0, 0], [T, C])
  );
  const maskValues = new Float32Array(T * T);
  for (let i = 0; i < T * T; i++) {
    if (i % T > Math.floor(i / T)) maskValues[i] = -1e9; // key after query
  }
  const mask = tf.tensor2d(maskValues, [T, T]);
  for (let l = 0; l < config.nLayer; l++) {
    const p = `h.${l}.`;
    const qkv = dense(ln(x, p + 'ln1'), p + 'attn.wqkv');
    const [q, k, v] = tf.split(qkv, 3, 2).map((t) =>
      tf.reshape(
        tf.transpose(tf.reshape(t, [B, T, H, D]), [0, 2, 1, 3]),
        [B * H, T, D]
      )
    );
    const scores = tf.matMul(q, k, false, true);
    const att = tf.softmax(tf.add(tf.mul(scores, 1 / Math.sqrt(D)), mask));
    const y = tf.reshape(
      tf.transpose(tf.reshape(tf.matMul(att, v), [B, H, T, D]), [0, 2, 1, 3]),
      [B, T, C]
    );
    x = tf.add(x, dense(y, p + 'attn.wo', p + 'attn.bo'));
    const hidden = tf.relu(dense(ln(x, p + 'ln2'), p + 'mlp.w1', p + 'mlp.b1'));
    x = tf.add(x, dense(hidden, p + 'mlp.w2', p + 'mlp.b2'));
  }
  const logits = dense(ln(x, 'lnf'), 'head.w', 'head.b');
  const logp = tf.logSoftmax(tf.reshape(logits, [-1, V]));
  const picked = tf.sum(tf.mul(logp, tf.oneHot(targets, V)), -1);
  return tf.neg(tf.mean(picked)) as tf.Scalar;
}

/** Largest |a - b| over the largest |b|. */
function relativeError(a: Float32Array, b: Float32Array): number {
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < a.length; i++) {
    diff = Math.max(diff, Math.abs(a[i] - b[i]));
    scale = Math.max(scale, Math.abs(b[i]));
  }
  return diff / Math.max(scale, 1e-12);
}

function check({name, config, batch}: Case, backend: string) {
  const T = config.blockSize;
  const rng = new Rng(11);
  const x = Int32Array.from({length: batch * T}, () =>
    rng.int(config.vocabSize)
  );
  const y = Int32Array.from({length: batch * T}, () =>
    rng.int(config.vocabSize)
  );
  const weights = randomWeights(config, 5);

  const engine = new TrainEngine(config);
  engine.setWeights(weights);
  const got = engine.gradients(x, y, batch, 0, 1);
  engine.dispose();

  const specs = paramSpecs(config);
  const tensors = specs.map(({shape}, i) => tf.tensor(weights[i], shape));
  const ids = tf.tensor2d(x, [batch, T], 'int32');
  const targets = tf.tensor1d(y, 'int32');
  const {value, grads} = tf.valueAndGrads((...ws: tf.Tensor[]) => {
    const w = Object.fromEntries(specs.map((s, i) => [s.name, ws[i]]));
    return plainLoss(config, w, ids, targets);
  })(tensors);
  const want = grads.map((g) => g.dataSync() as Float32Array);
  const wantLoss = value.dataSync()[0];
  tf.dispose([value, ids, targets, ...grads, ...tensors]);

  const errors = Object.fromEntries(
    specs.map((s, i) => [s.name, relativeError(got.grads[i], want[i])])
  );
  return {case: name, backend, loss: got.loss, wantLoss, errors};
}

async function main(): Promise<void> {
  const results = [];
  for (const backend of ['wasm', 'cpu']) {
    await initTf(backend);
    for (const c of CASES) results.push(check(c, backend));
  }
  console.log(JSON.stringify({results}));
}

main().catch((e) => {
  console.error((e as Error).stack ?? e);
  process.exit(1);
});
