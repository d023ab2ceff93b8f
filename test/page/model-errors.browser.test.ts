// Issue #6, item 10: model files that are missing, truncated, of the
// wrong shapes or vocabulary, cut off or slow. Every element shows a
// clear error (or its progress), fires one peek-error with a type, holds
// nothing half-loaded, and "Try again" works once the files do.
import * as tf from '@tensorflow/tfjs-core';
import {expect} from 'chai';
import {startBackend} from '../../src/backend.js';
import {configurePeek} from '../../src/options.js';
import {modelStatus} from '../../src/store.js';
import '../../src/define-all.js';

const MODEL = new URL('../../model/default/', import.meta.url).href;
const TAGS = ['peek-sampler', 'peek-attention', 'peek-ffn', 'peek-embedding'];

configurePeek({
  wasmDir: '/node_modules/@tensorflow/tfjs-backend-wasm/dist/',
});

/** How the next requests of the real weights file are answered. */
let weightsPlan: ('drop' | 'slow')[] = [];
const realFetch = window.fetch;
window.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
  const url = input instanceof Request ? input.url : String(input);
  const plan = url === `${MODEL}weights.bin` ? weightsPlan.shift() : undefined;
  const res = await realFetch(input, init);
  if (!plan) return res;
  const bytes = new Uint8Array(await res.arrayBuffer());
  return new Response(trickle(bytes, plan === 'drop'), {
    headers: {'content-length': String(bytes.length)},
  });
};

/** The bytes in 16 chunks, 40 ms apart; or the connection lost midway. */
function trickle(bytes: Uint8Array, drop: boolean): ReadableStream {
  const size = Math.ceil(bytes.length / 16);
  let i = 0;
  return new ReadableStream({
    async pull(controller) {
      await new Promise((r) => setTimeout(r, 40));
      if (drop && i === 5) {
        controller.error(new TypeError('network error'));
      } else if (i * size >= bytes.length) {
        controller.close();
      } else {
        controller.enqueue(bytes.slice(i * size, (i + 1) * size));
      }
      i++;
    },
  });
}

const blobUrl = (data: BlobPart) => URL.createObjectURL(new Blob([data]));

/** The shipped manifest and weights, to spoil. */
async function shipped() {
  const manifest = await (await realFetch(`${MODEL}manifest.json`)).json();
  const bin = await (await realFetch(`${MODEL}weights.bin`)).arrayBuffer();
  return {manifest, bin};
}

/** Serves a manifest whose weights are at `weights`. */
function serve(manifest: object, weights: string): string {
  return blobUrl(JSON.stringify({...manifest, weights}));
}

/** Four fresh elements and what each of them fired. */
function mountAll() {
  const els = TAGS.map((tag) => {
    const el = document.createElement(tag) as HTMLElement;
    el.setAttribute('text', 'To be, or not to be');
    el.style.width = '640px';
    return el;
  });
  const events = new Map(els.map((el) => [el, [] as CustomEvent[]]));
  for (const el of els) {
    for (const name of ['peek-error', 'peek-ready', 'peek-progress']) {
      el.addEventListener(name, (e) => events.get(el)!.push(e as CustomEvent));
    }
  }
  document.body.append(...els);
  const fired = (el: HTMLElement, name: string) =>
    events.get(el)!.filter((e) => e.type === name);
  return {els, fired};
}

const until = async (test: () => boolean, ms = 30_000) => {
  const start = performance.now();
  while (!test()) {
    if (performance.now() - start > ms) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
};

const errorPanel = (el: Element) =>
  el.shadowRoot!.querySelector<HTMLElement>('.state.error[role=alert]');

/** Mounts the four with `url` and checks how they fail. */
async function expectFailure(
  url: string,
  type: 'network' | 'format',
  message: RegExp
) {
  configurePeek({modelUrl: url});
  const tensors = tf.memory().numTensors;
  const {els, fired} = mountAll();
  await until(() => els.every((el) => errorPanel(el)));
  await new Promise((r) => setTimeout(r, 50));
  for (const el of els) {
    const errors = fired(el, 'peek-error');
    expect(errors, el.localName).to.have.length(1);
    expect(errors[0].detail.type).to.equal(type);
    expect(errors[0].detail.message).to.match(message);
    const panel = errorPanel(el)!;
    // A sentence: capitalised, whichever element it is.
    expect(panel.querySelector('strong')!.textContent).to.match(
      /^[A-Z][^.]* could not run\.$/
    );
    expect(panel.querySelector('.message')!.textContent).to.equal(
      errors[0].detail.message
    );
    expect(panel.querySelector('button')!.textContent).to.equal('Try again');
    // Nothing of a view is drawn beside the error.
    expect(el.shadowRoot!.querySelector('canvas, svg, .chips')).to.equal(
      null
    );
    expect(fired(el, 'peek-ready')).to.have.length(0);
  }
  expect(modelStatus().state).to.equal('error');
  expect(tf.memory().numTensors, 'no weights uploaded').to.equal(tensors);
  return els;
}

describe('model files that fail', () => {
  let good: Awaited<ReturnType<typeof shipped>>;
  before(async () => {
    good = await shipped();
    await startBackend(); // so tf.memory() can be read from the start
  });
  afterEach(() => {
    document.querySelectorAll(TAGS.join()).forEach((el) => el.remove());
  });

  it('a manifest that is not there (404)', async () => {
    const missing = new URL('./no-such-model/manifest.json', import.meta.url);
    await expectFailure(missing.href, 'network', /HTTP 404/);
  });

  it('weights that are not there (404)', async () => {
    const url = serve(good.manifest, `${MODEL}no-such-weights.bin`);
    await expectFailure(url, 'network', /no-such-weights\.bin: HTTP 404/);
  });

  it('truncated weights', async () => {
    const half = blobUrl(good.bin.slice(0, good.bin.byteLength / 2));
    await expectFailure(serve(good.manifest, half), 'format', /blob:/);
  });

  it('a tensor of the wrong shape', async () => {
    const manifest = structuredClone(good.manifest);
    const t = manifest.tensors[3];
    t.shape = [...t.shape].reverse();
    if (t.shape.length === 1) t.shape = [1, ...t.shape];
    const url = serve(manifest, `${MODEL}weights.bin`);
    await expectFailure(url, 'format', new RegExp(t.name));
  });

  it('a vocabulary of the wrong size', async () => {
    const manifest = structuredClone(good.manifest);
    manifest.vocab = manifest.vocab.slice(1);
    const url = serve(manifest, `${MODEL}weights.bin`);
    await expectFailure(url, 'format', /vocab/i);
  });

  it('weights cut off mid-download, then a retry', async function () {
    this.timeout(120_000);
    weightsPlan = ['drop', 'slow'];
    const els = await expectFailure(
      `${MODEL}manifest.json`,
      'network',
      /weights\.bin: the download stopped part of the way/
    );
    // The reader presses "Try again" in one element: the files now come,
    // slowly, and every element shows its progress, then its view.
    const events = new Map(els.map((el) => [el, [] as CustomEvent[]]));
    for (const el of els) {
      for (const name of ['peek-progress', 'peek-ready', 'peek-error']) {
        el.addEventListener(name, (e) =>
          events.get(el)!.push(e as CustomEvent)
        );
      }
    }
    const bars: number[] = [];
    const loadingTexts = new Set<string>();
    errorPanel(els[2])!.querySelector('button')!.click();
    await until(() => {
      const bar = els[0].shadowRoot!.querySelector('progress');
      if (bar) bars.push(bar.value);
      for (const el of els) {
        const line = el.shadowRoot!.querySelector('.state.loading span');
        if (line) loadingTexts.add(line.textContent!.trim());
      }
      const ready = (el: HTMLElement) =>
        events.get(el)!.some((e) => e.type === 'peek-ready');
      return els.every(ready);
    });
    expect(weightsPlan).to.deep.equal([]);
    expect(modelStatus().state).to.equal('ready');
    for (const el of els) {
      const seen = events.get(el)!;
      expect(seen.filter((e) => e.type === 'peek-error')).to.have.length(0);
      const loaded = seen
        .filter((e) => e.type === 'peek-progress')
        .map((e) => e.detail.loaded);
      expect(loaded.length).to.be.greaterThan(8);
      expect(loaded).to.deep.equal([...loaded].sort((a, b) => a - b));
      expect(loaded.at(-1)).to.equal(good.bin.byteLength);
      await (el as any).updateComplete;
      expect(el.shadowRoot!.querySelector('.state')).to.equal(null);
    }
    // The bar moved while the weights came in.
    expect(new Set(bars).size).to.be.greaterThan(3);
    // Each element said what it loads for, mid-sentence in lower case.
    expect(loadingTexts.size).to.equal(els.length);
    for (const text of loadingTexts) {
      expect(text).to.match(/^Loading the model for [a-z][^.]*…$/);
    }
    expect(tf.memory().numTensors).to.be.greaterThan(0);
  });
});
