/**
 * Peek's wasm SIMD kernels (src/simd.wat via src/simd-kernels.ts), each
 * against plain float64 arithmetic, and the traced pass built on them
 * (src/simd-forward.ts) against the tfjs-ops pass and model/gpt.ts.
 */
import assert from 'node:assert/strict';
import {before, describe, it} from 'node:test';
import {DEFAULT_CONFIG, type GPTConfig} from '../../model/config.js';
import type {ModelData} from '../../model/format.js';
import {initWeights} from '../../model/init.js';
import {Rng} from '../../model/rng.js';
import {foldWeights, type FoldedWeights} from '../../src/folded-weights.js';
import {Inference} from '../../src/inference.js';
import {SimdKernels} from '../../src/simd-kernels.js';
import {simdTracedForward} from '../../src/simd-forward.js';
import {readTrace, tracedForward} from '../../src/traced-forward.js';
import {disposeWeights, uploadWeights} from '../../src/weight-tensors.js';
import {
  maxDiff,
  oracleTrace,
  shippedModel,
  startWasm,
} from './model-fixture.js';

/** A small model of another shape: 2 heads of 32, an MLP of 96. */
const SMALL: GPTConfig = {
  ...DEFAULT_CONFIG,
  nEmbd: 64,
  nHead: 2,
  nLayer: 2,
  mlpHidden: 96,
  blockSize: 40,
};

function randomArray(rng: Rng, n: number, scale = 1): Float32Array {
  return Float32Array.from({length: n}, () => scale * rng.normal());
}

/** Folded weights with random down-projections (all the kernels keep). */
function folded(config: GPTConfig, seed: number): FoldedWeights {
  const rng = new Rng(seed);
  const {nEmbd: C, mlpHidden: M} = config;
  const layers = Array.from({length: config.nLayer}, () => ({
    w2: randomArray(rng, M * C, 0.1),
    b2: randomArray(rng, C),
  }));
  return {config, layers} as unknown as FoldedWeights;
}

/** softmax(q k^T) v per head, causal, in float64. */
function attention(qkv: Float32Array, T: number, C: number, H: number) {
  const D = C / H;
  const at = (t: number, col: number) => qkv[t * 3 * C + col];
  const weights: Float64Array[] = [];
  const y = new Float64Array(T * C);
  for (let h = 0; h < H; h++) {
    const p = new Float64Array(T * T);
    for (let i = 0; i < T; i++) {
      const s: number[] = [];
      for (let j = 0; j <= i; j++) {
        let dot = 0;
        for (let d = 0; d < D; d++) {
          dot += at(i, h * D + d) * at(j, C + h * D + d);
        }
        s.push(dot);
      }
      const max = Math.max(...s);
      const e = s.map((v) => Math.exp(v - max));
      const sum = e.reduce((a, b) => a + b, 0);
      e.forEach((v, j) => (p[i * T + j] = v / sum));
      for (let d = 0; d < D; d++) {
        let acc = 0;
        for (let j = 0; j <= i; j++) {
          acc += p[i * T + j] * at(j, 2 * C + h * D + d);
        }
        y[i * C + h * D + d] = acc;
      }
    }
    weights.push(p);
  }
  return {weights, y};
}

function layerNorm(x: Float32Array, C: number, eps: number): Float64Array {
  const out = new Float64Array(x.length);
  for (let t = 0; t < x.length / C; t++) {
    const row = x.subarray(t * C, (t + 1) * C);
    const mean = row.reduce((a, b) => a + b, 0) / C;
    const variance = row.reduce((a, b) => a + (b - mean) ** 2, 0) / C;
    const scale = 1 / Math.sqrt(variance + eps);
    row.forEach((v, c) => (out[t * C + c] = (v - mean) * scale));
  }
  return out;
}

describe('SimdKernels', () => {
  before(startWasm);

  describe('supports()', () => {
    it('takes heads a multiple of 16 wide', () => {
      assert.equal(SimdKernels.supports(DEFAULT_CONFIG), true);
      assert.equal(SimdKernels.supports(SMALL), true);
      const narrow = {...DEFAULT_CONFIG, nHead: 16}; // heads of 8
      assert.equal(SimdKernels.supports(narrow), false);
      assert.equal(SimdKernels.supports({...DEFAULT_CONFIG, nHead: 3}), false);
    });
  });

  for (const config of [DEFAULT_CONFIG, SMALL]) {
    const {nEmbd: C, nHead: H, mlpHidden: M, lnEps} = config;
    describe(`with C = ${C}, H = ${H}, M = ${M}`, () => {
      let k: SimdKernels;
      before(async () => {
        const made = await SimdKernels.create(folded(config, 1));
        assert.ok(made, 'the kernels compiled');
        k = made;
      });

      const lengths = [1, 3, 4, 5, 8, 9, 37, config.blockSize];
      for (const T of lengths) {
        it(`attend() matches float64 attention at T = ${T}`, () => {
          const rng = new Rng(T);
          const qkv = randomArray(rng, T * 3 * C);
          const {weights, y} = k.attend(qkv, T);
          const want = attention(qkv, T, C, H);
          for (let h = 0; h < H; h++) {
            assert.equal(weights[h].length, T * T);
            const d = maxDiff(weights[h], want.weights[h]);
            assert.ok(d < 1e-6, `head ${h} weights: ${d}`);
            for (let i = 0; i < T; i++) {
              for (let j = i + 1; j < T; j++) {
                assert.equal(weights[h][i * T + j], 0, `${h} ${i} ${j}`);
              }
            }
          }
          assert.ok(maxDiff(y, want.y) < 1e-5, `y: ${maxDiff(y, want.y)}`);
        });
      }

      it('attend() stays finite with scores in the hundreds', () => {
        const T = 37;
        const qkv = randomArray(new Rng(5), T * 3 * C, 6); // |q.k| ~ 1e3
        const {weights} = k.attend(qkv, T);
        const want = attention(qkv, T, C, H);
        for (let h = 0; h < H; h++) {
          assert.ok(weights[h].every(Number.isFinite));
          for (let i = 0; i < T; i++) {
            const row = weights[h].subarray(i * T, (i + 1) * T);
            const sum = row.reduce((a, b) => a + b, 0);
            assert.ok(Math.abs(sum - 1) < 1e-5, `row ${i} sums to ${sum}`);
          }
          // A float32 score near 1e3 is rounded by ~1e-4, and e^x turns
          // that into a relative error of ~1e-4 in the weight.
          const d = maxDiff(weights[h], want.weights[h]);
          assert.ok(d < 1e-3, `head ${h}: ${d}`);
        }
      });

      it('normalize() matches LayerNorm, a constant row included', () => {
        const T = 9;
        const x = randomArray(new Rng(2), T * C, 3);
        x.fill(0.25, 0, C); // variance 0: all zeros out, not NaN
        const got = k.normalize(x, T);
        assert.ok(maxDiff(got, layerNorm(x, C, lnEps)) < 1e-5);
        assert.ok(got.subarray(0, C).every((v) => v === 0));
      });

      for (const zeros of [0, 0.9, 1]) {
        it(`mlpOut() equals the dense product, ${zeros * 100}% zeros`, () => {
          const T = 13;
          const rng = new Rng(3);
          const x = randomArray(rng, T * C);
          const o = randomArray(rng, T * C);
          const hidden = Float32Array.from({length: T * M}, () =>
            rng.next() < zeros ? 0 : Math.abs(rng.normal())
          );
          const layer = config.nLayer - 1;
          const w = folded(config, 1).layers[layer];
          const m = k.residualNorm(x, o, T);
          const mid = x.map((v, i) => v + o[i]);
          assert.ok(maxDiff(m, layerNorm(mid, C, lnEps)) < 1e-5);
          const got = k.mlpOut(layer, hidden, T);
          const want = new Float64Array(T * C);
          for (let t = 0; t < T; t++) {
            for (let c = 0; c < C; c++) {
              let acc = mid[t * C + c] + w.b2[c];
              for (let j = 0; j < M; j++) {
                acc += hidden[t * M + j] * w.w2[j * C + c];
              }
              want[t * C + c] = acc;
            }
          }
          assert.ok(maxDiff(got, want) < 1e-4, `${maxDiff(got, want)}`);
        });
      }

      it('mlpOut() lets a NaN activation through, as a product would', () => {
        const T = 2;
        const hidden = new Float32Array(T * M);
        hidden[M + 3] = NaN;
        k.residualNorm(new Float32Array(T * C), new Float32Array(T * C), T);
        const got = k.mlpOut(0, hidden, T);
        assert.ok(got.subarray(0, C).every(Number.isFinite));
        assert.ok(got.subarray(C).every(Number.isNaN));
      });

      it('refuses input of the wrong length', () => {
        assert.throws(() => k.attend(new Float32Array(10), 4), /qkv/);
      });
    });
  }
});

describe('simdTracedForward()', () => {
  before(startWasm);

  const small: ModelData = {
    config: SMALL,
    vocab: Array.from({length: SMALL.vocabSize}, (_, i) =>
      String.fromCodePoint(0x41 + i)
    ),
    weights: initWeights(SMALL, 4),
  };
  const shipped = shippedModel();
  const models: [string, ModelData][] = [['a model of another shape', small]];
  if (shipped) models.unshift(['the shipped model', shipped]);

  for (const [name, model] of models) {
    it(`equals the tfjs-ops pass and model/gpt.ts on ${name}`, async () => {
      const f = foldWeights(model);
      const w = uploadWeights(f);
      const k = await SimdKernels.create(f);
      assert.ok(k);
      try {
        const rng = new Rng(9);
        const T = model.config.blockSize;
        const ids = Array.from({length: T}, () =>
          rng.int(model.config.vocabSize)
        );
        const simd = await simdTracedForward(w, k, ids);
        const ops = await readTrace(await tracedForward(w, ids));
        const oracle = oracleTrace(model, ids);
        for (const [label, other] of [
          ['tfjs ops', ops],
          ['gpt.ts', oracle],
        ] as const) {
          const pairs: [string, ArrayLike<number>, ArrayLike<number>][] = [
            ['logits', simd.logits, other.logits],
            ['probs', simd.probs, other.probs],
            ...simd.mlp.map(
              (a, l) => [`mlp ${l}`, a, other.mlp[l]] as [string, any, any]
            ),
            ...simd.residual.map(
              (a, l) => [`res ${l}`, a, other.residual[l]] as [string, any, any]
            ),
            ...simd.attention.flatMap((heads, l) =>
              heads.map(
                (a, h) =>
                  [`att ${l}.${h}`, a, other.attention[l][h]] as [
                    string, any, any,
                  ]
              )
            ),
          ];
          for (const [what, a, b] of pairs) {
            const d = maxDiff(a, b);
            assert.ok(d < 1e-4, `${what} vs ${label}: ${d}`);
          }
        }
      } finally {
        disposeWeights(w);
      }
    });
  }

  it('is what Inference runs on wasm', async () => {
    const inference = new Inference(small);
    try {
      const trace = await inference.traceText('ABCDEFG');
      const oracle = oracleTrace(small, trace.ids);
      assert.ok(maxDiff(trace.probs, oracle.probs) < 1e-4);
      assert.equal(trace.attention[0][0].length, 7 * 7);
    } finally {
      inference.dispose();
    }
  });
});
