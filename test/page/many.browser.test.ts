// Issue #6, item 12: many elements on one page share one model and one
// backend, and a page that keeps adding and removing one does not grow.
import {grown, holdings, timersStarted} from './watch.js';
import * as tf from '@tensorflow/tfjs-core';
import {expect} from 'chai';
import {MISSING_SOURCE_GRACE_MS} from '../../src/follow.js';
import {modelEvents, type ModelStatus} from '../../src/store.js';
import {model, settled, tensorsNow, until, wait} from './setup.js';
import '../../src/define-all.js';

const TEXT = 'But, soft! what light through yonder window breaks?';

// Count model requests from the first element on (none has connected
// yet: the elements start loading when they connect).
const requested: string[] = [];
const realFetch = window.fetch;
window.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
  const url = input instanceof Request ? input.url : String(input);
  requested.push(new URL(url, location.href).pathname);
  return realFetch(input, init);
};
const statuses: ModelStatus['state'][] = [];
modelEvents.addEventListener('status', (e) =>
  statuses.push((e as CustomEvent<ModelStatus>).detail.state)
);
const ready: {backend: string; url: string}[] = [];
document.addEventListener('peek-ready', (e) =>
  ready.push((e as CustomEvent).detail)
);

/** How often each model file was requested. */
function modelRequests() {
  const count = (name: string) =>
    requested.filter((p) => p.endsWith(`/model/default/${name}`)).length;
  return {manifest: count('manifest.json'), weights: count('weights.bin')};
}

const KINDS = ['peek-sampler', 'peek-attention', 'peek-ffn', 'peek-embedding'];

/** Element i of twenty: five of each kind, some following a sampler. */
function nth(i: number): HTMLElement {
  const el = document.createElement(KINDS[i % 4]);
  const n = Math.floor(i / 4);
  if (i % 4 === 0) {
    el.id = `s${n}`;
    el.setAttribute('seed', String(n));
  } else if (n % 2 === 0) {
    el.setAttribute('for', `s${n}`);
  } else {
    el.setAttribute('text', TEXT.slice(0, 10 + 8 * n));
  }
  el.style.width = '640px';
  return el;
}

describe('twenty elements on one page', () => {
  const els = Array.from({length: 20}, (_, i) => nth(i));

  before(async function () {
    this.timeout(120_000);
    document.body.append(...els);
    await Promise.all(els.map(settled));
  });
  after(() => els.forEach((el) => el.remove()));

  it('load the model once', async () => {
    expect(modelRequests()).to.deep.equal({manifest: 1, weights: 1});
    expect(statuses.filter((s) => s === 'ready')).to.have.length(1);
    expect(statuses).not.to.include('error');
  });

  it('share one backend', async () => {
    const m = await model();
    expect(ready).to.have.length(20);
    for (const r of ready) {
      expect(r).to.deep.equal({backend: m.backend, url: m.url});
    }
    expect(tf.getBackend()).to.equal(m.backend);
    // Only the chosen backend was ever set up.
    expect(Object.keys(tf.engine().registry)).to.deep.equal([m.backend]);
  });

  it('all draw', async () => {
    for (const el of els) {
      expect(el.shadowRoot!.querySelector('.state')).to.equal(null);
    }
    const followers = els.filter((el) => el.hasAttribute('for'));
    const s0 = document.getElementById('s0') as any;
    await s0.step();
    await Promise.all(followers.map(settled));
    const a = followers.find((el) => el.localName === 'peek-attention') as any;
    expect(a.trace.chars.join('')).to.equal(s0.currentText);
  });

  it('do not grow while one more comes and goes 50 times', async function () {
    this.timeout(180_000);
    // Followers look for their source once, a moment after connecting.
    await wait(MISSING_SOURCE_GRACE_MS + 100);
    const before = {...tensorsNow(), page: holdings()};
    for (let i = 0; i < 50; i++) {
      const el = nth(i % 20);
      el.removeAttribute('id'); // the twenty keep theirs
      document.body.append(el);
      await settled(el);
      el.remove();
      await (el as any).updateComplete;
    }
    await until(() => tensorsNow().tensors === before.tensors, 5000).catch(
      () => undefined
    );
    expect(tensorsNow()).to.deep.equal({
      tensors: before.tensors,
      bytes: before.bytes,
    });
    const now = holdings();
    expect(
      [now.listeners, timersStarted(before.page, now)],
      `grew:\n${grown(before.page, now)}`
    ).to.deep.equal([before.page.listeners, []]);
    expect(modelRequests()).to.deep.equal({manifest: 1, weights: 1});
    expect(statuses.filter((s) => s === 'ready')).to.have.length(1);
  });
});
