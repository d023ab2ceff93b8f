import {expect} from 'chai';
import {sampler, stepN} from './helpers.js';

afterEach(() => {
  document.querySelectorAll('peek-sampler').forEach((el) => el.remove());
});

describe('<peek-sampler> export', () => {
  it('toJSON holds the shown steps with their real candidates', async () => {
    const el = await sampler({seed: '7', 'top-k': '5'});
    await stepN(el, 3);
    const data = el.toJSON();
    expect(data.prompt).to.equal('ROMEO:');
    expect(data.seed).to.equal(7);
    expect(data.text).to.equal(el.fullText);
    expect(data.steps.map((s) => s.index)).to.deep.equal([0, 1, 2]);
    const last = data.steps[2];
    expect(last.context + last.chosen).to.equal(el.fullText);
    expect(last.settings.topK).to.equal(5);
    // top-k 5: exactly five candidates keep mass, and it sums to 1.
    const kept = last.top.filter((c) => c.filtered > 0);
    expect(kept).to.have.length(5);
    const mass = kept.reduce((a, c) => a + c.filtered, 0);
    expect(mass).to.be.closeTo(1, 1e-5);
    expect(kept.map((c) => c.char)).to.include(last.chosen);
    // Survives a JSON round trip unchanged.
    expect(JSON.parse(JSON.stringify(data))).to.deep.equal(data);
  });

  it('toPNG draws the step as a real PNG', async () => {
    const el = await sampler({seed: '7'});
    await stepN(el, 2);
    const blob = await el.toPNG(1);
    expect(blob.type).to.equal('image/png');
    const img = await createImageBitmap(blob);
    expect([img.width, img.height]).to.deep.equal([640, 380]);
    const c = new OffscreenCanvas(img.width, img.height);
    const g = c.getContext('2d')!;
    g.drawImage(img, 0, 0);
    const px = g.getImageData(0, 0, img.width, img.height).data;
    const colours = new Set<number>();
    for (let i = 0; i < px.length; i += 4 * 97) {
      colours.add((px[i] << 16) | (px[i + 1] << 8) | px[i + 2]);
    }
    expect(colours.size).to.be.greaterThan(3);
  });
});
