import {expect} from 'chai';
import {
  argmax,
  filterTopKTopP,
  rank,
  softmaxWithTemperature,
} from '../../src/sampling.js';
import {
  model,
  nextDistribution,
  printedMatches,
  recordSteps,
  rows,
  sampler,
  stepN,
} from './helpers.js';

const close = (a: number, b: number, tol = 2e-5) => Math.abs(a - b) <= tol;

afterEach(() => {
  document.querySelectorAll('peek-sampler').forEach((el) => el.remove());
});

describe('<peek-sampler> bars', () => {
  it("show the model's probabilities for the prompt", async () => {
    const el = await sampler({prompt: 'ROMEO:', temperature: '0.7'});
    const steps = recordSteps(el);
    await stepN(el, 1);
    expect(steps[0].context).to.equal('ROMEO:');
    const {logits, probs} = await nextDistribution('ROMEO:');
    const tempered = softmaxWithTemperature(logits, 0.7);
    const shown = rows(el);
    // The model's top ten, in order (plus the chosen one if rarer).
    const top = rank(probs).slice(0, 10);
    expect(shown.slice(0, 10).map((r) => r.id)).to.deep.equal(top);
    for (const r of shown) {
      expect(close(r.p, probs[r.id]), `p of ${r.id}`).to.equal(true);
      expect(close(r.tempered, tempered[r.id])).to.equal(true);
      expect(close(r.filtered, tempered[r.id])).to.equal(true);
      expect(printedMatches(r.texts[0], probs[r.id]), r.texts[0]).to.equal(
        true
      );
      expect(printedMatches(r.texts[1], tempered[r.id])).to.equal(true);
    }
  });

  it('show top-k and top-p cuts, renormalised', async () => {
    const el = await sampler({'top-k': '5', 'top-p': '0.6', seed: '9'});
    await stepN(el, 1);
    const {logits} = await nextDistribution('ROMEO:');
    const tempered = softmaxWithTemperature(logits, 1);
    const filtered = filterTopKTopP(tempered, 5, 0.6);
    const shown = rows(el);
    for (const r of shown) {
      expect(close(r.filtered, filtered[r.id])).to.equal(true);
      expect(r.cut).to.equal(filtered[r.id] === 0);
      expect(printedMatches(r.texts[2], filtered[r.id])).to.equal(true);
    }
    const kept = shown.filter((r) => !r.cut).length;
    expect(kept).to.be.within(1, 5);
    // The stacked bar holds exactly the kept candidates.
    const segs = el.shadowRoot!.querySelectorAll('.stack .seg');
    expect(segs.length).to.equal(filtered.filter((p) => p > 0).length);
    const marker = el.shadowRoot!.querySelector<HTMLElement>('.marker')!;
    expect(Number(marker.dataset.draw)).to.be.within(0, 1);
  });
});

describe('<peek-sampler> greedy (temperature 0)', () => {
  it('chooses the argmax at every step', async () => {
    const el = await sampler({temperature: '0', length: '8'});
    const steps = recordSteps(el);
    await stepN(el, 8);
    expect(steps).to.have.length(8);
    const vocab = (await model()).tokenizer.vocab;
    for (const s of steps) {
      const {logits} = await nextDistribution(s.context);
      expect(s.chosen).to.equal(vocab[argmax(logits)]);
      expect(s.step.greedy).to.equal(true);
    }
    expect(el.shadowRoot!.querySelector('.marker')).to.equal(null);
  });

  it('is reproducible whatever the seed', async () => {
    const a = await sampler({temperature: '0', length: '8', seed: '1'});
    const b = await sampler({temperature: '0', length: '8', seed: '2'});
    await stepN(a, 8);
    await stepN(b, 8);
    expect(a.fullText).to.equal(b.fullText);
  });
});

describe('<peek-sampler> sampling edges', () => {
  const kept = (p: Float32Array) => p.filter((x) => x > 0).length;

  it('is greedy at temperature 1e-9, as at 0', async () => {
    const zero = await sampler({temperature: '0', length: '6', seed: '5'});
    const tiny = await sampler({temperature: '1e-9', length: '6', seed: '6'});
    const steps = recordSteps(tiny);
    await stepN(zero, 6);
    await stepN(tiny, 6);
    expect(tiny.temperature).to.equal(1e-9);
    expect(tiny.fullText).to.equal(zero.fullText);
    expect(steps.every((s) => s.step.greedy && s.step.draw === 0)).to.be
      .true;
  });

  it('is greedy at top-k 1, even when hot', async () => {
    const el = await sampler({'top-k': '1', temperature: '3', length: '4'});
    const steps = recordSteps(el);
    await stepN(el, 4);
    const vocab = (await model()).tokenizer.vocab;
    for (const s of steps) {
      const {logits} = await nextDistribution(s.context);
      expect(s.chosen).to.equal(vocab[argmax(logits)]);
      expect(kept(s.step.filtered)).to.equal(1);
    }
  });

  it('does not filter at top-k above the vocabulary, or top-p 1', async () => {
    const V = (await model()).tokenizer.size;
    const cases: Record<string, string>[] = [
      {'top-k': String(V + 10)},
      {'top-p': '1'},
    ];
    for (const attrs of cases) {
      const el = await sampler({...attrs, temperature: '1.5'});
      const steps = recordSteps(el);
      await stepN(el, 1);
      const {filtered, tempered} = steps[0].step;
      expect(kept(filtered)).to.equal(V);
      tempered.forEach((p, i) => expect(close(filtered[i], p, 1e-6)).to.be
        .true);
    }
  });

  it('keeps only the likeliest character at top-p 0', async () => {
    const el = await sampler({'top-p': '0', temperature: '2', seed: '3'});
    await stepN(el, 3);
    for (const step of el.toJSON().steps) {
      expect(step.top[0].filtered).to.equal(1);
      expect(step.top.slice(1).every((c) => c.filtered === 0)).to.be.true;
      expect(step.chosen).to.equal(step.top[0].char);
    }
  });
});

describe('<peek-sampler> seeds', () => {
  it('give the same text for the same seed', async () => {
    const a = await sampler({seed: '7', length: '16'});
    const b = await sampler({seed: '7', length: '16'});
    await stepN(a, 16);
    await stepN(b, 16);
    expect(Array.from(a.fullText)).to.have.length(6 + 16);
    expect(a.fullText).to.equal(b.fullText);
  });

  it('give (very likely) different text for another seed', async () => {
    const a = await sampler({seed: '7', length: '16', temperature: '1.5'});
    const b = await sampler({seed: '8', length: '16', temperature: '1.5'});
    await stepN(a, 16);
    await stepN(b, 16);
    expect(a.fullText).not.to.equal(b.fullText);
  });
});

describe('<peek-sampler> stepping back and forward', () => {
  it('shows the recorded step and replays it exactly', async () => {
    const el = await sampler({seed: '3', temperature: '1.2', 'top-k': '12'});
    const steps = recordSteps(el);
    await stepN(el, 6);
    const end = el.fullText;
    for (let i = 0; i < 3; i++) await el.back();
    await el.updateComplete;
    const shown = steps[steps.length - 1];
    expect(shown.kind).to.equal('back');
    expect(shown.index).to.equal(2);
    expect(el.currentText).to.equal(steps[2].context);
    expect(rows(el).map((r) => r.p)).to.deep.equal(
      rows(el).map((r) => steps[2].step.probs[r.id])
    );
    const future = el.shadowRoot!.querySelector('.future')!.textContent;
    expect(future).to.equal(end.slice(-3));
    await stepN(el, 3);
    const replays = steps.slice(-3);
    expect(replays.map((s) => s.kind)).to.deep.equal(Array(3).fill('replay'));
    expect(replays.map((s) => s.step.draw)).to.deep.equal(
      steps.slice(3, 6).map((s) => s.step.draw)
    );
    expect(el.fullText).to.equal(end);
  });

  it('recomputes the same steps from the saved generator state', async () => {
    const el = await sampler({seed: '11'});
    const steps = recordSteps(el);
    await stepN(el, 5);
    const end = el.fullText;
    await el.back();
    await el.back();
    // Changing a setting drops the recorded future...
    el.setAttribute('temperature', '0.5');
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('.future')!.textContent).to.equal('');
    // ...and restoring it computes the same two steps anew.
    el.setAttribute('temperature', '1');
    await el.updateComplete;
    await stepN(el, 2);
    expect(steps.slice(-2).map((s) => s.kind)).to.deep.equal(['new', 'new']);
    expect(el.fullText).to.equal(end);
  });

  it('reset returns to the prompt and replays the same text', async () => {
    const el = await sampler({seed: '5', length: '6'});
    await stepN(el, 6);
    const end = el.fullText;
    el.reset();
    await el.updateComplete;
    expect(el.currentText).to.equal('ROMEO:');
    expect(el.fullText).to.equal('ROMEO:');
    await stepN(el, 6);
    expect(el.fullText).to.equal(end);
  });
});
