/**
 * The sampler reads each new character through a KV-cache decoder; what
 * it shows must not change: every step's probabilities equal a full
 * forward pass over the step's context, past the 128-character window
 * too, through prompt edits, steps back and resets.
 */
import {expect} from 'chai';
import type {PeekStepDetail} from '../../components/peek-sampler/peek-sampler.js';
import {model, recordSteps, sampler, stepN} from './helpers.js';

const TOLERANCE = 1e-4;

afterEach(() => {
  document.querySelectorAll('peek-sampler').forEach((el) => el.remove());
});

/** Largest gap between each step's probabilities and a full pass. */
async function worstGap(steps: PeekStepDetail[]): Promise<number> {
  const {inference} = await model();
  let worst = 0;
  for (const s of steps) {
    const logits = await inference.lastLogits(s.context);
    const max = Math.max(...logits);
    const exp = Array.from(logits, (l) => Math.exp(l - max));
    const sum = exp.reduce((a, b) => a + b, 0);
    exp.forEach((e, i) => {
      worst = Math.max(worst, Math.abs(e / sum - s.step.probs[i]));
    });
  }
  return worst;
}

describe('<peek-sampler> with its KV cache', () => {
  it('equals a full pass at every step, across the window', async () => {
    const {data} = await model();
    const N = data.config.blockSize;
    const prompt = 'KING RICHARD III:\nNow is the winter of our discontent\n'
      .repeat(3)
      .slice(0, N - 10);
    const el = await sampler({prompt, seed: '3', length: '30'});
    const steps = recordSteps(el);
    await stepN(el, 30);
    expect(steps).to.have.length(30);
    // The window filled and slid by the last steps.
    expect(Array.from(steps.at(-1)!.context).length).to.be.greaterThan(N);
    expect(await worstGap(steps)).to.be.below(TOLERANCE);
  });

  it('equals a full pass after steps back, edits and resets', async () => {
    const el = await sampler({prompt: 'ROMEO:', seed: '8', length: '40'});
    const steps = recordSteps(el);
    await stepN(el, 6);
    await el.back();
    await el.back();
    el.setAttribute('temperature', '0.6'); // new steps from here
    await el.updateComplete;
    await stepN(el, 4);
    el.setAttribute('prompt', 'JULIET:\nO Romeo, Romeo');
    await el.updateComplete;
    await stepN(el, 4);
    el.reset();
    await stepN(el, 3);
    const fresh = steps.filter((s) => s.kind === 'new');
    expect(fresh.length).to.equal(6 + 4 + 4 + 3);
    expect(fresh.map((s) => s.context)).to.include('JULIET:\nO Romeo, Romeo');
    expect(await worstGap(fresh)).to.be.below(TOLERANCE);
  });
});
