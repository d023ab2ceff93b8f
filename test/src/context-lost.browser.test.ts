/**
 * A WebGL context lost in the middle of generation (issue #6, item 11):
 * with the webgl backend running, WEBGL_lose_context drops the context
 * while the sampler plays and while a forward pass is in flight. The
 * elements say so, Peek moves to the next backend (the weights uploaded
 * again there), generation carries on, and every result after the switch
 * matches the plain-TypeScript reference engine.
 */
import * as tf from '@tensorflow/tfjs-core';
import {expect} from 'chai';
import '../../components/peek-attention/define.js';
import '../../components/peek-ffn/define.js';
import '../../components/peek-sampler/define.js';
import type {PeekAttention} from '../../components/peek-attention/peek-attention.js';
import type {PeekFfn} from '../../components/peek-ffn/peek-ffn.js';
import type {
  PeekSampler,
  PeekStepDetail,
} from '../../components/peek-sampler/peek-sampler.js';
import {referenceForward} from '../../model/reference.js';
import {configurePeek} from '../../src/options.js';
import type {PeekBackendChangeDetail} from '../../src/peek-element.js';
import {loadModel, modelEvents, type PeekModel} from '../../src/store.js';
import {maxDiff} from '../max-diff.js';

configurePeek({
  backends: ['webgl', 'wasm', 'cpu'],
  wasmDir: '/node_modules/@tensorflow/tfjs-backend-wasm/dist/',
  modelUrl: new URL('../../model/default/manifest.json', import.meta.url)
    .href,
});

const TOLERANCE = 1e-4;
const PROMPT = 'ROMEO:';
const LENGTH = 30;

/** The reference engine's next-character distribution after `text`. */
function referenceProbs(model: PeekModel, text: string): Float32Array {
  const {blockSize, vocabSize: V} = model.data.config;
  const ids = model.tokenizer.encode(text).slice(-blockSize);
  const {logits} = referenceForward(model.data, ids);
  const last = logits.subarray((ids.length - 1) * V);
  const max = Math.max(...last);
  const e = last.map((x) => Math.exp(x - max));
  const sum = e.reduce((a, b) => a + b, 0);
  return e.map((x) => x / sum);
}

function until(check: () => boolean, what: string, ms = 60_000) {
  return new Promise<void>((resolve, reject) => {
    const start = performance.now();
    const poll = () => {
      if (check()) return resolve();
      if (performance.now() - start > ms) {
        return reject(new Error(`timed out waiting for ${what}`));
      }
      setTimeout(poll, 20);
    };
    poll();
  });
}

describe('a WebGL context lost during generation', () => {
  const problems: string[] = [];
  const onError = (e: ErrorEvent) => problems.push(`error: ${e.message}`);
  const onRejection = (e: PromiseRejectionEvent) =>
    problems.push(`unhandled rejection: ${e.reason}`);

  let model: PeekModel;
  let sampler: PeekSampler;
  let attention: PeekAttention;
  let ffn: PeekFfn;
  const steps: PeekStepDetail[] = [];
  const changes = new Map<string, PeekBackendChangeDetail[]>();
  let stepsAtSwitch = -1;
  let inFlight: Promise<Float32Array>;
  const IN_FLIGHT_TEXT = 'JULIET:\nO Romeo, Romeo! wherefore art thou';

  before(async () => {
    window.addEventListener('error', onError);
    window.addEventListener('unhandledrejection', onRejection);
    model = await loadModel();
    if (model.backend !== 'webgl' || tf.getBackend() !== 'webgl') {
      throw new Error(
        `WebGL did not start (running ${model.backend}); this test needs ` +
          'it. Headless Chromium offers WebGL through SwiftShader.'
      );
    }
    modelEvents.addEventListener('backend', () => {
      stepsAtSwitch = steps.length;
    });

    sampler = document.createElement('peek-sampler');
    sampler.id = 'lost-gen';
    for (const [k, v] of Object.entries({
      prompt: PROMPT,
      seed: '11',
      length: String(LENGTH),
      speed: '60',
    })) {
      sampler.setAttribute(k, v);
    }
    attention = document.createElement('peek-attention');
    attention.setAttribute('for', 'lost-gen');
    ffn = document.createElement('peek-ffn');
    ffn.setAttribute('for', 'lost-gen');
    for (const el of [sampler, attention, ffn]) {
      changes.set(el.localName, []);
      el.addEventListener('peek-backend-change', (e) =>
        changes
          .get(el.localName)!
          .push((e as CustomEvent<PeekBackendChangeDetail>).detail)
      );
    }
    sampler.addEventListener('peek-step', (e) =>
      steps.push((e as CustomEvent<PeekStepDetail>).detail)
    );
    document.body.append(sampler, attention, ffn);
    await sampler.updateComplete;

    sampler.play();
    await until(() => steps.length >= 5, 'five steps on WebGL');
    // One forward pass is certainly in flight when the context goes.
    inFlight = model.inference.lastLogits(IN_FLIGHT_TEXT);
    const gl = (tf.backend() as unknown as {gpgpu: {gl: WebGLRenderingContext}})
      .gpgpu.gl;
    gl.getExtension('WEBGL_lose_context')!.loseContext();
    await until(() => steps.length >= LENGTH, 'the rest of the text');
    await attention.traceComplete;
    await ffn.traceComplete;
  });

  after(() => {
    window.removeEventListener('error', onError);
    window.removeEventListener('unhandledrejection', onRejection);
    for (const el of [sampler, attention, ffn]) el?.remove();
  });

  it('moves the model to the next backend in the list', () => {
    expect(model.backend).to.equal('wasm');
    expect(tf.getBackend()).to.equal('wasm');
    expect(stepsAtSwitch).to.be.within(5, LENGTH - 1);
  });

  it('tells every element once, with the event', () => {
    for (const [tag, seen] of changes) {
      expect(seen, tag).to.have.length(1);
      expect(seen[0].backend).to.equal('wasm');
      expect(seen[0].previous).to.equal('webgl');
      expect(seen[0].reason).to.match(/context was lost/);
    }
  });

  it('says so visibly in every element', () => {
    for (const el of [sampler, attention, ffn]) {
      const note = el.shadowRoot!.querySelector('[part=backend-note]');
      expect(note, el.localName).to.exist;
      const text = note!.textContent!.replace(/\s+/g, ' ');
      expect(text).to.contain('WebGL stopped working');
      expect(text).to.contain('WebAssembly');
      expect(el.shadowRoot!.querySelector('.state.error')).to.equal(null);
    }
  });

  it('carries on generating to the end, step after step', () => {
    expect(steps.map((s) => s.index)).to.deep.equal(
      Array.from({length: LENGTH}, (_, i) => i)
    );
    expect(steps.every((s) => s.kind === 'new')).to.equal(true);
    expect(sampler.fullText).to.have.length(PROMPT.length + LENGTH);
  });

  it('redoes the pass that was in flight, on the new backend', async () => {
    const logits = await inFlight;
    const V = model.data.config.vocabSize;
    const {blockSize} = model.data.config;
    const ids = model.tokenizer.encode(IN_FLIGHT_TEXT).slice(-blockSize);
    const ref = referenceForward(model.data, ids).logits;
    expect(maxDiff(logits, ref.subarray((ids.length - 1) * V))).to.be.below(
      TOLERANCE * 10 // logits are ~10x the size of probabilities
    );
  });

  it('matches the reference engine after the switch', () => {
    const after = steps.slice(stepsAtSwitch);
    expect(after.length).to.be.above(0);
    for (const s of after) {
      expect(
        maxDiff(s.step.probs, referenceProbs(model, s.context)),
        `step ${s.index}`
      ).to.be.below(TOLERANCE);
    }
  });

  it('keeps the followers in step with the new backend', () => {
    const trace = attention.trace!;
    expect(trace.chars.join('')).to.equal(sampler.currentText.slice(-128));
    const ids = trace.ids;
    const ref = referenceForward(model.data, ids);
    for (let l = 0; l < trace.attention.length; l++) {
      for (let h = 0; h < trace.attention[l].length; h++) {
        expect(
          maxDiff(trace.attention[l][h], ref.attention[l][h]),
          `L${l}H${h}`
        ).to.be.below(TOLERANCE);
      }
    }
  });

  it('throws nothing and leaves no rejection unhandled', () => {
    expect(problems).to.deep.equal([]);
  });
});
