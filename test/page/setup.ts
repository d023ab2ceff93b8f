/**
 * What every browser test page shares: Peek pointed at the repository's
 * model and tfjs's wasm files as web-test-runner serves them (it serves
 * the repo root). Import it before the first element connects.
 */
import * as tf from '@tensorflow/tfjs-core';
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

/** Resolves once a Peek element has drawn what it was asked for. */
export function settled(el: Element): Promise<unknown> {
  const any = el as any;
  if ('traceComplete' in any) return any.traceComplete;
  if ('layoutComplete' in any) return any.layoutComplete;
  return any.updateComplete;
}

/** The tensors tfjs holds now: how many, and their bytes. */
export function tensorsNow(): {tensors: number; bytes: number} {
  const m = tf.memory();
  return {tensors: m.numTensors, bytes: m.numBytes};
}
