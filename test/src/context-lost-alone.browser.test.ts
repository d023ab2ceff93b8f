/**
 * A WebGL context lost when WebGL is the only backend allowed: nothing
 * can take over, so every element shows an error of type `backend` that
 * says what happened, and work in flight fails instead of hanging.
 */
import * as tf from '@tensorflow/tfjs-core';
import {expect} from 'chai';
import '../../components/peek-attention/define.js';
import '../../components/peek-sampler/define.js';
import {configurePeek} from '../../src/options.js';
import type {PeekErrorDetail} from '../../src/peek-element.js';
import {loadModel, modelStatus} from '../../src/store.js';

configurePeek({
  backends: ['webgl'],
  modelUrl: new URL('../../model/default/manifest.json', import.meta.url)
    .href,
});

describe('a WebGL context lost with no other backend allowed', () => {
  const errors = new Map<string, PeekErrorDetail[]>();
  const rejections: unknown[] = [];
  const onRejection = (e: PromiseRejectionEvent) => rejections.push(e.reason);
  let elements: HTMLElement[];
  let inFlight: PromiseSettledResult<Float32Array>;

  before(async () => {
    window.addEventListener('unhandledrejection', onRejection);
    const model = await loadModel();
    if (model.backend !== 'webgl') {
      throw new Error(`WebGL did not start (running ${model.backend}).`);
    }
    const sampler = document.createElement('peek-sampler');
    sampler.id = 'alone';
    const attention = document.createElement('peek-attention');
    attention.setAttribute('for', 'alone');
    elements = [sampler, attention];
    for (const el of elements) {
      errors.set(el.localName, []);
      el.addEventListener('peek-error', (e) =>
        errors
          .get(el.localName)!
          .push((e as CustomEvent<PeekErrorDetail>).detail)
      );
    }
    document.body.append(...elements);
    await sampler.step();

    const pending = model.inference.lastLogits('ROMEO:');
    const gl = (tf.backend() as unknown as {gpgpu: {gl: WebGLRenderingContext}})
      .gpgpu.gl;
    gl.getExtension('WEBGL_lose_context')!.loseContext();
    [inFlight] = await Promise.allSettled([pending]);
    await Promise.all(
      elements.map((el) => (el as unknown as {updateComplete: Promise<unknown>})
        .updateComplete)
    );
  });

  after(() => {
    window.removeEventListener('unhandledrejection', onRejection);
    for (const el of elements ?? []) el.remove();
  });

  it('fails the work in flight instead of leaving it hanging', () => {
    expect(inFlight.status).to.equal('rejected');
    const reason = (inFlight as PromiseRejectedResult).reason as Error;
    expect(reason.message).to.match(/No tfjs backend could start/);
  });

  it('puts the shared model in an error state of type backend', () => {
    const s = modelStatus();
    expect(s.state).to.equal('error');
    if (s.state !== 'error') return;
    expect(s.error.type).to.equal('backend');
    expect(s.error.message).to.contain('WebGL stopped working');
  });

  it('shows the error in every element, with one event each', () => {
    for (const el of elements) {
      const panel = el.shadowRoot!.querySelector('.state.error');
      expect(panel, el.localName).to.exist;
      expect(panel!.textContent).to.contain('no other backend could start');
      const seen = errors.get(el.localName)!;
      expect(seen.map((d) => d.type)).to.deep.equal(['backend']);
    }
  });

  it('leaves no rejection unhandled', () => {
    expect(rejections).to.deep.equal([]);
  });
});
