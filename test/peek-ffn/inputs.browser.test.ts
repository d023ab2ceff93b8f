import {expect} from 'chai';
import * as tf from '@tensorflow/tfjs-core';
import type {PeekFfn} from '../../components/peek-ffn/peek-ffn.js';
import {captureWarnings} from '../warnings.js';
import {model, mount, shadow} from './setup.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('<peek-ffn> text changes', () => {
  it('draws the latest text when an older trace ends last', async () => {
    const m = await model();
    const inference = m.inference;
    const original = inference.traceText;
    let calls = 0;
    // The first trace (of the old text) is held back until after the
    // second has been delivered.
    inference.traceText = async function (this: typeof inference, text) {
      const call = calls++;
      const trace = await original.call(this, text);
      if (call === 0) await sleep(500);
      return trace;
    };
    try {
      const el = document.createElement('peek-ffn') as PeekFfn;
      el.setAttribute('text', 'First, the old text.');
      document.body.append(el);
      await el.updateComplete;
      el.setAttribute('text', 'Second: the new one!');
      await el.traceComplete;
      await sleep(700); // the old trace has now finished, and is dropped
      await el.updateComplete;
      expect(calls).to.equal(2);
      expect(el.toJSON().text).to.equal('Second: the new one!');
      const want = await original.call(inference, 'Second: the new one!');
      expect(Array.from(el.activations)).to.deep.equal(
        Array.from(want.mlp[0])
      );
      el.remove();
    } finally {
      inference.traceText = original;
    }
  });

  it('leaves no tensors behind after many texts', async () => {
    const el = await mount({text: 'warm up'});
    const before = tf.memory().numTensors;
    for (const text of ['a', 'ab', 'abc', 'To be', 'or not']) {
      el.setAttribute('text', text);
      await el.updateComplete;
    }
    await el.traceComplete;
    expect(tf.memory().numTensors).to.equal(before);
    el.remove();
  });

  it('traces nothing while removed, and draws once put back', async () => {
    const m = await model();
    const inference = m.inference;
    const original = inference.traceText;
    const traced: string[] = [];
    inference.traceText = function (this: typeof inference, text) {
      traced.push(text);
      return original.call(this, text);
    };
    try {
      const el = await mount({text: 'kept'});
      el.remove();
      el.setAttribute('text', 'changed while away');
      await el.updateComplete;
      expect(traced).to.deep.equal(['kept']);
      document.body.append(el);
      await el.traceComplete;
      expect(traced).to.deep.equal(['kept', 'changed while away']);
      expect(el.toJSON().text).to.equal('changed while away');
      el.remove();
    } finally {
      inference.traceText = original;
    }
  });

  it('shows a note, not a heatmap, for empty text', async () => {
    const el = await mount({text: ''});
    expect(shadow(el).querySelector('canvas')).to.equal(null);
    expect(shadow(el).querySelector('[part~="empty"]')).to.not.equal(null);
    expect(el.activations.length).to.equal(0);
    el.remove();
  });

  it('sees the last 128 characters, numbering the whole text', async () => {
    const text = 'abcdefghij'.repeat(20); // 200 characters
    const el = await mount({text, position: '150'});
    const json = el.toJSON();
    expect(json.offset).to.equal(72);
    expect(json.activations).to.have.length(128);
    expect(json.selected.position).to.equal(150);
    el.remove();
  });
});

describe('<peek-ffn> bad attribute values', () => {
  let warn: typeof console.warn;
  let warnings: string[];
  beforeEach(() => {
    warn = console.warn;
    warnings = [];
    console.warn = (msg: string) => warnings.push(String(msg));
  });
  afterEach(() => {
    console.warn = warn;
  });

  const cases: [Record<string, string>, Record<string, number>][] = [
    [{layer: '7'}, {layer: 3}],
    [{layer: '-2'}, {layer: 0}],
    [{layer: 'two'}, {layer: 0}],
    [{neuron: '9999'}, {neuron: 511}],
    [{neuron: 'NaN'}, {neuron: -1}],
    [{neuron: '-40'}, {neuron: -1}],
    [{position: '1e9'}, {position: 11}],
    [{position: 'last'}, {position: 11}],
    [{top: '1000'}, {bars: 64}],
    [{top: '0'}, {bars: 1}],
    [{top: 'Infinity'}, {bars: 10}],
  ];
  for (const [attrs, want] of cases) {
    it(`clamps ${JSON.stringify(attrs)} with a warning, no NaN`, async () => {
      const el = await mount({text: 'To be, or no', ...attrs});
      const json = el.toJSON();
      if ('layer' in want) expect(json.layer).to.equal(want.layer);
      if ('neuron' in want) expect(json.selected.neuron).to.equal(want.neuron);
      if ('position' in want) {
        expect(json.selected.position).to.equal(want.position);
      }
      if ('bars' in want) {
        const bars = shadow(el).querySelectorAll('[part~="bar"]');
        expect(bars).to.have.length(want.bars);
      }
      const html = shadow(el).innerHTML;
      expect(html).to.not.match(/NaN|undefined|Infinity/);
      expect(shadow(el).querySelector('canvas')).to.not.equal(null);
      expect(warnings.some((w) => w.startsWith('<peek-ffn>:'))).to.equal(
        true
      );
      el.remove();
    });
  }
});

describe('<peek-ffn> properties', () => {
  const warnings = captureWarnings();

  it('read back the values in effect', async () => {
    const {nLayer, mlpHidden: M} = (await model()).data.config;
    const text = 'To be, or no';
    const last = text.length - 1;
    const el = await mount({
      text,
      layer: '9',
      neuron: '9999',
      position: '1e9',
      top: '0',
      order: 'Mean',
    });
    expect([el.layer, el.neuron, el.position, el.top, el.order]).to.deep.equal(
      [nLayer - 1, M - 1, last, 1, 'mean']
    );
    const json = el.toJSON();
    expect(json.layer).to.equal(nLayer - 1);
    expect(json.selected).to.include({neuron: M - 1, position: last});
    expect(shadow(el).querySelectorAll('[part~="bar"]')).to.have.length(1);
    expect(warnings.map((w) => w[0])).to.have.members([
      `<peek-ffn>: layer="9" is outside 0..${nLayer - 1}; ` +
        `using ${nLayer - 1}.`,
      `<peek-ffn>: neuron="9999" is outside -1..${M - 1}; using ${M - 1}.`,
      `<peek-ffn>: position="1e9" is outside -1..${last}; using ${last}.`,
      '<peek-ffn>: top="0" is outside 1..64; using 1.',
    ]);
    expect(warnings.every((w) => w[1] === el)).to.equal(true);
    el.remove();
  });

  it('gives a value set as a property, checked the same way', async () => {
    const el = await mount({text: 'To be, or no'});
    el.layer = 2;
    el.neuron = '17';
    el.top = 3.2;
    el.order = 'random';
    expect([el.layer, el.neuron, el.top, el.order]).to.deep.equal([
      2,
      17,
      3,
      'index',
    ]);
    await el.traceComplete;
    expect(el.toJSON().layer).to.equal(2);
    expect(shadow(el).querySelectorAll('[part~="bar"]')).to.have.length(3);
    expect(warnings.map((w) => w[0])).to.deep.equal([
      '<peek-ffn>: top="3.2" rounded to 3.',
      '<peek-ffn>: order="random" is not one of index, mean; using index.',
    ]);
    el.remove();
  });

  it('keeps a position as set until the text is traced', async () => {
    const el = document.createElement('peek-ffn');
    el.setAttribute('text', 'To be');
    el.setAttribute('position', '40');
    expect(el.position).to.equal(40);
    document.body.append(el);
    await el.traceComplete;
    expect(el.position).to.equal(4);
    expect(el.toJSON().selected.position).to.equal(4);
    expect(warnings.map((w) => w[0])).to.deep.equal([
      '<peek-ffn>: position="40" is outside -1..4; using 4.',
    ]);
    el.remove();
  });

  it('reads -1 (the last) as -1, selecting the last', async () => {
    const el = await mount({text: 'To be', position: '-1'});
    expect(el.position).to.equal(-1);
    expect(el.toJSON().selected.position).to.equal(4);
    expect(warnings).to.have.length(0);
    el.remove();
  });
});

describe('<peek-ffn> export', () => {
  it('toPNG() gives a PNG of the heatmap', async () => {
    const el = await mount({text: 'Export me.'});
    const blob = await el.toPNG();
    expect(blob.type).to.equal('image/png');
    const bytes = new Uint8Array(await blob.slice(0, 4).arrayBuffer());
    expect(Array.from(bytes)).to.deep.equal([0x89, 0x50, 0x4e, 0x47]);
    el.remove();
  });

  it('toJSON() carries the text, layer and activations [T][512]', async () => {
    const el = await mount({text: 'Export me.', layer: '2', neuron: '9'});
    const json = JSON.parse(JSON.stringify(el));
    expect(json.text).to.equal('Export me.');
    expect(json.layer).to.equal(2);
    expect(json.activations).to.have.length(10);
    const flat = json.activations.flat();
    const acts = el.activations;
    expect(flat).to.have.length(acts.length);
    flat.forEach((v: number, i: number) => expect(v).to.equal(acts[i]));
    expect(json.dla.values).to.have.length((await model()).data.vocab.length);
    expect(json.dla.up.length).to.be.at.most(8);
    el.remove();
  });
});
