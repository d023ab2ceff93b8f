// Issue #6, item 3: a reader pressing fast. Step a hundred times, change
// the temperature while steps are in flight, remove the element mid-run:
// no "tensor is disposed", no unhandled rejection or page error, and a
// state that adds up.
import {expect} from 'chai';
import * as tf from '@tensorflow/tfjs-core';
import type {PeekSampler} from '../../components/peek-sampler/peek-sampler.js';
import {
  model,
  recordSteps,
  sampler,
  stepN,
  until,
  wait,
} from './helpers.js';

const button = (el: Element, cls: string) =>
  el.shadowRoot!.querySelector<HTMLButtonElement>(`button.${cls}`)!;

/** Sets a setting through its inline number box, as a reader would. */
function typeSetting(el: Element, key: string, value: string): void {
  const box = el.shadowRoot!.querySelector<HTMLInputElement>(`#set-${key}`)!;
  box.value = value;
  box.dispatchEvent(new Event('change'));
}

/**
 * Everything a page would see go wrong: unhandled rejections, uncaught
 * errors, console errors, peek-error events.
 */
function watchProblems() {
  const problems: string[] = [];
  const onReject = (e: PromiseRejectionEvent) =>
    problems.push(`unhandledrejection: ${e.reason}`);
  const onError = (e: ErrorEvent) => problems.push(`error: ${e.message}`);
  const onPeekError = (e: Event) =>
    problems.push(`peek-error: ${(e as CustomEvent).detail.message}`);
  const realError = console.error;
  console.error = (...args: unknown[]) =>
    problems.push(`console.error: ${args.map(String).join(' ')}`);
  window.addEventListener('unhandledrejection', onReject);
  window.addEventListener('error', onError);
  document.addEventListener('peek-error', onPeekError);
  return {
    problems,
    stop() {
      console.error = realError;
      window.removeEventListener('unhandledrejection', onReject);
      window.removeEventListener('error', onError);
      document.removeEventListener('peek-error', onPeekError);
    },
  };
}

/**
 * The invariants of a sampler at rest: the shown text is the prompt and
 * the shown steps' choices, each step read the text before it, and the
 * text on screen is that text.
 */
function expectConsistent(el: PeekSampler): void {
  const json = el.toJSON();
  let text = json.prompt;
  json.steps.forEach((s, i) => {
    expect(s.index).to.equal(i);
    expect(s.context).to.equal(text);
    text += s.chosen;
  });
  expect(json.text).to.equal(text);
  expect(el.fullText).to.equal(text);
  const output = el.shadowRoot!.querySelector('.output')!;
  const future = output.querySelector('.future')!.textContent!;
  expect(output.textContent).to.equal(text + future);
  const step = json.steps.length;
  expect(el.shadowRoot!.querySelector('.text .detail')!.textContent).to.equal(
    `${step} / ${el.length}`
  );
}

let watch: ReturnType<typeof watchProblems>;
beforeEach(() => {
  watch = watchProblems();
});
afterEach(() => {
  watch.stop();
  document.querySelectorAll('peek-sampler').forEach((el) => el.remove());
});

describe('<peek-sampler> pressed fast', () => {
  it('takes 100 presses of Step as 100 steps, in order', async () => {
    const el = await sampler({seed: '7'});
    await stepN(el, 1); // warm up, then undo
    await el.back();
    const before = tf.memory().numTensors;
    const steps = recordSteps(el);
    // Settings change while steps are queued and in flight, each once
    // the settings before it have been used at least once.
    let mark = 0;
    const change = async (set: () => void) => {
      await until(() => steps.length > mark);
      set();
      mark = steps.length;
    };
    for (let i = 0; i < 100; i++) {
      button(el, 'step').click();
      if (i === 30) await change(() => typeSetting(el, 'temperature', '0.4'));
      if (i === 60) await change(() => el.setAttribute('top-k', '5'));
      if (i === 80) await change(() => (el.temperature = 0));
      if (i % 10 === 0) await wait(0);
    }
    await until(() => steps.length === 100 && !el.playing, 60_000);
    await wait(100);
    await el.updateComplete;
    expect(steps.map((s) => s.index)).to.deep.equal([...Array(100).keys()]);
    // The first step replayed the recorded one; the rest are new.
    expect(steps.filter((s) => s.kind !== 'new')).to.have.length(1);
    expect(el.toJSON().steps).to.have.length(100);
    expectConsistent(el);
    // Each step used the settings in effect when it drew, in order.
    const phase = steps.map((s) => {
      const {temperature: t, topK: k} = s.settings;
      return t === 1 ? 0 : t === 0.4 && k === 0 ? 1 : t === 0.4 ? 2 : 3;
    });
    expect(phase).to.deep.equal([...phase].sort((a, b) => a - b));
    expect(new Set(phase).size).to.equal(4);
    expect(tf.memory().numTensors).to.equal(before);
    expect(watch.problems).to.deep.equal([]);

    // The same seed stepped slowly with the same settings per step
    // chooses the same characters: no step saw another's state.
    const slow = await sampler({seed: '7'});
    for (const s of steps) {
      slow.temperature = s.settings.temperature;
      slow.topK = s.settings.topK;
      slow.topP = s.settings.topP;
      await slow.updateComplete;
      await slow.step();
    }
    expect(slow.fullText).to.equal(el.fullText);
  });

  it('stops cleanly when removed during a burst, and goes on', async () => {
    const el = await sampler({seed: '9'});
    const steps = recordSteps(el);
    // Steps are quick: remove it from inside the 21st step's event,
    // with 79 presses still queued.
    el.addEventListener('peek-step', (e) => {
      if ((e as CustomEvent).detail.index !== 20) return;
      el.temperature = 0.7;
      el.remove();
    });
    for (let i = 0; i < 100; i++) button(el, 'step').click();
    await until(() => steps.length >= 21);
    await wait(300);
    const taken = steps.length;
    expect(taken).to.equal(21);
    expect(el.toJSON().steps).to.have.length(taken);
    expect(el.fullText).to.equal(
      'ROMEO:' + steps.map((s) => s.chosen).join('')
    );
    // Put back, it carries on from where it stopped.
    document.body.append(el);
    await el.step();
    await el.updateComplete;
    expect(steps).to.have.length(taken + 1);
    expect(steps[taken].index).to.equal(taken);
    expectConsistent(el);
    expect(watch.problems).to.deep.equal([]);
  });

  it('stays consistent under a mix of play, back, step and reset', async () => {
    const el = await sampler({seed: '3', speed: '60', length: '40'});
    const m = await model();
    const actions: (() => unknown)[] = [
      () => button(el, 'step').click(),
      () => button(el, 'step').click(),
      () => button(el, 'back').click(),
      () => button(el, 'play').click(),
      () => typeSetting(el, 'temperature', '0.8'),
      () => typeSetting(el, 'topP', '0.9'),
    ];
    for (let i = 0; i < 200; i++) {
      actions[(i * 7 + (i >> 3)) % actions.length]();
      if (i === 150) el.reset();
      if (i % 4 === 0) await wait(i % 3 === 0 ? 20 : 0);
    }
    el.pause();
    await el.step(); // queued behind everything else
    await wait(100);
    await el.updateComplete;
    expectConsistent(el);
    for (const s of el.toJSON().steps) {
      expect(m.tokenizer.vocab).to.include(s.chosen);
    }
    expect(watch.problems).to.deep.equal([]);
  });
});
