import '../page/setup.js';
import '../../components/peek-ffn/define.js';
import type {PeekFfn} from '../../components/peek-ffn/peek-ffn.js';

export {model} from '../page/setup.js';

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
