/**
 * What every browser test page shares: Peek pointed at the repository's
 * model and tfjs's wasm files as web-test-runner serves them (it serves
 * the repo root). Import it before the first element connects.
 */
import {configurePeek} from '../../src/options.js';
import {loadModel, type PeekModel} from '../../src/store.js';

configurePeek({
  wasmDir: '/node_modules/@tensorflow/tfjs-backend-wasm/dist/',
  modelUrl: new URL('../../model/default/manifest.json', import.meta.url)
    .href,
});

/** The page's shared model (the one the elements use). */
export function model(): Promise<PeekModel> {
  return loadModel();
}

export const wait = (ms: number) =>
  new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Resolves once `test` holds, polling; rejects after `ms`. */
export async function until(test: () => boolean, ms = 20_000) {
  const start = performance.now();
  while (!test()) {
    if (performance.now() - start > ms) throw new Error('timed out');
    await wait(20);
  }
}
