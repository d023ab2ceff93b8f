import {PeekAttention} from '../components/peek-attention/peek-attention.js';
import {PeekEmbedding} from '../components/peek-embedding/peek-embedding.js';
import {PeekFfn} from '../components/peek-ffn/peek-ffn.js';
import {PeekSampler} from '../components/peek-sampler/peek-sampler.js';
import {hasRegistry} from './registry.js';

/** Every Peek element, by its usual tag. */
export const PEEK_ELEMENTS: Readonly<Record<string, CustomElementConstructor>> =
  {
    'peek-sampler': PeekSampler,
    'peek-attention': PeekAttention,
    'peek-ffn': PeekFfn,
    'peek-embedding': PeekEmbedding,
  };

let warned = false;

/**
 * Warns once per page if a tag is held by another class: a second copy of
 * Peek (two bundles, or a bundle and an npm build) registered it first,
 * and that copy's elements are the ones on the page.
 */
export function warnIfTaken(): void {
  if (!hasRegistry()) return;
  const taken = Object.keys(PEEK_ELEMENTS).filter(
    (tag) => customElements.get(tag) !== PEEK_ELEMENTS[tag]
  );
  if (warned || taken.length === 0) return;
  warned = true;
  console.warn(
    `Peek: ${taken.map((t) => `<${t}>`).join(', ')} ` +
      'were already defined by another copy of Peek, which stays in ' +
      'charge. Load Peek once per page.'
  );
}
