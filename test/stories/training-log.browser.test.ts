import {expect} from 'chai';
import '../../stories/training-log/training-log.js';
import type {StoryTrainingLog} from '../../stories/training-log/training-log.js';

const LOG = new URL('../../model/default/train-log.jsonl', import.meta.url)
  .href;

async function mount(src: string): Promise<StoryTrainingLog> {
  const el = document.createElement('story-training-log') as StoryTrainingLog;
  el.src = src;
  document.body.append(el);
  for (let i = 0; i < 200; i++) {
    await el.updateComplete;
    const root = el.shadowRoot!;
    if (root.querySelector('pre, .error')) return el;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('the training log never rendered');
}

describe('story-training-log', () => {
  it('draws both curves and shows the sample of the chosen step', async () => {
    const lines = (await (await fetch(LOG)).text())
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l));
    const el = await mount(LOG);
    const root = el.shadowRoot!;
    const paths = root.querySelectorAll('path');
    expect(paths).to.have.length(2);
    // One vertex per evaluation: "M" then an "L" for each later one.
    for (const p of paths) {
      const d = p.getAttribute('d')!;
      expect(d.split('L')).to.have.length(lines.length);
    }
    const last = lines[lines.length - 1];
    expect(root.querySelector('pre')!.textContent).to.equal(last.sample);
    expect(root.querySelector('label')!.textContent).to.contain(
      `Step ${last.step}:`
    );

    const slider = root.querySelector('input')!;
    slider.value = '0';
    slider.dispatchEvent(new Event('input'));
    await el.updateComplete;
    expect(root.querySelector('pre')!.textContent).to.equal(lines[0].sample);
    const label = root.querySelector('label')!.textContent!;
    expect(label.replace(/\s+/g, ' ')).to.contain(
      `validation ${lines[0].valLoss.toFixed(3)}`
    );
    el.remove();
  });

  it('says what went wrong when the log is missing', async () => {
    const el = await mount(new URL('missing.jsonl', LOG).href);
    const error = el.shadowRoot!.querySelector('.error')!;
    expect(error.getAttribute('role')).to.equal('alert');
    expect(error.textContent).to.contain('HTTP 404');
    el.remove();
  });
});
