import * as tf from '@tensorflow/tfjs-core';
import {expect} from 'chai';
import {interpolateViridis, rgb} from 'd3';
import '../../components/peek-attention/define.js';
import {MASK_BG, MASK_LINE} from '../../components/peek-attention/colour.js';
import {drawThumbnail} from '../../components/peek-attention/draw.js';
import type {PeekAttention} from '../../components/peek-attention/peek-attention.js';
import {describeChar} from '../../src/glyphs.js';
import {publishHighlight, subscribeHighlight} from '../../src/linking.js';
import {configurePeek} from '../../src/options.js';
import {loadModel, type PeekModel} from '../../src/store.js';
import type {ForwardTrace} from '../../src/trace.js';
import {maxDiff} from '../max-diff.js';
import {captureWarnings} from '../warnings.js';

configurePeek({
  wasmDir: '/node_modules/@tensorflow/tfjs-backend-wasm/dist/',
  modelUrl: new URL('../../model/default/manifest.json', import.meta.url)
    .href,
});

const HAMLET = 'To be, or not to be, that is the question:\nWhether';

let model: PeekModel;
const traces = new Map<string, ForwardTrace>();
/** The model's own trace, computed apart from the element. */
async function traceOf(text: string): Promise<ForwardTrace> {
  if (!traces.has(text)) {
    traces.set(text, await model.inference.traceText(text));
  }
  return traces.get(text)!;
}

const made: HTMLElement[] = [];
async function make(attrs: Record<string, string>): Promise<PeekAttention> {
  const el = document.createElement('peek-attention');
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  el.style.width = '760px';
  document.body.append(el);
  made.push(el);
  await el.traceComplete;
  return el;
}

const part = <E extends Element = HTMLElement>(el: Element, sel: string) =>
  el.shadowRoot!.querySelector<E>(sel)!;

/** The heatmap's cell geometry in CSS pixels. */
function geometry(el: PeekAttention) {
  const d = part<HTMLCanvasElement>(el, 'canvas.base').dataset;
  return {left: Number(d.left), top: Number(d.top), cell: Number(d.cell)};
}

/** RGB of every device pixel of a CSS-pixel rectangle of the heatmap. */
function cssPixels(
  el: PeekAttention,
  x: number,
  y: number,
  w: number,
  h: number
): number[][] {
  const canvas = part<HTMLCanvasElement>(el, 'canvas.base');
  const dpr = canvas.width / parseFloat(canvas.style.width);
  const [X, Y] = [Math.floor(x * dpr), Math.floor(y * dpr)];
  const [W, H] = [Math.max(1, w * dpr), Math.max(1, h * dpr)];
  const d = canvas.getContext('2d')!.getImageData(X, Y, W, H).data;
  const out = [];
  for (let i = 0; i < d.length; i += 4) out.push([d[i], d[i + 1], d[i + 2]]);
  return out;
}

/** Colour at the centre of cell (q, k) of the heatmap. */
function cellPixel(el: PeekAttention, q: number, k: number): number[] {
  const {left, top, cell} = geometry(el);
  const [x, y] = [left + (k + 0.5) * cell, top + (q + 0.5) * cell];
  return cssPixels(el, x, y, 1, 1)[0];
}

/** The scale's colour for a weight, computed with d3 directly. */
function viridisOf(w: number): number[] {
  const c = rgb(interpolateViridis(Math.sqrt(w)));
  return [c.r, c.g, c.b];
}

function expectColour(actual: number[], expected: readonly number[]) {
  expect(maxDiff(actual, expected), `${actual} vs ${expected}`).to.be.at
    .most(3);
}

describe('<peek-attention>', function () {
  this.timeout(60_000);

  before(async () => {
    model = await loadModel();
  });

  afterEach(() => {
    for (const el of made.splice(0)) el.remove();
  });

  describe('with a short text', () => {
    // One element for the block (the tests that change it come last).
    let el: PeekAttention;
    let trace: ForwardTrace;
    before(async () => {
      el = await make({text: HAMLET});
      made.pop(); // kept past afterEach; removed in after()
      trace = await traceOf(HAMLET);
    });
    after(() => el.remove());

    it('shows the weights of the model trace for layer 0 head 0', () => {
      expect(el.weights.length).to.equal(trace.T * trace.T);
      expect(maxDiff(el.weights, trace.attention[0][0])).to.be.below(1e-6);
    });

    it('has a first row of exactly 1 followed by masked zeros', () => {
      const w = el.weights;
      expect(w[0]).to.equal(1);
      for (let k = 1; k < trace.T; k++) expect(w[k]).to.equal(0);
    });

    it('has every row of every head summing to 1 within 1e-5', () => {
      const T = trace.T;
      for (const layer of trace.attention) {
        for (const w of layer) {
          for (let q = 0; q < T; q++) {
            let sum = 0;
            for (let k = 0; k <= q; k++) sum += w[q * T + k];
            expect(Math.abs(sum - 1)).to.be.below(1e-5);
          }
        }
      }
    });

    it('draws cell [0,0] in the colour of weight 1', () => {
      expectColour(cellPixel(el, 0, 0), viridisOf(1));
    });

    it('draws known weights in their colour on the scale', () => {
      const T = trace.T;
      for (const [q, k] of [[5, 2], [20, 20], [T - 1, 0]]) {
        const w = trace.attention[0][0][q * T + k];
        expectColour(cellPixel(el, q, k), viridisOf(w));
      }
    });

    it('draws the masked triangle in the hatch greys, not as zero', () => {
      const T = trace.T;
      const greys = [MASK_BG, MASK_LINE].map((c) => c.join());
      for (const [q, k] of [[0, 1], [3, 10], [T - 2, T - 1], [0, T - 1]]) {
        const px = cellPixel(el, q, k);
        expect(greys).to.include(px.join());
        expect(maxDiff(px, viridisOf(0))).to.be.above(30);
      }
    });

    it('labels both axes with characters', () => {
      const background = cssPixels(el, 0, 0, 1, 1)[0];
      const inked = (px: number[][]) =>
        px.some((p) => maxDiff(p, background) > 60);
      const {left, top, cell} = geometry(el);
      expect(inked(cssPixels(el, 0, top, left, cell))).to.equal(true);
      expect(inked(cssPixels(el, left, 0, cell, top))).to.equal(true);
    });

    it('summarises the last query for screen readers', () => {
      const label = part(el, '[part=heatmap]').getAttribute('aria-label')!;
      expect(label).to.match(/^Layer 0, head 0: for the last character/);
      expect(label).to.contain(describeChar(HAMLET.at(-1)!));
    });

    it('redraws when layer and head change', async () => {
      el.setAttribute('layer', '2');
      el.head = 3;
      await el.traceComplete;
      const w = trace.attention[2][3];
      expect(maxDiff(el.weights, w)).to.be.below(1e-6);
      const T = trace.T;
      expectColour(cellPixel(el, T - 1, 3), viridisOf(w[(T - 1) * T + 3]));
      expect(part(el, '.title').textContent).to.equal('Layer 2 · head 3');
    });

    it('is crisp on a high-DPI screen', async () => {
      const own = Object.getOwnPropertyDescriptor(window, 'devicePixelRatio');
      Object.defineProperty(window, 'devicePixelRatio', {
        value: 2,
        configurable: true,
      });
      try {
        el.requestUpdate();
        await el.traceComplete;
        const canvas = part<HTMLCanvasElement>(el, 'canvas.base');
        expect(canvas.width).to.equal(2 * parseFloat(canvas.style.width));
        expectColour(cellPixel(el, 0, 0), viridisOf(1));
      } finally {
        if (own) Object.defineProperty(window, 'devicePixelRatio', own);
        else delete (window as {devicePixelRatio?: number}).devicePixelRatio;
      }
    });
  });

  describe('thumbnails', () => {
    it('show all 16 heads as canvases', async () => {
      const el = await make({text: HAMLET});
      const canvases = el.shadowRoot!.querySelectorAll(
        '[part=thumbnails] canvas'
      );
      expect(canvases.length).to.equal(16);
      for (const c of canvases) {
        expect((c as HTMLCanvasElement).width).to.be.above(0);
      }
    });

    /** Each thumbnail's pixels against one drawn apart from the
     * element, from `trace`. */
    function assertThumbnailsShow(el: PeekAttention, trace: ForwardTrace) {
      const thumb = getComputedStyle(el).getPropertyValue(
        '--peek-attention-thumb'
      );
      const size = parseFloat(thumb) || 48;
      const pixels = (c: HTMLCanvasElement) =>
        Array.from(
          c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data
        );
      const buttons = el.shadowRoot!.querySelectorAll<HTMLElement>('.thumb');
      expect(buttons.length).to.equal(16);
      for (const b of buttons) {
        const [l, h] = [Number(b.dataset.layer), Number(b.dataset.head)];
        const want = document.createElement('canvas');
        const w = trace.attention[l][h];
        drawThumbnail(want, w, trace.T, 'sqrt', size, devicePixelRatio);
        const got = b.querySelector('canvas')!;
        expect(got.width, `${l}.${h}`).to.equal(want.width);
        expect(pixels(got), `${l}.${h}`).to.deep.equal(pixels(want));
      }
    }

    it('are painted by the time peek-trace fires', async () => {
      const el = document.createElement('peek-attention') as PeekAttention;
      el.setAttribute('text', HAMLET);
      el.style.width = '760px';
      const seen = new Promise<void>((resolve, reject) =>
        el.addEventListener(
          'peek-trace',
          () => {
            try {
              assertThumbnailsShow(el, el.trace!);
              resolve();
            } catch (e) {
              reject(e);
            }
          },
          {once: true}
        )
      );
      document.body.append(el);
      made.push(el);
      await seen;
      expect(maxDiff(el.trace!.logits, (await traceOf(HAMLET)).logits)).to.be
        .below(1e-6);
    });

    it('show the newest text after quick changes', async () => {
      const el = await make({text: HAMLET});
      el.text = 'Something is rotten';
      el.text = 'in the state of Denmark.';
      await el.traceComplete;
      const trace = await traceOf('in the state of Denmark.');
      expect(el.trace!.T).to.equal(trace.T);
      assertThumbnailsShow(el, el.trace!);
    });

    it('keep the scale in effect when it changes back quickly', async () => {
      const el = await make({text: HAMLET});
      const legend = () => part(el, '[part=legend]').textContent!;
      el.scale = 'linear';
      // Until the update has run (microtasks only, so thumbnails it left
      // for a later task are not painted yet).
      for (let i = 0; legend().includes('√'); i++) {
        expect(i, 'the update never ran').to.be.below(100);
        await Promise.resolve();
      }
      el.scale = 'sqrt';
      await el.updateComplete;
      assertThumbnailsShow(el, el.trace!);
    });

    it('select a head when clicked, and outline it', async () => {
      const el = await make({text: HAMLET});
      let detail: unknown;
      el.addEventListener('peek-head-change', (e) => {
        detail = (e as CustomEvent).detail;
      });
      part(el, '.thumb[data-layer="1"][data-head="2"]').click();
      await el.traceComplete;
      expect([el.layer, el.head]).to.deep.equal([1, 2]);
      expect(detail).to.deep.equal({layer: 1, head: 2});
      const pressed = el.shadowRoot!.querySelectorAll('[aria-pressed=true]');
      expect(pressed.length).to.equal(1);
      expect(pressed[0].getAttribute('aria-label')).to.equal(
        'Layer 1, head 2'
      );
      const trace = await traceOf(HAMLET);
      expect(maxDiff(el.weights, trace.attention[1][2])).to.be.below(1e-6);
    });
  });

  describe('hovering a cell', () => {
    async function hover(el: PeekAttention, q: number, k: number) {
      const overlay = part<HTMLCanvasElement>(el, 'canvas.overlay');
      const base = part<HTMLCanvasElement>(el, 'canvas.base');
      const r = overlay.getBoundingClientRect();
      const cell = Number(base.dataset.cell);
      overlay.dispatchEvent(
        new PointerEvent('pointermove', {
          clientX: r.left + Number(base.dataset.left) + (k + 0.5) * cell,
          clientY: r.top + Number(base.dataset.top) + (q + 0.5) * cell,
          bubbles: true,
        })
      );
      await el.updateComplete;
    }

    it('shows query, key and weight to 3 decimals', async () => {
      const el = await make({text: HAMLET, layer: '1', head: '1'});
      const trace = await traceOf(HAMLET);
      const T = trace.T;
      await hover(el, 9, 3);
      const tip = part(el, '[part=tooltip]').textContent!;
      const w = trace.attention[1][1][9 * T + 3];
      expect(tip).to.contain(describeChar(trace.chars[9]));
      expect(tip).to.contain(describeChar(trace.chars[3]));
      expect(tip).to.contain(w.toFixed(3));
    });

    it('says a masked cell is masked', async () => {
      const el = await make({text: HAMLET});
      await hover(el, 2, 7);
      expect(part(el, '[part=tooltip]').textContent).to.contain('masked');
    });

    it('colours the text by the hovered row', async () => {
      const el = await make({text: HAMLET});
      const trace = await traceOf(HAMLET);
      const T = trace.T;
      await hover(el, 12, 0);
      const spans = el.shadowRoot!.querySelectorAll('[part=text-view] .ch');
      expect(spans.length).to.equal(T);
      expect(spans[12].classList.contains('query')).to.equal(true);
      expect(spans[13].classList.contains('future')).to.equal(true);
      for (let k = 0; k <= 12; k++) {
        const strength = Math.sqrt(trace.attention[0][0][12 * T + k]) * 100;
        const style = spans[k].getAttribute('style')!;
        expect(parseFloat(style.split(':')[1])).to.be.closeTo(strength, 0.1);
      }
    });

    it('publishes the query position to its group', async () => {
      const el = await make({text: HAMLET, id: 'att-hover'});
      const seen: number[] = [];
      const stop = subscribeHighlight(() => 'att-hover', document, (h) =>
        seen.push(h.position)
      );
      await hover(el, 4, 1);
      stop();
      expect(seen).to.deep.equal([4]);
    });

    it('highlights positions published by others in its group', async () => {
      // 150 characters: the window starts at code point 22.
      const long = 'x'.repeat(100) + HAMLET;
      const el = await make({text: long, id: 'att-linked'});
      publishHighlight({
        group: 'att-linked',
        position: 22 + 6,
        source: document,
        selected: false,
      });
      await el.updateComplete;
      const spans = el.shadowRoot!.querySelectorAll('[part=text-view] .ch');
      expect(spans[6].classList.contains('linked')).to.equal(true);
      expect(spans[5].classList.contains('linked')).to.equal(false);
    });
  });

  describe('keyboard', () => {
    it('moves the selection with arrows, firing peek-select', async () => {
      const el = await make({text: HAMLET});
      const trace = await traceOf(HAMLET);
      const T = trace.T;
      const heatmap = part(el, '[part=heatmap]');
      expect(heatmap.tabIndex).to.equal(0);
      heatmap.focus();
      const events: Record<string, unknown>[] = [];
      el.addEventListener('peek-select', (e) =>
        events.push((e as CustomEvent).detail)
      );
      const press = (key: string) =>
        heatmap.dispatchEvent(new KeyboardEvent('keydown', {key}));
      press('ArrowUp');
      press('Home');
      press('ArrowRight');
      await el.updateComplete;
      const last = events.at(-1)!;
      expect(last.position).to.equal(T - 2);
      expect(last.key).to.equal(1);
      expect(last.char).to.equal(trace.chars[T - 2]);
      expect(last.layer).to.equal(0);
      expect(last.head).to.equal(0);
      expect(last.weight).to.equal(trace.attention[0][0][(T - 2) * T + 1]);
      const live = part(el, '[aria-live]').textContent!;
      expect(live).to.contain(
        trace.attention[0][0][(T - 2) * T + 1].toFixed(3)
      );
    });
  });

  describe('when the text changes mid-computation', () => {
    it('draws the last text, never the stale one', async () => {
      const A = 'ROMEO:\nBut, soft! what light through yonder window';
      const B = 'JULIET:\nO Romeo, Romeo! wherefore art thou Romeo?';
      const el = await make({text: 'First Citizen:'});
      const drawn: string[] = [];
      el.addEventListener('peek-trace', (e) =>
        drawn.push((e as CustomEvent).detail.text)
      );
      el.text = A;
      await el.updateComplete; // A's trace is now in flight
      el.text = B;
      await el.traceComplete;
      const trace = await traceOf(B);
      expect(drawn).to.deep.equal([B]);
      expect(el.trace!.chars.join('')).to.equal(B);
      expect(maxDiff(el.weights, trace.attention[0][0])).to.be.below(1e-6);
    });
  });

  describe('over many texts', () => {
    it('leaves no tensors behind', async () => {
      const el = await make({text: 'A'});
      const before = tf.memory().numTensors;
      for (const text of ['AB', 'ABC', HAMLET, '']) {
        el.text = text;
        await el.traceComplete;
      }
      el.remove();
      expect(tf.memory().numTensors).to.equal(before);
    });
  });

  describe('with unknown characters', () => {
    it('handles "Café 😀", the emoji as one position', async () => {
      const el = await make({text: 'Café 😀'});
      const trace = await traceOf('Café 😀');
      expect(el.trace!.T).to.equal(6);
      expect(el.trace!.chars[5]).to.equal('😀');
      expect(el.trace!.unknown).to.deep.equal([
        false, false, false, true, false, true,
      ]);
      expect(maxDiff(el.weights, trace.attention[0][0])).to.be.below(1e-6);
      expect(part(el, '.legend').textContent).to.contain('vocabulary');
      // The unknown "é" (row 3) is marked in the unknown colour.
      const {top, left, cell} = geometry(el);
      const orange = [0xc2, 0x41, 0x0c];
      const row = (q: number) => cssPixels(el, 0, top + q * cell, left, cell);
      const marked = (q: number) => row(q).some((p) => maxDiff(p, orange) < 30);
      expect(marked(3)).to.equal(true);
      expect(marked(2)).to.equal(false);
    });
  });

  describe('with text longer than 128 characters', () => {
    it('shows the last 128', async () => {
      const text = HAMLET.repeat(5); // 250 characters
      const el = await make({text});
      expect(el.trace!.T).to.equal(128);
      expect(el.trace!.chars.join('')).to.equal(text.slice(-128));
      expect(el.weights.length).to.equal(128 * 128);
      expect(part(el, '.status').textContent).to.contain('last 128 of 250');
    });
  });

  describe('following a sampler', () => {
    it('traces the context of each step', async () => {
      const source = Object.assign(document.createElement('div'), {
        id: 'att-sampler',
        currentText: 'KING:',
      });
      document.body.append(source);
      made.push(source);
      const el = await make({for: 'att-sampler', text: 'ignored'});
      expect(el.trace!.chars.join('')).to.equal('KING:');
      source.dispatchEvent(
        new CustomEvent('peek-step', {
          detail: {context: 'KING:\nWhat'},
          bubbles: true,
          composed: true,
        })
      );
      await el.traceComplete;
      expect(el.trace!.chars.join('')).to.equal('KING:\nWhat');
    });
  });

  describe('being edited', () => {
    it('traces what the reader types', async () => {
      const el = await make({text: 'To be', editable: ''});
      const box = part<HTMLTextAreaElement>(el, 'textarea');
      box.value = 'To be, or not';
      box.dispatchEvent(new InputEvent('input', {bubbles: true}));
      await el.traceComplete;
      expect(el.text).to.equal('To be, or not');
      expect(el.trace!.chars.join('')).to.equal('To be, or not');
    });
  });

  describe('in the text view', () => {
    it('shows the text without a heatmap', async () => {
      const el = await make({text: HAMLET, view: 'text'});
      expect(el.shadowRoot!.querySelector('[part=heatmap]')).to.equal(null);
      const view = part(el, '[part=text-view]');
      expect(view.getAttribute('aria-label')).to.match(/^Layer 0, head 0/);
    });
  });

  describe('with bad attributes', () => {
    it('clamps layer and head to the model, warning once', async () => {
      const warnings: string[] = [];
      const warn = console.warn;
      console.warn = (message: string) => warnings.push(message);
      try {
        const el = await make({text: HAMLET, layer: '9', head: 'two'});
        const trace = await traceOf(HAMLET);
        expect(part(el, '.title').textContent).to.equal('Layer 3 · head 0');
        expect(maxDiff(el.weights, trace.attention[3][0])).to.be.below(1e-6);
      } finally {
        console.warn = warn;
      }
      expect(warnings).to.deep.equal([
        '<peek-attention>: layer="9" is outside 0..3; using 3.',
        '<peek-attention>: head="two" is not a number; using 0.',
      ]);
    });
  });

  describe('read back through its properties', () => {
    const warnings = captureWarnings();

    it('gives the layer, head, view and scale in effect', async () => {
      const {nLayer, nHead} = model.data.config;
      const el = await make({
        text: HAMLET,
        layer: '7',
        head: '-3',
        view: 'grid',
        scale: 'LINEAR',
      });
      const [layer, head] = [nLayer - 1, 0];
      expect([el.layer, el.head, el.view, el.scale]).to.deep.equal([
        layer,
        head,
        'heatmap',
        'linear',
      ]);
      expect(el.getAttribute('layer')).to.equal('7');
      expect(part(el, '.title').textContent).to.equal(
        `Layer ${layer} · head ${head}`
      );
      const trace = await traceOf(HAMLET);
      expect(maxDiff(el.weights, trace.attention[layer][head])).to.equal(0);
      // The element warns about view as soon as it is set; about layer
      // and head once connected to the loaded model.
      expect(warnings.map((w) => w[0])).to.have.members([
        `<peek-attention>: layer="7" is outside 0..${nLayer - 1}; ` +
          `using ${layer}.`,
        `<peek-attention>: head="-3" is outside 0..${nHead - 1}; using 0.`,
        '<peek-attention>: view="grid" is not one of heatmap, text; ' +
          'using heatmap.',
      ]);
      expect(warnings.every((w) => w[1] === el)).to.equal(true);
    });

    it('gives a value set as a property, checked the same way', async () => {
      const el = await make({text: HAMLET});
      el.layer = '1' as unknown as number;
      el.head = 2.4;
      el.view = 'text';
      expect([el.layer, el.head, el.view]).to.deep.equal([1, 2, 'text']);
      await el.traceComplete;
      const trace = await traceOf(HAMLET);
      expect(maxDiff(el.weights, trace.attention[1][2])).to.equal(0);
      expect(el.toJSON()).to.include({layer: 1, head: 2});
      expect(warnings.map((w) => w[0])).to.deep.equal([
        '<peek-attention>: head="2.4" rounded to 2.',
      ]);
    });
  });

  describe('export', () => {
    it('gives JSON with text, layer, head and weights', async () => {
      const el = await make({text: HAMLET, layer: '1', head: '3'});
      const trace = await traceOf(HAMLET);
      const json = JSON.parse(JSON.stringify(el));
      expect(json.text).to.equal(HAMLET);
      expect([json.layer, json.head]).to.deep.equal([1, 3]);
      expect(json.weights.length).to.equal(trace.T);
      expect(json.weights[4]).to.deep.equal(
        Array.from(trace.attention[1][3].subarray(4 * trace.T, 5 * trace.T))
      );
    });

    it('gives the heatmap as a PNG', async () => {
      const el = await make({text: HAMLET});
      const blob = await el.toPNG();
      expect(blob.type).to.equal('image/png');
      const img = await createImageBitmap(blob);
      const canvas = part<HTMLCanvasElement>(el, 'canvas.base');
      expect(img.width).to.equal(canvas.width);
    });
  });
});
