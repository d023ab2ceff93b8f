/**
 * The causal softmax on every backend Peek can run on (issue #6, item 1):
 * the traced forward pass on cpu, wasm and webgl in Chromium, over texts
 * of 1, 2, 128 and more than 128 characters. Every attention row is a
 * distribution over the past only: the first position looks at itself
 * alone, the masked triangle is exactly 0, nothing is NaN or infinite,
 * and the three backends agree.
 *
 * Headless Chromium here renders WebGL with SwiftShader; if webgl cannot
 * start, the test fails and says so rather than skipping.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-webgl';
import {setWasmPaths} from '@tensorflow/tfjs-backend-wasm';
import {expect} from 'chai';
import type {ModelData} from '../../model/format.js';
import {Inference} from '../../src/inference.js';
import {fetchModel} from '../../src/loader.js';
import type {ForwardTrace} from '../../src/trace.js';
import {maxDiff} from '../max-diff.js';

const BACKENDS = ['cpu', 'wasm', 'webgl'] as const;
/** How far the backends may differ (float32 sums in different orders). */
const AGREE = 1e-3;
const ROW_SUM = 1e-5;

const SPEECH =
  'To be, or not to be, that is the question:\nWhether tis nobler in ' +
  'the mind to suffer\nThe slings and arrows of outrageous fortune,\n' +
  'Or to take arms against a sea of troubles\nAnd by opposing end them.';

/** Texts by name; lengths 1, 2, 3, exactly 128 and over 128. */
const TEXTS: Record<string, string> = {
  'one character': 'R',
  'two characters': 'RO',
  'three, one repeated': 'aaa',
  'exactly the context': SPEECH.slice(0, 128),
  'longer than the context': SPEECH,
};

/** Every backend's traces, by backend then text name. */
const traces = new Map<string, Map<string, ForwardTrace>>();
let data: ModelData;

async function start(name: string): Promise<void> {
  if (name === 'wasm') {
    setWasmPaths('/node_modules/@tensorflow/tfjs-backend-wasm/dist/');
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  }
  // setBackend resolves false when set-up failed: say which, loudly.
  const ok = await tf.setBackend(name);
  if (!ok || tf.getBackend() !== name) {
    throw new Error(
      `The ${name} backend did not start in this Chromium ` +
        `(setBackend returned ${ok}). Headless Chromium is expected to ` +
        'offer WebGL through SwiftShader; check scripts/chromium.mjs.'
    );
  }
  await tf.ready();
}

before(async () => {
  data = await fetchModel(
    new URL('../../model/default/manifest.json', import.meta.url).href
  );
  for (const name of BACKENDS) {
    await start(name);
    const inference = new Inference(data);
    const byText = new Map<string, ForwardTrace>();
    for (const [label, text] of Object.entries(TEXTS)) {
      byText.set(label, await inference.traceText(text));
    }
    inference.dispose();
    traces.set(name, byText);
  }
});

function allFinite(a: Float32Array): boolean {
  return a.every((x) => Number.isFinite(x));
}

describe('the masked softmax on cpu, wasm and webgl', () => {
  it('ran every backend on the real device it names', () => {
    expect([...traces.keys()]).to.deep.equal([...BACKENDS]);
    // The webgl run really was WebGL 2 (SwiftShader here), not a fallback.
    expect(tf.getBackend()).to.equal('webgl');
    expect(tf.env().getNumber('WEBGL_VERSION')).to.be.at.least(1);
  });

  for (const backend of BACKENDS) {
    describe(`on ${backend}`, () => {
      for (const label of Object.keys(TEXTS)) {
        describe(`for ${label}`, () => {
          const trace = () => traces.get(backend)!.get(label)!;

          it('reads at most the model context', () => {
            const want = Math.min(TEXTS[label].length, 128);
            expect(trace().T).to.equal(want);
          });

          it('has a first row of exactly 1 then zeros in every head', () => {
            const {T, attention} = trace();
            for (const heads of attention) {
              for (const a of heads) {
                expect(a[0]).to.equal(1);
                for (let k = 1; k < T; k++) expect(a[k]).to.equal(0);
              }
            }
          });

          it('has rows summing to 1 and a masked triangle of 0', () => {
            const {T, attention} = trace();
            attention.forEach((heads, l) =>
              heads.forEach((a, h) => {
                for (let q = 0; q < T; q++) {
                  let sum = 0;
                  for (let k = 0; k < T; k++) {
                    const p = a[q * T + k];
                    if (k > q && p !== 0) {
                      throw new Error(
                        `layer ${l} head ${h}: [${q}, ${k}] = ${p}, ` +
                          'above the diagonal'
                      );
                    }
                    expect(p).to.be.within(0, 1);
                    sum += p;
                  }
                  expect(Math.abs(sum - 1), `L${l}H${h} row ${q}`).to.be.below(
                    ROW_SUM
                  );
                }
              })
            );
          });

          it('has no NaN or Infinity anywhere', () => {
            const t = trace();
            const arrays = [
              ...t.attention.flat(),
              ...t.mlp,
              ...t.residual,
              t.logits,
              t.probs,
            ];
            arrays.forEach((a, i) =>
              expect(allFinite(a), `array ${i}`).to.equal(true)
            );
          });
        });
      }
    });
  }

  describe('across backends', () => {
    for (const label of Object.keys(TEXTS)) {
      it(`agrees within ${AGREE} for ${label}`, () => {
        const cpu = traces.get('cpu')!.get(label)!;
        for (const other of ['wasm', 'webgl']) {
          const t = traces.get(other)!.get(label)!;
          t.attention.forEach((heads, l) =>
            heads.forEach((a, h) =>
              expect(
                maxDiff(a, cpu.attention[l][h]),
                `${other} attention L${l}H${h}`
              ).to.be.below(AGREE)
            )
          );
          expect(maxDiff(t.logits, cpu.logits), `${other} logits`).to.be.below(
            AGREE
          );
          expect(maxDiff(t.probs, cpu.probs), `${other} probs`).to.be.below(
            AGREE
          );
        }
      });
    }
  });
});
