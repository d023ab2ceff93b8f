// Numeric and choice properties read back the value in effect. Before
// the model loads, a range that depends on it is the default model's,
// quietly; once a model of another shape has loaded, its own ranges
// apply and any warning names them.
import {expect} from 'chai';
import type {PeekAttention} from '../../components/peek-attention/peek-attention.js';
import type {PeekEmbedding} from '../../components/peek-embedding/peek-embedding.js';
import type {PeekFfn} from '../../components/peek-ffn/peek-ffn.js';
import type {PeekSampler} from '../../components/peek-sampler/peek-sampler.js';
import {DEFAULT_CONFIG, type GPTConfig} from '../../model/config.js';
import {encodeModel} from '../../model/format.js';
import {initWeights} from '../../model/init.js';
import {configurePeek} from '../../src/options.js';
import {loadModel, modelStatus} from '../../src/store.js';
import '../../src/define-all.js';
import {captureWarnings} from '../warnings.js';
import {settled} from './setup.js';

/** Another shape than the default model's in every range tested. */
const SHAPE: GPTConfig = {
  ...DEFAULT_CONFIG,
  vocabSize: 70,
  nEmbd: 64,
  nLayer: 6,
  nHead: 2,
  blockSize: 64,
  mlpHidden: 256,
};
const VOCAB = [
  '\n',
  ...Array.from({length: 69}, (_, i) => String.fromCodePoint(0x20 + i)),
];

const blobUrl = (data: BlobPart) => URL.createObjectURL(new Blob([data]));
const {manifest, bin} = encodeModel(
  {config: SHAPE, vocab: VOCAB, weights: initWeights(SHAPE, 7)},
  'float32'
);
const manifestUrl = blobUrl(
  JSON.stringify({...manifest, weights: blobUrl(bin as BlobPart)})
);

// The manifest is held back until the test has read the elements.
let release = () => {};
const released = new Promise<void>((r) => (release = r));
const realFetch = window.fetch;
window.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
  const url = input instanceof Request ? input.url : String(input);
  if (url === manifestUrl) await released;
  return realFetch(input, init);
};

configurePeek({
  wasmDir: '/node_modules/@tensorflow/tfjs-backend-wasm/dist/',
  modelUrl: manifestUrl,
});

function make<E extends HTMLElement>(
  tag: string,
  attrs: Record<string, string>
): E {
  const el = document.createElement(tag) as E;
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  el.style.width = '760px';
  document.body.append(el);
  return el;
}

describe('properties with a model of another shape', () => {
  const warnings = captureWarnings();

  it('use the default shape before it loads, then its own', async () => {
    const wide = make<PeekSampler>('peek-sampler', {'top-k': '68'});
    const negative = make<PeekSampler>('peek-sampler', {'top-k': '-1'});
    const attention = make<PeekAttention>('peek-attention', {
      text: 'abc',
      layer: '5',
      head: '3',
    });
    const ffn = make<PeekFfn>('peek-ffn', {
      text: 'abc',
      layer: '5',
      neuron: '300',
    });
    const inSet = make<PeekEmbedding>('peek-embedding', {selected: '66'});
    const past = make<PeekEmbedding>('peek-embedding', {selected: '80'});
    const all = [wide, negative, attention, ffn, inSet, past];
    await Promise.all(all.map((el) => (el as PeekSampler).updateComplete));

    expect(modelStatus().state).to.equal('loading');
    const defaults = DEFAULT_CONFIG;
    expect([wide.topK, negative.topK]).to.deep.equal([defaults.vocabSize, 0]);
    expect([attention.layer, attention.head]).to.deep.equal([
      defaults.nLayer - 1,
      3,
    ]);
    expect([ffn.layer, ffn.neuron]).to.deep.equal([defaults.nLayer - 1, 300]);
    expect([inSet.selected, past.selected]).to.deep.equal([-1, -1]);
    expect(warnings).to.have.length(0);

    release();
    await loadModel();
    await Promise.all(all.map(settled));

    expect([wide.topK, negative.topK]).to.deep.equal([68, 0]);
    expect([attention.layer, attention.head]).to.deep.equal([5, 1]);
    const title = attention.shadowRoot!.querySelector('.title')!;
    expect(title.textContent).to.equal('Layer 5 · head 1');
    expect([ffn.layer, ffn.neuron]).to.deep.equal([5, SHAPE.mlpHidden - 1]);
    expect(ffn.toJSON().layer).to.equal(5);
    expect(ffn.toJSON().selected.neuron).to.equal(SHAPE.mlpHidden - 1);
    expect([inSet.selected, past.selected]).to.deep.equal([66, -1]);
    const marked = (el: Element) =>
      [...el.shadowRoot!.querySelectorAll<HTMLElement>('.point.selected')].map(
        (p) => p.dataset.index
      );
    expect(marked(inSet)).to.deep.equal(['66']);
    expect(marked(past)).to.deep.equal([]);

    const V = SHAPE.vocabSize;
    expect(warnings.map((w) => w[0])).to.have.members([
      `<peek-sampler>: top-k="-1" is outside 0..${V}; using 0.`,
      `<peek-attention>: head="3" is outside 0..${SHAPE.nHead - 1}; ` +
        `using ${SHAPE.nHead - 1}.`,
      `<peek-ffn>: neuron="300" is outside -1..${SHAPE.mlpHidden - 1}; ` +
        `using ${SHAPE.mlpHidden - 1}.`,
      `<peek-embedding>: selected="80" is not a token id 0..${V - 1} ` +
        '(or -1 for none); nothing is selected.',
    ]);
    const by = new Map(warnings.map((w) => [String(w[0]).split(':')[0], w]));
    expect(by.get('<peek-sampler>')![1]).to.equal(negative);
    expect(by.get('<peek-embedding>')![1]).to.equal(past);
    for (const el of all) el.remove();
  });
});
