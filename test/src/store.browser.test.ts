// reloadModel() (src/store.ts) swaps the page's one model: the one it
// replaces is freed once the new one is ready, also when a failed load
// came between them.
import {expect} from 'chai';
import {configurePeek} from '../../src/options.js';
import {modelStatus, reloadModel} from '../../src/store.js';
import {model, tensorsNow} from '../page/setup.js';

const MODEL = new URL('../../model/default/', import.meta.url).href;
const at = (path: string) => configurePeek({modelUrl: MODEL + path});

describe('reloadModel()', () => {
  let loaded: {tensors: number; bytes: number};
  before(async () => {
    await model();
    loaded = tensorsNow();
  });
  after(async () => {
    at('manifest.json');
    await reloadModel();
  });

  it('frees the model it replaces', async () => {
    const before = await model();
    at('checkpoints/step-100/manifest.json');
    const next = await reloadModel();
    expect(next).to.not.equal(before);
    expect(tensorsNow()).to.deep.equal(loaded);
    await expectDisposed(before);
  });

  it('frees the last good model after a failed reload', async () => {
    const good = await model();
    at('checkpoints/no-such-step/manifest.json');
    let failed = false;
    await reloadModel().catch(() => (failed = true));
    expect(failed).to.equal(true);
    expect(modelStatus().state).to.equal('error');
    at('manifest.json');
    await reloadModel();
    expect(tensorsNow()).to.deep.equal(loaded);
    await expectDisposed(good);
  });
});

async function expectDisposed(m: Awaited<ReturnType<typeof model>>) {
  let message = '';
  await m.inference.traceText('a').catch((e) => (message = e.message));
  expect(message).to.match(/after dispose/);
}
