import {expect} from 'chai';
import {sampler, stepN} from './helpers.js';

afterEach(() => {
  document.querySelectorAll('peek-sampler').forEach((el) => el.remove());
});

describe('<peek-sampler> with a prompt longer than its text box', () => {
  it('scrolls its own box so the newest character is visible', async () => {
    const prompt = 'To be, or not to be: that is the question.\n'.repeat(80);
    const el = await sampler({prompt, seed: '3'});
    const pageScroll = window.scrollY;
    await stepN(el, 2);
    const root = el.shadowRoot!;
    const box = root.querySelector<HTMLElement>('.output')!;
    const mark = root.querySelector<HTMLElement>('.output .newest')!;
    expect(box.scrollHeight).to.be.greaterThan(box.clientHeight);
    expect(box.scrollTop).to.be.greaterThan(0);
    const b = box.getBoundingClientRect();
    const m = mark.getBoundingClientRect();
    expect(m.top).to.be.at.least(b.top - 1);
    expect(m.bottom).to.be.at.most(b.bottom + 1);
    expect(mark.textContent).to.equal(Array.from(el.fullText).at(-1));
    expect(window.scrollY).to.equal(pageScroll);
  });
});
