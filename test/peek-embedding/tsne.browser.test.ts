import {expect} from 'chai';
import {tsne} from '../../src/tsne.js';
import type {PeekModel} from '../../src/store.js';
import {until} from '../page/setup.js';
import {$, $$, model, mount, unmountAll} from './setup.js';

let m: PeekModel;

before(async () => {
  m = await model();
});
afterEach(unmountAll);

describe('<peek-embedding method="tsne">', () => {
  it('gives the same layout twice for the same seed', async () => {
    const a = await mount({method: 'tsne', seed: '7'});
    const b = await mount({method: 'tsne', seed: '7', perplexity: '10'});
    const pa = a.toJSON().points;
    const pb = b.toJSON().points;
    expect(pa).to.have.length(m.data.config.vocabSize);
    expect(pb).to.deep.equal(pa);
    expect(a.toJSON()).to.include({seed: 7, perplexity: 10});
  });

  it('lays out exactly what tsne() computes on the token table', async () => {
    const el = await mount({method: 'tsne', seed: '3', perplexity: '12'});
    const {vocabSize: n, nEmbd: d} = m.data.config;
    const want = tsne(m.data.weights.get('wte')!, n, d, {
      seed: 3,
      perplexity: 12,
    });
    for (const p of el.toJSON().points) {
      expect(p.x).to.equal(want[2 * p.index]);
      expect(p.y).to.equal(want[2 * p.index + 1]);
    }
  });

  it('gives a different layout for a different seed', async () => {
    const a = await mount({method: 'tsne', seed: '1'});
    const b = await mount({method: 'tsne', seed: '2'});
    expect(b.toJSON().points).not.to.deep.equal(a.toJSON().points);
  });

  it('animates: shows progress, then the final layout', async () => {
    const el = document.createElement('peek-embedding');
    el.setAttribute('method', 'tsne');
    el.setAttribute('seed', '11');
    document.body.append(el);
    const seen = new Set<string>();
    const watch = setInterval(() => {
      const status = el.shadowRoot?.querySelector('.progress')?.textContent;
      if (status) seen.add(status.trim());
    }, 5);
    await el.layoutComplete;
    clearInterval(watch);
    el.remove();
    const steps = [...seen].filter((s) => s.startsWith('t-SNE step'));
    expect(steps.length).to.be.greaterThan(1);
    expect($(el, '.progress').textContent!.trim()).to.equal('');
  });

  it('finishes its layout when moved in the page mid-run', async () => {
    const el = document.createElement('peek-embedding');
    el.setAttribute('method', 'tsne');
    el.setAttribute('seed', '13');
    document.body.append(el);
    await model();
    await el.updateComplete;
    await new Promise((r) => setTimeout(r, 30));
    const box = document.createElement('div');
    document.body.append(box);
    box.append(el); // disconnects (stopping the run), then reconnects
    // Nothing else asks it to update (layoutComplete would).
    await until(() => $(el, '.progress').textContent!.trim() === '');
    const {vocabSize: n, nEmbd: d} = m.data.config;
    const want = tsne(m.data.weights.get('wte')!, n, d, {
      seed: 13,
      perplexity: 10,
    });
    const p = el.toJSON().points[5];
    expect([p.x, p.y]).to.deep.equal([want[10], want[11]]);
    box.remove();
  });

  it('hides tick values and explains that paths need PCA', async () => {
    const el = await mount({method: 'tsne', trajectory: '', text: 'hi'});
    expect($(el, '.x-title').textContent!.trim()).to.equal('t-SNE 1');
    const labels = $$(el, '.x-axis .tick text').map((t) => t.textContent);
    expect(labels.every((t) => t === '')).to.be.true;
    expect($(el, '[part="note"]').textContent).to.contain('need PCA');
    expect(el.toJSON().trajectories).to.deep.equal([]);
    expect($(el, '#summary').textContent).to.contain('t-SNE of the 65');
  });
});
