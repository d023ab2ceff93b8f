import {expect} from 'chai';
import {sendKeys} from '@web/test-runner-commands';
import type {FfnSelectDetail} from '../../components/peek-ffn/peek-ffn.js';
import {publishHighlight, subscribeHighlight} from '../../src/linking.js';
import type {Highlight} from '../../src/linking.js';
import {mount, shadow} from './setup.js';

const TEXT = 'Now is the winter of our discontent';

function heatmap(el: Element): HTMLElement {
  return shadow(el).querySelector('[part~="heatmap"]')!;
}

describe('<peek-ffn> keyboard', () => {
  it('moves the selection with the arrow keys', async () => {
    const el = await mount({text: TEXT, position: '10', neuron: '100'});
    heatmap(el).focus();
    await sendKeys({press: 'ArrowLeft'});
    await sendKeys({press: 'ArrowDown'});
    await el.updateComplete;
    const s = el.toJSON().selected;
    expect(s.position).to.equal(9);
    expect(s.neuron).to.equal(101);
    await sendKeys({press: 'End'});
    await el.updateComplete;
    expect(el.toJSON().selected.position).to.equal(TEXT.length - 1);
    el.remove();
  });

  it('picks the most active neuron on the first vertical move', async () => {
    const el = await mount({text: TEXT, position: '4'});
    const acts = el.activations;
    const row = Array.from(acts.subarray(4 * 512, 5 * 512));
    const best = row.indexOf(Math.max(...row));
    heatmap(el).focus();
    await sendKeys({press: 'ArrowDown'});
    await el.updateComplete;
    expect(el.toJSON().selected.neuron).to.equal(best);
    el.remove();
  });

  it('fires peek-select on Enter', async () => {
    const el = await mount({text: TEXT, position: '7', neuron: '3'});
    const got: FfnSelectDetail[] = [];
    el.addEventListener('peek-select', (e) =>
      got.push((e as CustomEvent<FfnSelectDetail>).detail)
    );
    heatmap(el).focus();
    await sendKeys({press: 'Enter'});
    expect(got).to.deep.equal([
      {position: 7, char: TEXT[7], layer: 0, neuron: 3},
    ]);
    el.remove();
  });

  it('is focusable, with a text alternative of the top neurons', async () => {
    const el = await mount({text: TEXT, layer: '2', position: '12'});
    const box = heatmap(el);
    expect(box.tabIndex).to.equal(0);
    const label = box.getAttribute('aria-label')!;
    const first = shadow(el).querySelector('[part~="bar"]')!;
    const n = first.getAttribute('data-neuron');
    const v = first.querySelector('.value')!.textContent;
    expect(label).to.contain(`Layer 2, position 12 "${TEXT[12]}"`);
    expect(label).to.contain(`most active neurons ${n} (${v})`);
    el.remove();
  });
});

describe('<peek-ffn> pointer and linking', () => {
  it('selects a clicked cell and tells the group', async () => {
    const el = await mount({text: TEXT, id: 'ffn-a'});
    const seen: Highlight[] = [];
    const off = subscribeHighlight(() => 'ffn-a', document, (h) =>
      seen.push(h)
    );
    const got: FfnSelectDetail[] = [];
    el.addEventListener('peek-select', (e) =>
      got.push((e as CustomEvent<FfnSelectDetail>).detail)
    );
    const canvas = shadow(el).querySelector('canvas')!;
    const r = el.cellRect(5, 200)!;
    const box = canvas.getBoundingClientRect();
    canvas.dispatchEvent(
      new MouseEvent('click', {
        bubbles: true,
        clientX: box.left + r.x + r.width / 2,
        clientY: box.top + r.y + r.height / 2,
      })
    );
    await el.updateComplete;
    expect(got).to.deep.equal([
      {position: 5, char: TEXT[5], layer: 0, neuron: 200},
    ]);
    expect(seen.at(-1)).to.include({position: 5, selected: true});
    off();
    el.remove();
  });

  it('tells the group which position the pointer is over', async () => {
    const el = await mount({text: TEXT, id: 'ffn-c'});
    const seen: Highlight[] = [];
    const off = subscribeHighlight(() => 'ffn-c', document, (h) =>
      seen.push(h)
    );
    const canvas = shadow(el).querySelector('canvas')!;
    const box = canvas.getBoundingClientRect();
    const r = el.cellRect(9, 0)!;
    const at = {clientX: box.left + r.x + 1, clientY: box.top + r.y + 0.5};
    canvas.dispatchEvent(new PointerEvent('pointermove', at));
    canvas.dispatchEvent(new PointerEvent('pointerleave'));
    expect(seen.map((h) => [h.position, h.selected])).to.deep.equal([
      [9, false],
      [-1, false],
    ]);
    off();
    el.remove();
  });

  it("follows a selection published by the group's other views", async () => {
    const el = await mount({text: TEXT, id: 'ffn-b'});
    publishHighlight({
      group: 'ffn-b',
      position: 3,
      source: document,
      selected: true,
    });
    await el.updateComplete;
    expect(el.toJSON().selected.position).to.equal(3);
    // A hover only marks the position in the text.
    publishHighlight({
      group: 'ffn-b',
      position: 8,
      source: document,
      selected: false,
    });
    el.setAttribute('neuron', '1');
    await el.updateComplete;
    expect(el.toJSON().selected.position).to.equal(3);
    const linked = shadow(el).querySelector('.ch.linked');
    expect(linked?.textContent).to.equal(TEXT[8]);
    el.remove();
  });
});

describe('<peek-ffn for>', () => {
  it("shows a source's text and each step's context", async () => {
    const source = document.createElement('div');
    source.id = 'fake-sampler';
    Object.defineProperty(source, 'currentText', {value: 'ROMEO:'});
    document.body.append(source);
    const el = await mount({for: 'fake-sampler'});
    expect(el.toJSON().text).to.equal('ROMEO:');
    source.dispatchEvent(
      new CustomEvent('peek-step', {
        detail: {context: 'ROMEO:\nO'},
        bubbles: true,
        composed: true,
      })
    );
    await el.traceComplete;
    expect(el.toJSON().text).to.equal('ROMEO:\nO');
    expect(el.activations.length).to.equal(8 * 512);
    el.remove();
    source.remove();
  });
});
