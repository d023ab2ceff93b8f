import {expect} from 'chai';
import * as tf from '@tensorflow/tfjs-core';
import type {PeekModel} from '../../src/store.js';
import {$, $$, model, mount, referencePca, unmountAll} from './setup.js';

let m: PeekModel;
let ref: ReturnType<typeof referencePca>;
const TEXT = 'To be, or not to be';

before(async () => {
  m = await model();
  const {vocabSize, nEmbd} = m.data.config;
  ref = referencePca(m.data.weights.get('wte')!, vocabSize, nEmbd);
});
afterEach(unmountAll);

describe('<peek-embedding trajectory>', () => {
  it('draws one path of nLayer + 1 points per position', async () => {
    const el = await mount({trajectory: '', text: TEXT});
    const {nLayer} = m.data.config;
    const T = Array.from(TEXT).length;
    const paths = el.toJSON().trajectories;
    expect(paths).to.have.length(T);
    for (const p of paths) expect(p.points).to.have.length(nLayer + 1);
    const lines = $$(el, '.paths:not(.strong) polyline');
    expect(lines).to.have.length(T);
    for (const line of lines) {
      expect(line.getAttribute('points')!.split(' ')).to.have.length(
        nLayer + 1
      );
    }
  });

  it("projects the trace's residual stream with the token PCA", async () => {
    const el = await mount({trajectory: '', text: TEXT});
    const trace = await m.inference.traceText(TEXT);
    const C = m.data.config.nEmbd;
    const paths = el.toJSON().trajectories;
    const tol = 1e-4 * Math.max(...ref.coords.flat().map(Math.abs));
    for (const [t, p] of paths.entries()) {
      expect(p.position).to.equal(t);
      expect(p.char).to.equal(Array.from(TEXT)[t]);
      for (const [l, [x, y]] of p.points.entries()) {
        const [rx, ry] = ref.project(trace.residual[l], t * C);
        expect(x).to.be.closeTo(rx, tol);
        expect(y).to.be.closeTo(ry, tol);
      }
    }
  });

  it("emphasises a hovered character's paths, layer by layer", async () => {
    const el = await mount({trajectory: '', text: TEXT});
    const o = m.data.vocab.indexOf('o');
    $(el, `.point[data-index="${o}"]`).dispatchEvent(
      new PointerEvent('pointerover', {bubbles: true, composed: true})
    );
    await el.updateComplete;
    const strong = $$(el, '.paths.strong .trajectory');
    const want = Array.from(TEXT).flatMap((c, i) => (c === 'o' ? [i] : []));
    expect(strong.map((g) => Number(g.dataset.position))).to.deep.equal(want);
    for (const g of strong) {
      const dots = g.querySelectorAll('circle.layer');
      expect(dots).to.have.length(m.data.config.nLayer + 1);
    }
  });

  it('labels the layers of a single hovered path', async () => {
    const el = await mount({trajectory: '', text: TEXT});
    $(el, '.paths .trajectory[data-position="3"] polyline').dispatchEvent(
      new PointerEvent('pointerover', {bubbles: true, composed: true})
    );
    await el.updateComplete;
    const strong = $$(el, '.paths.strong .trajectory');
    expect(strong.map((g) => g.dataset.position)).to.deep.equal(['3']);
    const labels = [...strong[0].querySelectorAll('.layer-label')].map(
      (t) => t.textContent!.trim()
    );
    const layers = Array.from(
      {length: m.data.config.nLayer},
      (_, l) => `L${l + 1}`
    );
    expect(labels).to.deep.equal(['emb', ...layers]);
  });

  it('keeps the last 128 characters, numbered in the text', async () => {
    const long = 'abcdefghij'.repeat(14); // 140 characters
    const el = await mount({trajectory: '', text: long});
    const paths = el.toJSON().trajectories;
    expect(paths).to.have.length(m.data.config.blockSize);
    expect(paths[0].position).to.equal(140 - m.data.config.blockSize);
  });

  it('draws the latest text when texts change quickly', async () => {
    const el = await mount({trajectory: '', text: 'first'});
    el.text = 'second text';
    await el.updateComplete;
    el.text = 'third';
    await el.layoutComplete;
    const chars = el.toJSON().trajectories.map((p) => p.char).join('');
    expect(chars).to.equal('third');
  });

  it('leaves no tensors behind', async () => {
    await model();
    const before = tf.memory().numTensors;
    const el = await mount({trajectory: '', text: 'First Citizen:'});
    el.text = 'Before we proceed';
    await el.layoutComplete;
    expect(el.toJSON().trajectories).to.have.length(17);
    expect(tf.memory().numTensors).to.equal(before);
  });

  it('shows a failed trace as an error, and recovers', async () => {
    const traceText = m.inference.traceText;
    m.inference.traceText = () => Promise.reject(new Error('backend lost'));
    const errors: {type: string; message: string}[] = [];
    const el = document.createElement('peek-embedding');
    el.addEventListener('peek-error', (e) =>
      errors.push((e as CustomEvent).detail)
    );
    el.setAttribute('trajectory', '');
    el.text = 'abc';
    try {
      document.body.append(el);
      await el.layoutComplete;
      expect(errors.map((e) => e.message)).to.deep.equal(['backend lost']);
      expect($(el, '[role="alert"]').textContent).to.contain('backend lost');
    } finally {
      m.inference.traceText = traceText;
    }
    el.text = 'abcd';
    await el.layoutComplete;
    expect(el.shadowRoot!.querySelector('[role="alert"]')).to.equal(null);
    expect(el.toJSON().trajectories).to.have.length(4);
    el.remove();
  });

  it('clears the paths when turned off', async () => {
    const el = await mount({trajectory: '', text: TEXT});
    el.trajectory = false;
    await el.layoutComplete;
    expect(el.toJSON().trajectories).to.deep.equal([]);
    expect($$(el, 'polyline')).to.have.length(0);
  });
});
