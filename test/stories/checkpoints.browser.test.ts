import * as tf from '@tensorflow/tfjs-core';
import {expect} from 'chai';
import {decodeModel} from '../../model/format.js';
import {referenceForward} from '../../model/reference.js';
import {Tokenizer} from '../../model/tokenizer.js';
import type {PeekAttention} from '../../components/peek-attention/peek-attention.js';
import type {PeekStepDetail} from '../../components/peek-sampler/peek-sampler.js';
import {softmaxWithTemperature} from '../../src/sampling.js';
import {modelStatus} from '../../src/store.js';
import {manifestUrl} from '../../stories/checkpoints/checkpoints.js';
import {
  defineStoryCheckpoints,
  type StoryCheckpoints,
} from '../../stories/checkpoints/story-checkpoints.js';
import {parseTrainLog} from '../../stories/training-log/parse.js';
import {maxDiff} from '../max-diff.js';
import {model, tensorsNow, until} from '../page/setup.js';

defineStoryCheckpoints();

const BASE = new URL('../../model/default/', import.meta.url).href;
const HOME = new URL('manifest.json', BASE).href;
const PROMPT = 'JULIET:';
const TEXT = 'But soft, what light through yonder window breaks?';

/** A checkpoint's files, decoded, run by the reference engine. */
async function reference(id: string) {
  const url = manifestUrl(BASE, id)!;
  const manifest = await (await fetch(url)).json();
  const bin = await (await fetch(new URL('weights.bin', url))).arrayBuffer();
  const data = decodeModel(manifest, bin);
  const tokenizer = new Tokenizer(data.vocab);
  const run = (text: string) => {
    const ids = tokenizer.encode(text);
    return {T: ids.length, ...referenceForward(data, ids)};
  };
  const V = data.config.vocabSize;
  const p = run(PROMPT);
  return {
    training: data.training as Record<string, number>,
    /** softmax of the logits after the prompt: the sampler's bars. */
    probs: softmaxWithTemperature(p.logits.slice((p.T - 1) * V), 1),
    /** Layer 0, head 0 on TEXT [T*T]. */
    attention: run(TEXT).attention[0][0],
  };
}
type Reference = Awaited<ReturnType<typeof reference>>;

const parts = (el: StoryCheckpoints) => {
  const root = el.shadowRoot!;
  return {
    sampler: el.sampler!,
    attention: root.querySelector('peek-attention') as PeekAttention,
    facts: root.querySelector('.facts') as HTMLElement,
    button: (label: string) =>
      [...root.querySelectorAll('button')].find(
        (b) => b.textContent!.trim() === label
      )!,
    pressed: () =>
      [...root.querySelectorAll('button[aria-pressed=true]')].map((b) =>
        b.textContent!.trim()
      ),
  };
};

/** Resolves with the first `event` detail `el` fires that passes `test`. */
function next<T>(el: Element, event: string, test = (_: T) => true) {
  return new Promise<T>((resolve) => {
    const on = (e: Event) => {
      const detail = (e as CustomEvent<T>).detail;
      if (!test(detail)) return;
      el.removeEventListener(event, on);
      resolve(detail);
    };
    el.addEventListener(event, on);
  });
}

/**
 * Runs `change` (a click, an attribute) and waits for the sampler to
 * take checkpoint `id` and draw its first character with it, and for the
 * attention map to trace the text again. Resolves with that step.
 */
async function switched(
  el: StoryCheckpoints,
  id: string,
  change: () => void | Promise<void>
) {
  const {sampler, attention} = parts(el);
  const url = manifestUrl(BASE, id);
  const ready = next(sampler, 'peek-ready', (d: {url: string}) => {
    return d.url === url;
  });
  await change();
  await ready;
  const step = await next<PeekStepDetail>(
    sampler,
    'peek-step',
    (d) => d.index === 0 && d.kind === 'new'
  );
  await attention.traceComplete;
  return step;
}

/** The sampler's bars and the attention map match this reference. */
function expectValues(
  el: StoryCheckpoints,
  step: PeekStepDetail,
  r: Reference
) {
  const {attention} = parts(el);
  expect(step.context).to.equal(PROMPT);
  expect(maxDiff(step.step.probs, r.probs), 'probabilities').to.be.below(
    1e-4
  );
  expect(attention.trace!.T).to.equal(Array.from(TEXT).length);
  expect(maxDiff(attention.weights, r.attention), 'attention').to.be.below(
    1e-4
  );
}

async function mount(checkpoint: string): Promise<StoryCheckpoints> {
  const el = document.createElement('story-checkpoints') as StoryCheckpoints;
  el.base = BASE;
  el.checkpoint = checkpoint;
  el.style.width = '800px';
  document.body.append(el);
  await el.updateComplete;
  return el;
}

/** Resolves once the sampler has written on checkpoint `id`. */
async function running(el: StoryCheckpoints, id: string) {
  const url = manifestUrl(BASE, id);
  await until(() => {
    const s = modelStatus();
    return s.state === 'ready' && s.model.url === url;
  }, 30_000);
  await until(() => el.sampler!.fullText.length > PROMPT.length, 30_000);
}

const atHome = () => {
  const s = modelStatus();
  return s.state === 'ready' && s.model.url === HOME;
};

describe('story-checkpoints (Guides › Checkpoints)', () => {
  let early: Reference;
  let final: Reference;
  /** Tensors with the final model loaded and nothing else. */
  let baseline: {tensors: number; bytes: number};
  const errors: Event[] = [];
  const onError = (e: Event) => errors.push(e);

  before(async () => {
    [early, final] = await Promise.all([
      reference('step-100'),
      reference('final'),
    ]);
    await model();
    baseline = tensorsNow();
    document.addEventListener('peek-error', onError);
  });
  after(() => document.removeEventListener('peek-error', onError));
  beforeEach(() => (errors.length = 0));
  afterEach(async () => {
    document.querySelectorAll('story-checkpoints').forEach((e) => e.remove());
    await until(atHome, 30_000);
  });

  it('runs both elements on step 100, then on the final model', async () => {
    const el = await mount('final');
    await running(el, 'final');

    const atEarly = await switched(el, 'step-100', () =>
      parts(el).button('100').click()
    );
    expectValues(el, atEarly, early);
    // Not the final model's values: the switch is visible.
    expect(maxDiff(early.probs, final.probs)).to.be.above(0.05);
    expect(maxDiff(early.attention, final.attention)).to.be.above(0.3);
    expect(parts(el).pressed()).to.deep.equal(['100']);

    const back = await switched(el, 'final', () =>
      parts(el).button('3,000 (final)').click()
    );
    expectValues(el, back, final);
    expect(errors).to.deep.equal([]);
  });

  it('shows the step and its logged losses beside the buttons', async () => {
    const log = parseTrainLog(
      await (await fetch(new URL('train-log.jsonl', BASE))).text()
    ).entries;
    const el = await mount('final');
    await running(el, 'final');
    await switched(el, 'step-100', () => parts(el).button('100').click());
    const text = () => parts(el).facts.textContent!.replace(/\s+/g, ' ');
    const logged = log.find((e) => e.step === 100)!;
    expect(text()).to.contain('Step 100 of 3,000');
    expect(text()).to.contain(
      `validation loss ${early.training.valLossEstimate.toFixed(3)}`
    );
    // The snapshot's manifest has no training loss; the log has.
    expect(early.training.trainLoss).to.equal(undefined);
    expect(text()).to.contain(
      `training loss ${logged.trainLoss.toFixed(3)}`
    );
    await switched(el, 'final', () =>
      parts(el).button('3,000 (final)').click()
    );
    expect(text()).to.contain(
      `validation loss ${final.training.valLossEstimate.toFixed(3)}`
    );
  });

  it('follows the checkpoint attribute (the Storybook control)', async () => {
    const el = await mount('final');
    await running(el, 'final');
    const picks: string[] = [];
    el.addEventListener('story-checkpoint-change', (e) =>
      picks.push((e as CustomEvent).detail.checkpoint)
    );
    const step = await switched(el, 'step-100', () =>
      el.setAttribute('checkpoint', 'step-100')
    );
    expectValues(el, step, early);
    expect(parts(el).pressed()).to.deep.equal(['100']);
    // Only the buttons announce a pick; the control already knows.
    expect(picks).to.deep.equal([]);
    parts(el).button('300').click();
    expect(picks).to.deep.equal(['step-300']);
  });

  it('switches safely mid-generation, the last click winning', async () => {
    const el = await mount('step-100');
    const {sampler} = parts(el);
    await next(sampler, 'peek-step', (d: PeekStepDetail) => d.index === 3);
    expect(sampler.playing).to.equal(true);
    performance.clearResourceTimings(); // the buffer holds 250
    const step = await switched(el, 'final', async () => {
      for (const label of ['300', '1,000', '2,000', '3,000 (final)']) {
        parts(el).button(label).click();
        // The switch starts; no load can finish within microtasks.
        await el.updateComplete;
      }
    });
    expectValues(el, step, final);
    // The first click's load ran on; the two clicked over were skipped.
    const fetched = performance
      .getEntriesByType('resource')
      .filter((e) => e.name.endsWith('weights.bin'))
      .map((e) => new URL(e.name).pathname.split('/').slice(-2, -1)[0]);
    expect(fetched).to.deep.equal(['step-300', 'default']);
    expect(parts(el).pressed()).to.deep.equal(['3,000 (final)']);
    await until(() => !sampler.playing, 30_000);
    expect(sampler.fullText.length).to.equal(PROMPT.length + 120);
    expect(errors).to.deep.equal([]);
    expect(tensorsNow()).to.deep.equal(baseline);
  });

  it('holds no more tensors after a few switches', async () => {
    const el = await mount('final');
    await running(el, 'final');
    const labels = {
      'step-100': '100',
      final: '3,000 (final)',
      'step-300': '300',
      'step-1000': '1,000',
    };
    for (const [id, label] of Object.entries(labels)) {
      await switched(el, id, () => parts(el).button(label).click());
      // One model's weights at a time, whichever it is.
      expect(tensorsNow(), label).to.deep.equal(baseline);
    }
  });

  it('says so when a checkpoint is missing, and recovers', async () => {
    const el = await mount('step-100');
    await running(el, 'step-100');
    el.checkpoint = 'step-500';
    await until(() => parts(el).facts.classList.contains('error'));
    const {facts, sampler, attention} = parts(el);
    expect(facts.getAttribute('role')).to.equal('alert');
    expect(facts.textContent).to.match(/step 500 could not be loaded/);
    expect(facts.textContent).to.contain('checkpoints/step-500/manifest.json');
    expect(facts.textContent).to.contain('HTTP 404');
    // Each element says it too, rather than going blank.
    for (const view of [sampler, attention]) {
      await until(() => !!view.shadowRoot!.querySelector('.state.error'));
      expect(view.shadowRoot!.textContent).to.contain('HTTP 404');
    }
    const step = await switched(el, 'final', () =>
      parts(el).button('3,000 (final)').click()
    );
    expectValues(el, step, final);
    // Step 100's weights went when the final model came, despite the
    // failed load between them.
    expect(tensorsNow()).to.deep.equal(baseline);
  });

  it('names the valid checkpoints for an unknown one', async () => {
    const el = await mount('../elsewhere');
    const {facts} = parts(el);
    expect(facts.getAttribute('role')).to.equal('alert');
    expect(facts.textContent).to.contain('step-100, step-300');
    expect(el.shadowRoot!.querySelector('peek-sampler')).to.equal(null);
    expect(atHome()).to.equal(true);
  });

  it('puts the default model back when it leaves the page', async () => {
    const el = await mount('step-100');
    await running(el, 'step-100');
    const s = modelStatus();
    expect(s.state === 'ready' && s.model.url).to.equal(
      manifestUrl(BASE, 'step-100')
    );
    el.remove();
    await until(atHome, 30_000);
    expect(tensorsNow()).to.deep.equal(baseline);
  });
});
