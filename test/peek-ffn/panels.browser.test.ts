import {expect} from 'chai';
import {glyph} from '../../src/glyphs.js';
import {model, mount, shadow} from './setup.js';

const TEXT = 'KING HENRY:\nOnce more unto the breach, dear friends.';

/** Parses a displayed number; fails on anything but a finite number. */
function num(s: string | null | undefined): number {
  const v = Number((s ?? '').trim());
  expect(Number.isFinite(v), `"${s}" is a number`).to.equal(true);
  return v;
}

describe('<peek-ffn> most active neurons', () => {
  it('lists the largest values at the selected position', async () => {
    const position = 17;
    const el = await mount({
      text: TEXT,
      layer: '1',
      position: String(position),
      top: '12',
    });
    const trace = await (await model()).inference.traceText(TEXT);
    const row = trace.mlp[1].subarray(position * 512, (position + 1) * 512);
    const sorted = Array.from(row).sort((a, b) => b - a).slice(0, 12);
    const bars = [...shadow(el).querySelectorAll('[part~="bar"]')];
    expect(bars).to.have.length(12);
    bars.forEach((bar, i) => {
      const neuron = Number(bar.getAttribute('data-neuron'));
      const shown = num(bar.querySelector('.value')?.textContent);
      // The shown value is that neuron's value, and the i-th largest.
      expect(shown).to.be.closeTo(row[neuron], 0.0051);
      expect(shown).to.be.closeTo(sorted[i], 0.0051);
    });
    el.remove();
  });

  it('lists the last position when position is absent', async () => {
    const el = await mount({text: TEXT, layer: '3'});
    const trace = await (await model()).inference.traceText(TEXT);
    const t = trace.T - 1;
    const row = trace.mlp[3].subarray(t * 512, (t + 1) * 512);
    const best = Array.from(row).reduce((a, b) => Math.max(a, b), 0);
    const first = shadow(el).querySelector('[part~="bar"] .value');
    expect(num(first?.textContent)).to.be.closeTo(best, 0.0051);
    expect(shadow(el).querySelectorAll('[part~="bar"]')).to.have.length(10);
    el.remove();
  });
});

describe('<peek-ffn> direct logit attribution', () => {
  /**
   * dla[v] = Σ_c (w2[n,c] − mean_c w2[n,c])·lnf.g[c]·head.w[c,v], straight
   * from the file: the final LayerNorm removes the write's mean.
   */
  async function expected(layer: number, n: number) {
    const {data} = await model();
    const {nEmbd: C, vocabSize: V} = data.config;
    const w2 = data.weights.get(`h.${layer}.mlp.w2`)!;
    const g = data.weights.get('lnf.g')!;
    const head = data.weights.get('head.w')!;
    let mean = 0;
    for (let c = 0; c < C; c++) mean += w2[n * C + c] / C;
    return Array.from({length: V}, (_, v) => {
      let s = 0;
      for (let c = 0; c < C; c++) {
        s += (w2[n * C + c] - mean) * g[c] * head[c * V + v];
      }
      return {char: data.vocab[v], value: s};
    });
  }

  it('shows the 8 largest pushes up and down with their values', async () => {
    const layer = 2;
    const neuron = 77;
    const el = await mount({
      text: TEXT,
      layer: String(layer),
      neuron: String(neuron),
    });
    const all = await expected(layer, neuron);
    const up = all.filter((a) => a.value > 0);
    up.sort((a, b) => b.value - a.value);
    const down = all.filter((a) => a.value < 0);
    down.sort((a, b) => a.value - b.value);
    for (const [part, want] of [
      ['dla-up', up.slice(0, 8)],
      ['dla-down', down.slice(0, 8)],
    ] as const) {
      const chips = [
        ...shadow(el).querySelectorAll(`[part~="${part}"] [part~="chip"]`),
      ];
      expect(chips).to.have.length(want.length);
      chips.forEach((chip, i) => {
        expect(chip.querySelector('.char')?.textContent).to.equal(
          glyph(want[i].char)
        );
        const shown = num(chip.querySelector('.value')?.textContent);
        expect(shown).to.be.closeTo(want[i].value, 0.00051);
      });
    }
    // toJSON carries every value at full precision.
    const json = el.toJSON();
    expect(json.dla?.neuron).to.equal(neuron);
    json.dla!.values.forEach((v, i) =>
      expect(v).to.be.closeTo(all[i].value, 1e-5)
    );
    el.remove();
  });

  it('shows no attribution until a neuron is selected', async () => {
    const el = await mount({text: TEXT});
    expect(shadow(el).querySelector('[part~="dla"]')).to.equal(null);
    expect(el.toJSON().dla).to.equal(null);
    el.setAttribute('neuron', '5');
    await el.traceComplete;
    expect(shadow(el).querySelector('[part~="dla"]')).to.not.equal(null);
    el.remove();
  });

  it("colours the text by the neuron's activation", async () => {
    const el = await mount({text: TEXT, layer: '0', neuron: '3'});
    const spans = shadow(el).querySelectorAll('[part~="neuron-text"] .ch');
    expect(spans).to.have.length(Array.from(TEXT).length);
    el.remove();
  });
});
