/**
 * fetchModel() in Chromium, on model files made in the test and served
 * as blob: URLs: a manifest and a weights file from two different saves
 * (what a reader can catch while the trainer replaces them) are refused.
 */
import {expect} from 'chai';
import type {GPTConfig} from '../../model/config.js';
import {
  encodeModel,
  ModelFormatError,
  type ModelData,
} from '../../model/format.js';
import {initWeights} from '../../model/init.js';
import {PeekError} from '../../src/errors.js';
import {fetchModel} from '../../src/loader.js';

const CONFIG: GPTConfig = {
  vocabSize: 4,
  nEmbd: 8,
  nLayer: 1,
  nHead: 2,
  blockSize: 6,
  mlpHidden: 12,
  lnEps: 1e-5,
};

/** A save of a tiny model; `nudge` changes one weight. */
function save(nudge = 0): {manifest: object; bin: Uint8Array} {
  const weights = initWeights(CONFIG, 3);
  weights.get('h.0.mlp.w1')![2] += nudge;
  const vocab = ['\n', 'a', 'b', 'c'];
  const model: ModelData = {config: CONFIG, vocab, weights};
  return encodeModel(model, 'float16');
}

/** Serves a manifest and a weights file; returns the manifest's URL. */
function serve(manifest: object, bin: Uint8Array): string {
  const weights = URL.createObjectURL(new Blob([bin.slice().buffer]));
  const json = JSON.stringify({...manifest, weights});
  return URL.createObjectURL(new Blob([json]));
}

describe('fetchModel()', () => {
  describe('given a manifest and the weights it was saved with', () => {
    it('loads the model', async () => {
      const {manifest, bin} = save();
      const model = await fetchModel(serve(manifest, bin));
      expect(model.config).to.deep.equal(CONFIG);
    });
  });

  describe('given a manifest and the weights of a later save', () => {
    let error: unknown;
    before(async () => {
      const {manifest} = save();
      const {bin} = save(0.25);
      error = await fetchModel(serve(manifest, bin)).then(
        () => undefined,
        (e) => e
      );
    });

    it('fails with a PeekError of type "format"', () => {
      expect(error).to.be.instanceOf(PeekError);
      expect((error as PeekError).type).to.equal('format');
    });

    it('says the two files come from different saves', () => {
      expect((error as Error).message).to.match(
        /Weights file does not match its manifest .*different saves/
      );
    });

    it('keeps the ModelFormatError as the cause', () => {
      expect((error as PeekError).cause).to.be.instanceOf(ModelFormatError);
    });
  });

  describe('given a URL where an app serves no model', () => {
    const failure = (url: string) =>
      fetchModel(url).then(
        () => expect.fail('loaded'),
        (e) => e as PeekError
      );

    it('names the fix when the manifest is a 404', async () => {
      const missing = new URL('no-model/manifest.json', location.href);
      const e = await failure(missing.href);
      expect(e.type).to.equal('network');
      expect(e.message).to.match(/HTTP 404/);
      expect(e.message).to.contain('configurePeek({modelUrl})');
    });

    it('says an HTML page came back, and names the fix', async () => {
      // What Vite's dev server sends for a path it does not have.
      const page = '<!doctype html><html><body>app</body></html>';
      const url = URL.createObjectURL(new Blob([page], {type: 'text/html'}));
      const e = await failure(url);
      expect(e.type).to.equal('format');
      expect(e.message).to.contain('the server sent an HTML page');
      expect(e.message).to.contain('configurePeek({modelUrl})');
    });

    it('keeps the plain message for JSON that is merely broken', async () => {
      const url = URL.createObjectURL(new Blob(['{"weights": ']));
      const e = await failure(url);
      expect(e.message).to.match(/is not valid JSON\.$/);
    });
  });
});
