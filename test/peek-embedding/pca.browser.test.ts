import {expect} from 'chai';
import {glyph} from '../../src/glyphs.js';
import {captureWarnings} from '../warnings.js';
import {
  publishHighlight,
  subscribeHighlight,
  type Highlight,
} from '../../src/linking.js';
import type {PeekModel} from '../../src/store.js';
import {
  $,
  $$,
  cosineOf,
  model,
  mount,
  referencePca,
  translation,
  unmountAll,
} from './setup.js';

let m: PeekModel;
let wte: Float32Array;
let ref: ReturnType<typeof referencePca>;
const C = () => m.data.config.nEmbd;
const V = () => m.data.config.vocabSize;

before(async () => {
  m = await model();
  wte = m.data.weights.get('wte')!;
  ref = referencePca(wte, V(), C());
});
afterEach(unmountAll);

/** Largest |coordinate|, to scale tolerances. */
const scale = (coords: number[][]) =>
  Math.max(...coords.flat().map(Math.abs));

describe('<peek-embedding> (PCA of the token embeddings)', () => {
  describe('by default', () => {
    it('plots each character at its PCA coordinates', async () => {
      const el = await mount();
      const json = el.toJSON();
      expect(json.method).to.equal('pca');
      expect(json.source).to.equal('tokens');
      expect(json.points).to.have.length(V());
      const tol = 1e-4 * scale(ref.coords);
      for (const p of json.points) {
        expect(p.char).to.equal(m.data.vocab[p.index]);
        expect(p.label).to.equal(glyph(p.char!));
        expect(p.x).to.be.closeTo(ref.coords[p.index][0], tol);
        expect(p.y).to.be.closeTo(ref.coords[p.index][1], tol);
      }
    });

    it('draws each point where its coordinates say', async () => {
      const el = await mount();
      const pts = el.toJSON().points;
      const px = $$(el, '.point').map(translation);
      expect(px).to.have.length(V());
      // Fit screen = a * data + b per axis through the extreme points.
      const argBy = (f: (p: (typeof pts)[0]) => number, sign: number) =>
        pts.reduce((b, p, q) => (sign * f(p) > sign * f(pts[b]) ? q : b), 0);
      const [left, right] = [argBy((p) => p.x, -1), argBy((p) => p.x, 1)];
      const [low, high] = [argBy((p) => p.y, -1), argBy((p) => p.y, 1)];
      const a = (px[right][0] - px[left][0]) / (pts[right].x - pts[left].x);
      const b = px[left][0] - a * pts[left].x;
      const c = (px[high][1] - px[low][1]) / (pts[high].y - pts[low].y);
      const e = px[low][1] - c * pts[low].y;
      expect(a).to.be.greaterThan(0);
      // Screen y grows downwards; both axes use the same units.
      expect(c).to.be.closeTo(-a, 1e-3 * a);
      for (const [k, p] of pts.entries()) {
        expect(px[k][0]).to.be.closeTo(a * p.x + b, 0.02);
        expect(px[k][1]).to.be.closeTo(c * p.y + e, 0.02);
      }
    });

    it('labels the axes with the explained variance', async () => {
      const el = await mount();
      const pct = (r: number) => `${(r * 100).toFixed(1)}%`;
      expect($(el, '.x-title').textContent!.trim()).to.equal(
        `PC1 (${pct(ref.explained[0])})`
      );
      expect($(el, '.y-title').textContent!.trim()).to.equal(
        `PC2 (${pct(ref.explained[1])})`
      );
      const [r1, r2] = el.toJSON().explainedVariance!;
      expect(r1).to.be.closeTo(ref.explained[0], 1e-6);
      expect(r2).to.be.closeTo(ref.explained[1], 1e-6);
      expect($$(el, '.x-axis .tick').length).to.be.greaterThan(2);
    });

    it('describes the plot for screen readers', async () => {
      const el = await mount();
      const summary = $(el, '#summary').textContent!;
      expect(summary).to.contain('PCA of the 65 character embeddings');
      expect(summary).to.contain(
        `PC1 explains ${(ref.explained[0] * 100).toFixed(1)}%`
      );
      expect(summary).to.match(/lowercase vowels (at|in|on) the/);
      expect($(el, 'svg.plot').getAttribute('aria-describedby')).to.equal(
        'summary'
      );
    });
  });

  describe('when a point is hovered', () => {
    it('lists its 8 nearest neighbours by cosine similarity', async () => {
      const el = await mount();
      const e = m.data.vocab.indexOf('e');
      $(el, `.point[data-index="${e}"]`).dispatchEvent(
        new PointerEvent('pointerover', {bubbles: true, composed: true})
      );
      await el.updateComplete;
      const expected = Array.from({length: V()}, (_, j) => j)
        .filter((j) => j !== e)
        .map((j) => ({j, s: cosineOf(wte, C(), e, j)}))
        .sort((x, y) => y.s - x.s)
        .slice(0, 8);
      const rows = $$(el, '.neighbours li');
      expect(rows).to.have.length(8);
      rows.forEach((row, k) => {
        expect(Number(row.dataset.index)).to.equal(expected[k].j);
        const shown = Number(row.querySelector('.value')!.textContent);
        expect(shown).to.be.closeTo(expected[k].s, 0.0005 + 1e-9);
      });
      expect($(el, '.neighbours h3').textContent).to.contain('e');
    });
  });

  describe('when a point is selected', () => {
    it('fires peek-select, shows its vector, names neighbours', async () => {
      const el = await mount();
      const a = m.data.vocab.indexOf('a');
      const fired = new Promise<CustomEvent>((resolve) =>
        el.addEventListener('peek-select', (e) => resolve(e as CustomEvent), {
          once: true,
        })
      );
      $(el, `.point[data-index="${a}"]`).dispatchEvent(
        new MouseEvent('click', {bubbles: true, composed: true})
      );
      const event = await fired;
      expect(event.detail).to.deep.equal({index: a, char: 'a', position: -1});
      await el.updateComplete;
      expect(el.selected).to.equal(a);
      expect($(el, `.point[data-index="${a}"]`).classList.contains('selected'))
        .to.be.true;
      const bars = $$(el, '.vector rect');
      expect(bars).to.have.length(C());
      const strip = $(el, '.vector svg');
      strip.dispatchEvent(new KeyboardEvent('keydown', {key: 'ArrowRight'}));
      strip.dispatchEvent(new KeyboardEvent('keydown', {key: 'ArrowRight'}));
      await el.updateComplete;
      expect($(el, '.readout').textContent!.trim()).to.equal(
        `dimension 1: ${wte[a * C() + 1].toFixed(4)}`
      );
      const summary = $(el, '#summary').textContent!;
      const best = Array.from({length: V()}, (_, j) => j)
        .filter((j) => j !== a)
        .sort((x, y) => cosineOf(wte, C(), a, y) - cosineOf(wte, C(), a, x))[0];
      expect(summary).to.contain('"a": nearest by cosine similarity');
      expect(summary).to.contain(
        cosineOf(wte, C(), a, best).toFixed(2)
      );
    });
  });

  describe('with the keyboard', () => {
    it('moves between points with arrows and selects with Enter', async () => {
      const el = await mount();
      const plot = $(el, 'svg.plot');
      const key = (k: string) =>
        plot.dispatchEvent(new KeyboardEvent('keydown', {key: k}));
      key('Home');
      await el.updateComplete;
      const first = $(el, '.point.active');
      expect(first.dataset.index).to.equal('0');
      expect(first.classList.contains('focus')).to.be.true;
      key('ArrowRight');
      await el.updateComplete;
      const moved = $(el, '.point.active');
      if (moved !== first) {
        expect(translation(moved)[0]).to.be.greaterThan(translation(first)[0]);
      }
      expect($(el, '[aria-live]').textContent).to.contain('Nearest:');
      const fired = new Promise<CustomEvent>((resolve) =>
        el.addEventListener('peek-select', (e) => resolve(e as CustomEvent), {
          once: true,
        })
      );
      key('Enter');
      expect((await fired).detail.index).to.equal(Number(moved.dataset.index));
      expect(plot.tabIndex).to.equal(0);
    });
  });

  describe('when zoomed', () => {
    it('spreads points by the zoom factor; 0 fits again', async () => {
      const el = await mount();
      const plot = $(el, 'svg.plot');
      const spread = () => {
        const [a, b] = [0, 1].map((i) =>
          translation($(el, `.point[data-index="${i}"]`))
        );
        return Math.hypot(a[0] - b[0], a[1] - b[1]);
      };
      const before = spread();
      plot.dispatchEvent(new KeyboardEvent('keydown', {key: '+'}));
      await el.updateComplete;
      expect(spread()).to.be.closeTo(before * 1.5, 0.05);
      plot.dispatchEvent(new KeyboardEvent('keydown', {key: '0'}));
      await el.updateComplete;
      expect(spread()).to.be.closeTo(before, 0.05);
    });
  });

  describe('with text', () => {
    it('rings the characters the text uses', async () => {
      const el = await mount({text: 'hello'});
      const ringed = $$(el, '.point.in-text').map((p) =>
        m.data.vocab[Number(p.dataset.index)]
      );
      expect(ringed.sort()).to.deep.equal(['e', 'h', 'l', 'o']);
      el.text = 'ab';
      await el.layoutComplete;
      expect($$(el, '.point.in-text')).to.have.length(2);
    });

    it("follows a sampler's steps, latest text winning", async () => {
      const sampler = Object.assign(document.createElement('div'), {
        id: 'fake-sampler',
        currentText: 'ab',
      });
      document.body.append(sampler);
      try {
        const el = await mount({for: 'fake-sampler', text: 'zzz'});
        const ringed = () =>
          $$(el, '.point.in-text')
            .map((p) => m.data.vocab[Number(p.dataset.index)])
            .sort()
            .join('');
        expect(ringed()).to.equal('ab');
        sampler.dispatchEvent(
          new CustomEvent('peek-step', {
            detail: {context: 'xy'},
            bubbles: true,
            composed: true,
          })
        );
        await el.layoutComplete;
        expect(el.currentText).to.equal('xy');
        expect(ringed()).to.equal('xy');
        el.text = 'q';
        await el.layoutComplete;
        expect(ringed()).to.equal('q');
      } finally {
        sampler.remove();
      }
    });

    it("highlights a linked view's position as its character", async () => {
      const el = await mount({text: 'hello', id: 'emb-link'});
      publishHighlight({
        group: 'emb-link',
        position: 1,
        source: document,
        selected: false,
      });
      await el.updateComplete;
      const linked = $$(el, '.point.linked');
      expect(linked.map((p) => m.data.vocab[Number(p.dataset.index)]))
        .to.deep.equal(['e']);
      publishHighlight({
        group: 'emb-link',
        position: 4,
        source: document,
        selected: true,
      });
      await el.updateComplete;
      expect(el.selected).to.equal(m.data.vocab.indexOf('o'));
    });
  });
});

describe('<peek-embedding source="positions">', () => {
  it('plots the 128 position vectors at their PCA coordinates', async () => {
    const el = await mount({source: 'positions'});
    const wpe = m.data.weights.get('wpe')!;
    const T = m.data.config.blockSize;
    const r = referencePca(wpe, T, C());
    const json = el.toJSON();
    expect(json.points).to.have.length(T);
    const tol = 1e-4 * scale(r.coords);
    for (const p of json.points) {
      expect(p.label).to.equal(String(p.index));
      expect(p.x).to.be.closeTo(r.coords[p.index][0], tol);
      expect(p.y).to.be.closeTo(r.coords[p.index][1], tol);
    }
    expect($(el, '.legend .ramp')).to.exist;
    expect($(el, '.x-title').textContent).to.contain(
      `${(r.explained[0] * 100).toFixed(1)}%`
    );
  });

  it('selecting a position publishes it to linked views', async () => {
    const el = await mount({source: 'positions', text: 'abc', id: 'pos'});
    const heard: Highlight[] = [];
    const off = subscribeHighlight(() => 'pos', document, (h) =>
      heard.push(h)
    );
    const fired = new Promise<CustomEvent>((resolve) =>
      el.addEventListener('peek-select', (e) => resolve(e as CustomEvent), {
        once: true,
      })
    );
    $(el, '.point[data-index="2"]').dispatchEvent(
      new MouseEvent('click', {bubbles: true, composed: true})
    );
    expect((await fired).detail).to.deep.equal({
      index: 2,
      char: 'c',
      position: 2,
    });
    off();
    expect(heard.map((h) => [h.position, h.selected])).to.deep.equal([
      [2, true],
    ]);
  });
});

describe('<peek-embedding> attributes', () => {
  it('falls back to PCA on an unknown method, warning once', async () => {
    const warnings: unknown[][] = [];
    const warn = console.warn;
    console.warn = (...args: unknown[]) => warnings.push(args);
    try {
      const el = await mount({method: 'umap', perplexity: '500'});
      expect(el.toJSON().method).to.equal('pca');
      el.method = 'tsne';
      await el.layoutComplete;
      expect(el.toJSON().perplexity).to.equal(50);
    } finally {
      console.warn = warn;
    }
    const text = warnings.map((w) => String(w[0])).join('\n');
    expect(text).to.contain('method="umap" is not one of pca, tsne');
    expect(text).to.contain('perplexity="500" is outside 2..50');
  });

  it('quotes the text of a bad number, not NaN', async () => {
    const warnings: unknown[][] = [];
    const warn = console.warn;
    console.warn = (...args: unknown[]) => warnings.push(args);
    try {
      const el = await mount({method: 'tsne', seed: 'abc', perplexity: 'x1'});
      expect(el.toJSON()).to.include({seed: 1, perplexity: 10});
      el.setAttribute('seed', '3.7');
      await el.layoutComplete;
      expect(el.toJSON().seed).to.equal(4);
    } finally {
      console.warn = warn;
    }
    expect(warnings.map((w) => w[0])).to.deep.equal([
      '<peek-embedding>: seed="abc" is not a number; using 1.',
      '<peek-embedding>: perplexity="x1" is not a number; using 10.',
      '<peek-embedding>: seed="3.7" rounded to 4.',
    ]);
  });

  it('exports a PNG', async () => {
    const el = await mount({text: 'hi'});
    const png = await el.toPNG();
    expect(png.type).to.equal('image/png');
    const head = new Uint8Array(await png.slice(0, 4).arrayBuffer());
    expect(Array.from(head)).to.deep.equal([0x89, 0x50, 0x4e, 0x47]);
    const bitmap = await createImageBitmap(png);
    expect([bitmap.width, bitmap.height]).to.deep.equal([1120, 840]);
  });
});

describe('<peek-embedding> properties', () => {
  const warnings = captureWarnings();

  it('read back the settings in effect', async () => {
    const el = await mount({
      method: 'umap',
      source: 'POSITIONS',
      seed: '3.7',
      perplexity: '500',
    });
    expect([el.method, el.source, el.seed, el.perplexity]).to.deep.equal([
      'pca',
      'positions',
      4,
      50,
    ]);
    expect(el.toJSON()).to.include({method: 'pca', source: 'positions'});
    el.perplexity = 1;
    el.method = 'tsne';
    expect([el.perplexity, el.method]).to.deep.equal([2, 'tsne']);
    expect(warnings.map((w) => w[0])).to.deep.equal([
      '<peek-embedding>: method="umap" is not one of pca, tsne; using pca.',
      '<peek-embedding>: seed="3.7" rounded to 4.',
      '<peek-embedding>: perplexity="500" is outside 2..50; using 50.',
    ]);
  });
});

describe('<peek-embedding> selected out of range', () => {
  const warnings = captureWarnings();
  const nothingSelected = (el: HTMLElement) => {
    expect($$(el, '.point.selected')).to.have.length(0);
    expect(el.shadowRoot!.querySelector('.vector')).to.equal(null);
  };

  it('selects nothing past the last token id, warning once', async () => {
    const el = await mount({selected: String(V())});
    expect(el.selected).to.equal(-1);
    nothingSelected(el);
    el.setAttribute('selected', String(V() + 5));
    await el.layoutComplete;
    expect(el.selected).to.equal(-1);
    nothingSelected(el);
    expect(warnings.map((w) => w[0])).to.deep.equal([
      `<peek-embedding>: selected="${V()}" is not a token id 0..${V() - 1} ` +
        '(or -1 for none); nothing is selected.',
    ]);
    expect(warnings[0][1]).to.equal(el);
  });

  it('takes a token id, not a character, and names the id', async () => {
    const el = await mount({selected: 'e'});
    expect(el.selected).to.equal(-1);
    nothingSelected(el);
    expect(warnings.map((w) => w[0])).to.deep.equal([
      `<peek-embedding>: selected="e" is not a token id 0..${V() - 1} ` +
        '(or -1 for none); nothing is selected. The token id of "e" is ' +
        `${m.data.vocab.indexOf('e')}.`,
    ]);
  });

  it('checks a position row against the context', async () => {
    const rows = m.data.config.blockSize;
    const el = await mount({source: 'positions', selected: String(rows)});
    expect(el.selected).to.equal(-1);
    nothingSelected(el);
    expect(warnings.map((w) => w[0])).to.deep.equal([
      `<peek-embedding>: selected="${rows}" is not a position row ` +
        `0..${rows - 1} (or -1 for none); nothing is selected.`,
    ]);
  });

  it('still selects an index in range, without a word', async () => {
    const last = V() - 1;
    const el = await mount({selected: String(last)});
    expect(el.selected).to.equal(last);
    const marked = $$(el, '.point.selected');
    expect(marked.map((p) => p.dataset.index)).to.deep.equal([String(last)]);
    expect($$(el, '.vector rect')).to.have.length(C());
    el.selected = -1;
    await el.layoutComplete;
    nothingSelected(el);
    expect(warnings).to.have.length(0);
  });
});
