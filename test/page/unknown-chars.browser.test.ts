// Issue #6, item 9: text the model has no characters for, and no text at
// all, in every element. Each character outside the vocabulary is read
// as a stand-in (model/tokenizer.ts), keeps its position, and is marked;
// an emoji is one character.
import {expect} from 'chai';
import {glyph} from '../../src/glyphs.js';
import {model} from './setup.js';
import '../../src/define-all.js';
import type {PeekAttention} from '../../components/peek-attention/peek-attention.js';
import type {PeekEmbedding} from '../../components/peek-embedding/peek-embedding.js';
import type {PeekFfn} from '../../components/peek-ffn/peek-ffn.js';
import type {PeekSampler} from '../../components/peek-sampler/peek-sampler.js';

const TEXT = 'Café — “hi” 😀 7\tok';
/** The code points of TEXT that the vocabulary lacks. */
const UNKNOWN = ['é', '—', '“', '”', '😀', '7', '\t'];

let problems: string[];
const onError = (e: Event) =>
  problems.push(`${e.type}: ${(e as CustomEvent).detail?.message ?? e}`);
beforeEach(() => {
  problems = [];
  document.addEventListener('peek-error', onError);
  window.addEventListener('error', onError);
  window.addEventListener('unhandledrejection', onError);
});
afterEach(() => {
  document.removeEventListener('peek-error', onError);
  window.removeEventListener('error', onError);
  window.removeEventListener('unhandledrejection', onError);
  document.querySelectorAll('body > *').forEach((el) => {
    if (el.localName.startsWith('peek-')) el.remove();
  });
  expect(problems).to.deep.equal([]);
});

async function make<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string>
): Promise<HTMLElementTagNameMap[K]> {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  el.style.width = '760px';
  document.body.append(el);
  await model();
  const any = el as any;
  await (any.traceComplete ?? any.layoutComplete ?? any.updateComplete);
  return el;
}

const $$ = (el: Element, selector: string) => [
  ...el.shadowRoot!.querySelectorAll<HTMLElement>(selector),
];

/** Whether any text or attribute in the shadow DOM reads NaN. */
const showsNaN = (el: Element) =>
  /NaN|undefined/.test(el.shadowRoot!.innerHTML);

describe('characters outside the vocabulary', () => {
  it('the tokenizer reads as one unknown each, emoji included', async () => {
    const {tokenizer} = await model();
    const enc = tokenizer.encodeDetailed(TEXT);
    expect(enc.chars).to.have.length(18);
    expect(enc.chars.filter((_, i) => enc.unknown[i])).to.deep.equal(
      UNKNOWN
    );
  });

  it('<peek-sampler> marks each as a stand-in chip', async () => {
    const el = (await make('peek-sampler', {prompt: TEXT})) as PeekSampler;
    const chips = $$(el, '.chips .chip');
    expect(chips).to.have.length(18);
    const marked = chips.filter((c) => c.classList.contains('unknown'));
    expect(marked.map((c) => c.textContent)).to.deep.equal(
      UNKNOWN.map(glyph)
    );
    expect(chips[12].textContent).to.equal('😀');
    expect(chips[12].classList.contains('unknown')).to.equal(true);
    expect($$(el, '.unknown-key')[0].textContent).to.equal('7 stand-ins');
    await el.step();
    expect(el.fullText.startsWith(TEXT)).to.equal(true);
    expect(Array.from(el.fullText)).to.have.length(19);
  });

  it('<peek-attention> flags them in its trace and legend', async () => {
    const el = (await make('peek-attention', {text: TEXT})) as PeekAttention;
    const trace = el.trace!;
    expect(trace.T).to.equal(18);
    expect(trace.chars[12]).to.equal('😀');
    expect(trace.chars.filter((_, i) => trace.unknown[i])).to.deep.equal(
      UNKNOWN
    );
    expect($$(el, '.legend')[0].textContent).to.contain('vocabulary');
    expect(showsNaN(el)).to.equal(false);
  });

  it('<peek-ffn> marks them in the neuron text', async () => {
    const el = (await make('peek-ffn', {text: TEXT, neuron: '0'})) as PeekFfn;
    const chars = $$(el, '.neuron-text .ch');
    expect(chars).to.have.length(18);
    expect(chars[12].textContent).to.equal('😀');
    const marked = chars.filter((c) => c.classList.contains('unknown'));
    expect(marked.map((c) => c.textContent)).to.deep.equal(UNKNOWN);
    expect(el.activations).to.have.length(18 * 512);
    expect(showsNaN(el)).to.equal(false);
  });

  it('<peek-embedding> names their stand-ins in the legend', async () => {
    const el = (await make('peek-embedding', {
      text: TEXT,
      trajectory: '',
    })) as PeekEmbedding;
    const {tokenizer} = await model();
    const standIn = (ch: string) => tokenizer.decode(tokenizer.encode(ch));
    const read = UNKNOWN.map((ch) => `${glyph(ch)} → ${glyph(standIn(ch))}`);
    expect(read[0]).to.equal('é → e');
    const note = $$(el, '.legend .stand-ins')[0];
    expect(note.textContent!.replace(/\s+/g, ' ')).to.equal(
      `not in the vocabulary, read as: ${read.join(', ')}`
    );
    // One path per position, the emoji's included.
    expect(el.toJSON().trajectories).to.have.length(18);
    expect(showsNaN(el)).to.equal(false);
  });
});

describe('empty text', () => {
  it('<peek-sampler> starts from a newline', async () => {
    const el = (await make('peek-sampler', {prompt: ''})) as PeekSampler;
    expect(el.currentText).to.equal('\n');
    expect(await el.step()).to.equal(true);
    expect(Array.from(el.fullText)).to.have.length(2);
    expect(showsNaN(el)).to.equal(false);
  });

  it('<peek-attention> says there is no text', async () => {
    const el = (await make('peek-attention', {text: ''})) as PeekAttention;
    expect(el.trace!.T).to.equal(0);
    expect($$(el, '.empty')[0].textContent).to.contain('No text');
    expect(el.weights).to.have.length(0);
  });

  it('<peek-ffn> says there is no text', async () => {
    const el = (await make('peek-ffn', {text: ''})) as PeekFfn;
    expect($$(el, '[part~="empty"]')).to.have.length(1);
    expect(el.activations).to.have.length(0);
  });

  it('<peek-embedding> plots the points without rings or paths', async () => {
    const el = (await make('peek-embedding', {
      text: '',
      trajectory: '',
    })) as PeekEmbedding;
    const {vocabSize} = (await model()).data.config;
    expect(el.toJSON().points).to.have.length(vocabSize);
    expect(el.toJSON().trajectories).to.deep.equal([]);
    expect($$(el, '.legend .stand-ins')).to.have.length(0);
  });
});

describe('invisible format characters', () => {
  // A right-to-left override would make the browser draw everything
  // after it backwards; each element writes it out instead.
  const RLO = '\u202e';
  const text = `ROMEO:${RLO}abc`;
  const escaped = 'ROMEO:\\u202eabc';

  it('glyph() and visibleText() write them out', () => {
    expect(glyph(RLO)).to.equal('\\u202e');
    expect(glyph('\u200b')).to.equal('\\u200b');
    expect(glyph('a')).to.equal('a');
  });

  it('<peek-sampler> shows the prompt in reading order', async () => {
    const el = (await make('peek-sampler', {prompt: text})) as PeekSampler;
    expect($$(el, '.output .prompt')[0].textContent).to.equal(escaped);
    expect(el.shadowRoot!.innerHTML).not.to.contain(RLO);
    await el.step();
    expect(el.fullText.startsWith(text)).to.equal(true);
    expect(el.shadowRoot!.innerHTML).not.to.contain(RLO);
  });

  it('<peek-attention> shows it in the text view', async () => {
    const el = (await make('peek-attention', {
      text,
      view: 'text',
    })) as PeekAttention;
    const chars = $$(el, '.ch').map((c) => c.textContent);
    expect(chars[6]).to.equal('\\u202e');
    expect(el.shadowRoot!.innerHTML).not.to.contain(RLO);
  });

  it('<peek-ffn> shows it in the neuron text', async () => {
    const el = (await make('peek-ffn', {text, neuron: '0'})) as PeekFfn;
    const chars = $$(el, '.neuron-text .ch').map((c) => c.textContent);
    expect(chars.join('')).to.equal(escaped);
    expect(el.shadowRoot!.innerHTML).not.to.contain(RLO);
  });
});
