// A reloaded model (configurePeek + reloadModel) takes the element
// through its loading panel and back: it must come back at the size it
// had, in one go. Its thumbnails used to be unsized until painted, which
// measured the heatmap far too wide for a frame and then shrank it from
// the ResizeObserver callback: "ResizeObserver loop completed with
// undelivered notifications".
import {expect} from 'chai';
import '../../components/peek-attention/define.js';
import type {PeekAttention} from '../../components/peek-attention/peek-attention.js';
import {configurePeek} from '../../src/options.js';
import {reloadModel} from '../../src/store.js';
import {model} from '../page/setup.js';

const MODEL = new URL('../../model/default/', import.meta.url).href;

describe('<peek-attention> across a model reload', () => {
  const errors: string[] = [];
  const onError = (e: ErrorEvent) => errors.push(e.message);
  before(() => window.addEventListener('error', onError));
  after(async () => {
    window.removeEventListener('error', onError);
    configurePeek({modelUrl: `${MODEL}manifest.json`});
    await reloadModel();
  });

  it('redraws at the size it had, with no resize loop', async () => {
    await model();
    const el = document.createElement('peek-attention') as PeekAttention;
    el.text = 'But soft, what light through yonder window breaks?';
    el.style.width = '800px';
    document.body.append(el);
    await el.traceComplete;
    const cell = () =>
      el.shadowRoot!.querySelector<HTMLCanvasElement>('canvas.base')!.dataset
        .cell;
    const before = cell();
    for (const path of ['checkpoints/step-100/', '', 'checkpoints/step-300/']) {
      configurePeek({modelUrl: `${MODEL}${path}manifest.json`});
      await reloadModel();
      await el.traceComplete;
      // Two frames: a loop is reported after the frame that runs it.
      for (let i = 0; i < 2; i++) {
        await new Promise((r) => requestAnimationFrame(r));
      }
      expect(cell(), path).to.equal(before);
    }
    expect(errors).to.deep.equal([]);
    el.remove();
  });
});
