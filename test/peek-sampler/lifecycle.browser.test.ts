import {expect} from 'chai';
import {captureWarnings} from '../warnings.js';
import * as tf from '@tensorflow/tfjs-core';
import type {
  PeekResetDetail,
} from '../../components/peek-sampler/peek-sampler.js';
import {
  model,
  recordSteps,
  sampler,
  shadowStrings,
  stepN,
  until,
  wait,
} from './helpers.js';

afterEach(() => {
  document.querySelectorAll('peek-sampler').forEach((el) => el.remove());
});

const input = (el: Element, id: string) =>
  el.shadowRoot!.querySelector<HTMLInputElement>(`#${id}`)!;
const button = (el: Element, cls: string) =>
  el.shadowRoot!.querySelector<HTMLButtonElement>(`button.${cls}`)!;

describe('<peek-sampler> attributes', () => {
  const warnings = captureWarnings();

  it('has the documented defaults', async () => {
    const el = await sampler();
    expect(el.prompt).to.equal('ROMEO:');
    expect(el.length).to.equal(200);
    expect(el.settings).to.deep.equal({temperature: 1, topK: 0, topP: 1});
    expect([el.seed, el.speed, el.autoplay]).to.deep.equal([42, 8, false]);
    expect(el.currentText).to.equal('ROMEO:');
    expect(warnings).to.have.length(0);
  });

  it('clamps or replaces garbage, without NaN on screen', async () => {
    const el = await sampler({
      temperature: 'abc',
      'top-k': '3.7',
      'top-p': '1.5',
      length: '-5',
      speed: 'fast',
      seed: '-3',
    });
    expect(el.settings).to.deep.equal({temperature: 1, topK: 4, topP: 1});
    expect([el.length, el.speed, el.seed]).to.deep.equal([1, 8, 0]);
    expect(input(el, 'set-temperature').value).to.equal('1');
    expect(input(el, 'set-topK').value).to.equal('4');
    expect(input(el, 'set-topP').value).to.equal('1');
    expect(input(el, 'set-seed').value).to.equal('0');
    await stepN(el, 1);
    expect(shadowStrings(el).join(' ')).not.to.match(/NaN|undefined/);
    // length 1: one step and no more.
    expect(button(el, 'step').disabled).to.equal(true);
    expect(await el.step()).to.equal(false);
  });

  it('warns once per bad attribute, naming the tag', async () => {
    const el = await sampler({temperature: 'abc'});
    for (let i = 0; i < 3; i++) {
      el.requestUpdate();
      await el.updateComplete;
    }
    const bad = warnings.filter((w) => String(w[0]).includes('temperature'));
    expect(bad).to.have.length(1);
    expect(String(bad[0][0])).to.match(/^<peek-sampler>/);
    expect(bad[0][1]).to.equal(el);
  });

  it('names the vocabulary size as top-k\'s range', async () => {
    const vocab = (await model()).tokenizer.size;
    const el = await sampler({'top-k': '-1'});
    expect(el.topK).to.equal(0);
    el.topK = vocab + 10;
    expect(el.topK).to.equal(vocab);
    expect(warnings.map((w) => w[0])).to.deep.equal([
      `<peek-sampler>: top-k="-1" is outside 0..${vocab}; using 0.`,
    ]);
  });

  it('clamps negatives and values above the range', async () => {
    const el = await sampler({
      temperature: '-2',
      'top-k': '1000',
      'top-p': '-1',
      speed: '500',
    });
    const vocab = (await model()).tokenizer.size;
    expect(el.settings).to.deep.equal({temperature: 0, topK: vocab, topP: 0});
    expect(el.speed).to.equal(60);
    expect(shadowStrings(el).join(' ')).not.to.match(/NaN/);
  });

  it('inline controls write the attributes', async () => {
    const el = await sampler();
    const t = input(el, 'set-temperature');
    t.value = '0.4';
    t.dispatchEvent(new Event('change'));
    await el.updateComplete;
    expect(el.getAttribute('temperature')).to.equal('0.4');
    expect(el.temperature).to.equal(0.4);
  });
});

describe('<peek-sampler> events', () => {
  it('fires peek-step with the documented detail', async () => {
    const el = await sampler({seed: '2', 'top-p': '0.9'});
    const vocab = (await model()).tokenizer.vocab;
    const seen: Event[] = [];
    const onDoc = (e: Event) => seen.push(e);
    document.addEventListener('peek-step', onDoc);
    try {
      await stepN(el, 3);
    } finally {
      document.removeEventListener('peek-step', onDoc);
    }
    expect(seen).to.have.length(3);
    let text = 'ROMEO:';
    for (const [i, e] of seen.entries()) {
      expect(e.bubbles && e.composed).to.equal(true);
      const d = (e as CustomEvent).detail;
      expect(d.index).to.equal(i);
      expect(d.context).to.equal(text);
      expect(d.chosen).to.equal(vocab[d.step.chosen]);
      expect(d.text).to.equal(text + d.chosen);
      expect(d.settings).to.deep.equal({temperature: 1, topK: 0, topP: 0.9});
      expect(d.kind).to.equal('new');
      text = d.text;
    }
    expect(el.currentText).to.equal((seen[2] as CustomEvent).detail.context);
    expect(el.fullText).to.equal(text);
  });

  it('fires peek-reset on reset with the prompt', async () => {
    const el = await sampler({prompt: 'JULIET:'});
    await stepN(el, 2);
    const resets: PeekResetDetail[] = [];
    el.addEventListener('peek-reset', (e) =>
      resets.push((e as CustomEvent).detail)
    );
    el.reset();
    expect(resets).to.deep.equal([{context: 'JULIET:', reason: 'reset'}]);
  });

  it('fires peek-reset for a new prompt before any step', async () => {
    const el = await sampler();
    const resets: PeekResetDetail[] = [];
    el.addEventListener('peek-reset', (e) =>
      resets.push((e as CustomEvent).detail)
    );
    el.setAttribute('prompt', 'KING:');
    await el.updateComplete;
    el.setAttribute('seed', '7'); // the text shown stays the prompt
    await el.updateComplete;
    expect(resets).to.deep.equal([{context: 'KING:', reason: 'reset'}]);
    expect(el.currentText).to.equal('KING:');
  });

  it('fires peek-select when a context character is clicked', async () => {
    const el = await sampler({prompt: 'AB C'});
    const got: unknown[] = [];
    el.addEventListener('peek-select', (e) =>
      got.push((e as CustomEvent).detail)
    );
    el.shadowRoot!.querySelector<HTMLElement>('#ctx-2')!.click();
    expect(got).to.deep.equal([{position: 2, char: ' '}]);
  });
});

describe('<peek-sampler> running', () => {
  it('serializes rapid clicks: one step after another', async () => {
    const el = await sampler({seed: '4'});
    const steps = recordSteps(el);
    for (let i = 0; i < 5; i++) button(el, 'step').click();
    await until(() => steps.length === 5);
    expect(steps.map((s) => s.index)).to.deep.equal([0, 1, 2, 3, 4]);
    for (let i = 1; i < 5; i++) {
      expect(steps[i].context).to.equal(steps[i - 1].text);
    }
  });

  it('autoplays to the end and stops', async () => {
    const el = await sampler({autoplay: '', speed: '60', length: '5'});
    const steps = recordSteps(el);
    await until(() => steps.length === 5 && !el.playing);
    expect(Array.from(el.fullText)).to.have.length(6 + 5);
  });

  it('stops cleanly when removed mid-run', async () => {
    const rejections: unknown[] = [];
    const errors: unknown[][] = [];
    const onReject = (e: PromiseRejectionEvent) => rejections.push(e.reason);
    const realError = console.error;
    console.error = (...args: unknown[]) => errors.push(args);
    window.addEventListener('unhandledrejection', onReject);
    // Hold the model back on each step so one is surely in flight.
    const inference = (await model()).inference;
    const decoder = inference.decoder;
    let started = () => {};
    inference.decoder = (...args) => {
      const d = decoder.apply(inference, args);
      for (const key of ['prefill', 'next'] as const) {
        const call = d[key].bind(d) as (x: never) => ReturnType<typeof d.next>;
        d[key] = async (x: never) => {
          started();
          await wait(50);
          return call(x);
        };
      }
      return d;
    };
    try {
      const el = await sampler({autoplay: '', speed: '60'});
      const steps = recordSteps(el);
      await until(() => steps.length >= 2);
      const running = new Promise<void>((r) => (started = r));
      void el.step(); // one in flight...
      void el.step(); // ...and one queued
      await running;
      el.remove();
      const count = steps.length;
      await wait(400);
      expect(steps.length).to.equal(count);
      expect(el.playing).to.equal(false);
    } finally {
      inference.decoder = decoder;
      window.removeEventListener('unhandledrejection', onReject);
      console.error = realError;
    }
    expect(rejections).to.deep.equal([]);
    expect(errors.map(String).join()).not.to.match(/disposed/i);
  });

  it('leaks no tensors while stepping', async () => {
    const el = await sampler();
    await stepN(el, 1); // warm up
    const before = tf.memory().numTensors;
    await stepN(el, 4);
    expect(tf.memory().numTensors).to.equal(before);
    const m = await model();
    await m.inference.lastLogits('ROMEO:');
    expect(tf.memory().numTensors).to.equal(before);
  });
});

describe('<peek-sampler> context window', () => {
  it('marks stand-ins and prompt vs generated characters', async () => {
    const el = await sampler({prompt: 'Café “x”'});
    await stepN(el, 1);
    await el.back();
    await stepN(el, 2);
    const chips = [...el.shadowRoot!.querySelectorAll('.chips .chip')];
    expect(chips).to.have.length(9); // 8 prompt + 1 generated
    const unknown = chips.filter((c) => c.classList.contains('unknown'));
    const marked = unknown.map((c) => c.textContent);
    expect(marked).to.deep.equal(['é', '“', '”']);
    expect(unknown[0].getAttribute('title')).to.contain('"e"');
    expect(chips[4].textContent).to.equal('␣');
    expect(chips.filter((c) => c.classList.contains('generated'))).to.have
      .length(1);
  });

  it('shows at most the model context', async () => {
    const long = 'To be, or not to be: that is the question. '.repeat(5);
    const el = await sampler({prompt: long});
    const m = await model();
    const chips = el.shadowRoot!.querySelectorAll('.chips .chip');
    expect(chips).to.have.length(m.data.config.blockSize);
  });
});
