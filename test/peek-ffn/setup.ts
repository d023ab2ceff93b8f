import {configurePeek} from '../../src/options.js';
import {loadModel, type PeekModel} from '../../src/store.js';
import '../../components/peek-ffn/define.js';
import type {PeekFfn} from '../../components/peek-ffn/peek-ffn.js';

/**
 * Points Peek at the repository's model and tfjs's wasm files as
 * web-test-runner serves them; must run before the first element
 * connects.
 */
configurePeek({
  wasmDir: '/node_modules/@tensorflow/tfjs-backend-wasm/dist/',
  modelUrl: new URL('../../model/default/manifest.json', import.meta.url)
    .href,
});

/** The page's shared model (the one the elements use). */
export function model(): Promise<PeekModel> {
  return loadModel();
}

/** A connected <peek-ffn> with these attributes, its trace drawn. */
export async function mount(
  attrs: Record<string, string> = {}
): Promise<PeekFfn> {
  const el = document.createElement('peek-ffn');
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  el.style.width = '760px';
  document.body.append(el);
  await el.traceComplete;
  return el;
}

/** The element's shadow root, which these tests always have. */
export function shadow(el: Element): ShadowRoot {
  return el.shadowRoot!;
}
