// Issue #6, item 2: a long session on one page leaks nothing. Tensors
// (count and bytes) return to what the loaded model alone holds, and
// once the elements are gone, so are their listeners and timers.
import {
  grown,
  holdings,
  timersStarted,
  type Holdings,
} from './watch.js';
import {expect} from 'chai';
import {model, settled, tensorsNow, until, wait} from './setup.js';
import '../../src/define-all.js';
import type {PeekAttention} from '../../components/peek-attention/peek-attention.js';
import type {PeekEmbedding} from '../../components/peek-embedding/peek-embedding.js';
import type {PeekFfn} from '../../components/peek-ffn/peek-ffn.js';
import type {PeekSampler} from '../../components/peek-sampler/peek-sampler.js';

const TEXT = 'Now is the winter of our discontent';

type Attrs = Record<string, string>;

interface Baseline {
  tensors: number;
  bytes: number;
  page: Holdings;
}

/** Asserts the tensors are back to the baseline. */
function expectTensors(base: Baseline, when: string): void {
  expect(tensorsNow(), `tensors ${when}`).to.deep.equal({
    tensors: base.tensors,
    bytes: base.bytes,
  });
}

function make<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string>,
  parent: Element = document.body
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  el.style.width = '760px';
  parent.append(el);
  return el;
}

/**
 * Lets removed elements run the updates they had queued and traces
 * already running finish. A removed element may start nothing new.
 */
async function settle(removed: Element[], base: Baseline): Promise<void> {
  await Promise.all(removed.map((el) => (el as any).updateComplete));
  await until(() => tensorsNow().tensors === base.tensors, 5000).catch(
    () => undefined
  );
  expectTensors(base, 'once removed elements settled');
}

/**
 * Asserts the listeners are what they were and no timer started since is
 * still pending.
 */
function expectHoldings(then: Holdings, when: string): void {
  const now = holdings();
  expect(
    {listeners: now.listeners, timers: timersStarted(then, now)},
    `left behind ${when}:\n${grown(then, now)}`
  ).to.deep.equal({listeners: then.listeners, timers: []});
}

/** The i-th element added and removed: every kind, some busy. */
function churn(i: number): [keyof HTMLElementTagNameMap, Attrs] {
  switch (i % 4) {
    case 0:
      return ['peek-sampler', {prompt: 'KING:', length: '20'}];
    case 1:
      return ['peek-attention', {text: TEXT, layer: '2', editable: ''}];
    case 2:
      return ['peek-ffn', {for: 'gen', neuron: '3'}];
    default:
      // Every other one runs t-SNE, cancelled by removal.
      return i % 8 === 3
        ? ['peek-embedding', {method: 'tsne', seed: String(i)}]
        : ['peek-embedding', {text: TEXT, trajectory: ''}];
  }
}

describe('a long session on one page', () => {
  it('returns to the baseline: tensors, listeners, timers', async function () {
    this.timeout(10 * 60_000);
    const m = await model();
    // Warm up every inference path once: first runs may set up caches.
    await m.inference.lastLogits('ROMEO:');
    await m.inference.traceText(TEXT);
    const decoder = m.inference.decoder();
    await decoder.prefill(m.tokenizer.encode('ROMEO:'));
    await decoder.next(0);
    await wait(50);
    const base: Baseline = {...tensorsNow(), page: holdings()};

    const sampler = make('peek-sampler', {
      id: 'gen',
      length: '200',
      speed: '60',
    }) as PeekSampler;
    const attention = make('peek-attention', {for: 'gen'}) as PeekAttention;
    const ffn = make('peek-ffn', {for: 'gen'}) as PeekFfn;
    const embedding = make('peek-embedding', {
      for: 'gen',
      trajectory: '',
    }) as PeekEmbedding;
    const views = [attention, ffn, embedding];
    await Promise.all([sampler, ...views].map(settled));

    // Ten runs of 200 characters, played or stepped. The views follow
    // the first (tracing every step is slow); then they let go, and take
    // it up again after.
    for (let run = 0; run < 10; run++) {
      if (run === 1) {
        attention.for = ffn.for = embedding.for = '';
        await Promise.all(views.map(settled));
      }
      sampler.seed = run;
      sampler.temperature = 0.5 + run / 10;
      await sampler.updateComplete;
      expect(sampler.fullText).to.equal('ROMEO:');
      if (run % 2 === 0) {
        sampler.play();
        await until(() => !sampler.playing, 5 * 60_000);
      } else {
        for (let i = 0; i < 200; i++) await sampler.step();
      }
      expect(Array.from(sampler.fullText)).to.have.length(6 + 200);
      await Promise.all(views.map(settled));
      expectTensors(base, `after run ${run}`);
    }
    attention.for = ffn.for = embedding.for = 'gen';
    await Promise.all(views.map(settled));
    expect(attention.trace!.chars.join('')).to.equal(
      Array.from(sampler.currentText).slice(-128).join('')
    );

    // Fifty switches of layer and head.
    for (let i = 0; i < 50; i++) {
      attention.layer = i % 4;
      attention.head = (i * 3) % 4;
      ffn.layer = (i + 1) % 4;
      await Promise.all([attention.updateComplete, ffn.updateComplete]);
      expect(attention.toJSON()).to.include({layer: i % 4, head: (i * 3) % 4});
      expect(ffn.toJSON().layer).to.equal((i + 1) % 4);
    }
    expectTensors(base, 'after switching layers and heads');

    // Ten projections: PCA of tokens or positions, t-SNE of new seeds,
    // one t-SNE run left unfinished.
    for (let i = 0; i < 10; i++) {
      if (i % 2 === 0) {
        embedding.method = 'pca';
        embedding.source = i % 4 === 0 ? 'tokens' : 'positions';
      } else {
        embedding.method = 'tsne';
        embedding.seed = i;
      }
      if (i === 5) {
        await embedding.updateComplete;
        embedding.seed = 100; // abandons the run of seed 5
      }
      await embedding.layoutComplete;
      expect(embedding.toJSON()).to.include({method: embedding.method});
    }
    expectTensors(base, 'after recomputing projections');

    // A hundred elements added and removed, some before they finished.
    const during = holdings();
    const box = document.createElement('div');
    document.body.append(box);
    const removed: Element[] = [];
    for (let i = 0; i < 100; i++) {
      const [tag, attrs] = churn(i);
      const el = make(tag, {...attrs, id: `churn-${i}`}, box);
      removed.push(el);
      if (i % 3 === 0) {
        el.remove(); // before its first update
        continue;
      }
      if ('method' in attrs) {
        await wait(30); // removed mid-run
      } else {
        await settled(el);
      }
      if (tag === 'peek-sampler') {
        const s = el as PeekSampler;
        await s.step();
        void s.step(); // one in flight when removed
      }
      el.remove();
    }
    box.remove();
    await settle(removed, base);
    expectHoldings(during, 'after adding and removing elements');

    for (const el of [sampler, ...views]) el.remove();
    await settle([sampler, ...views], base);
    expectHoldings(base.page, 'with every element gone');
  });

  it('would see a listener or a timer left behind', () => {
    const before = holdings();
    const onResize = () => undefined;
    window.addEventListener('resize', onResize);
    const timer = setTimeout(() => undefined, 60_000);
    const now = holdings();
    window.removeEventListener('resize', onResize);
    clearTimeout(timer);
    expect([now.listeners, now.timers]).to.deep.equal([
      before.listeners + 1,
      before.timers + 1,
    ]);
    expect(grown(before, now)).to.match(/^window resize\n/);
    expect(grown(before, now)).to.contain('setTimeout');
    expect(timersStarted(before, now)).to.deep.equal([`setTimeout|${timer}`]);
    expect(holdings().listeners).to.equal(before.listeners);
    expect(holdings().timers).to.equal(before.timers);
  });
});
