import {expect} from 'chai';
import {color, interpolateViridis} from 'd3';
import {model, mount, shadow} from './setup.js';

const TEXT = 'ROMEO:\nBut soft, what light through yonder window breaks?';

describe('<peek-ffn> activations', () => {
  it('shows exactly the MLP activations of an independent trace', async () => {
    const el = await mount({text: TEXT, layer: '2'});
    const m = await model();
    const trace = await m.inference.traceText(TEXT);
    const want = trace.mlp[2];
    const got = el.activations;
    expect(got.length).to.equal(trace.T * 512);
    let worst = 0;
    for (let i = 0; i < want.length; i++) {
      worst = Math.max(worst, Math.abs(got[i] - want[i]));
    }
    expect(worst).to.be.below(1e-6);
    el.remove();
  });

  it('paints the largest cell brighter than a zero cell', async () => {
    const el = await mount({text: TEXT, layer: '1'});
    const acts = el.activations;
    let max = 0;
    let zero = -1;
    for (let i = 0; i < acts.length; i++) {
      if (acts[i] > acts[max]) max = i;
      if (zero < 0 && acts[i] === 0) zero = i;
    }
    expect(zero, 'a ReLU layer has zeros').to.be.at.least(0);
    const canvas = shadow(el).querySelector('canvas')!;
    const ctx = canvas.getContext('2d')!;
    const dpr = canvas.width / canvas.getBoundingClientRect().width;
    const pixel = (i: number) => {
      const r = el.cellRect(Math.floor(i / 512), i % 512)!;
      const x = Math.floor((r.x + r.width / 2) * dpr);
      const y = Math.floor((r.y + r.height / 2) * dpr);
      return Array.from(ctx.getImageData(x, y, 1, 1).data);
    };
    // The documented scale: viridis from 0 to the layer's largest value.
    const rgb = (x: number) => {
      const c = color(interpolateViridis(x))!.rgb();
      return [c.r, c.g, c.b];
    };
    const close = (a: number[], b: number[]) =>
      b.every((v, k) => Math.abs(v - a[k]) <= 3) && a[3] === 255;
    expect(close(pixel(zero), rgb(0)), `zero: ${pixel(zero)}`).to.equal(true);
    expect(close(pixel(max), rgb(1)), `max: ${pixel(max)}`).to.equal(true);
    el.remove();
  });

  it('shows the new layer when layer changes', async () => {
    const el = await mount({text: TEXT, layer: '0'});
    const trace = await (await model()).inference.traceText(TEXT);
    for (const layer of [3, 1]) {
      el.setAttribute('layer', String(layer));
      await el.traceComplete;
      expect(el.toJSON().layer).to.equal(layer);
      expect(Array.from(el.activations)).to.deep.equal(
        Array.from(trace.mlp[layer])
      );
      const select = shadow(el).querySelector('select')!;
      expect(select.value).to.equal(String(layer));
    }
    el.remove();
  });

  it('sizes the canvas by devicePixelRatio for crisp output', async () => {
    const el = await mount({text: TEXT});
    const canvas = shadow(el).querySelector('canvas')!;
    const css = canvas.getBoundingClientRect();
    expect(canvas.width).to.equal(Math.round(css.width * devicePixelRatio));
    expect(canvas.height).to.equal(
      Math.round(css.height * devicePixelRatio)
    );
    el.remove();
  });
});
