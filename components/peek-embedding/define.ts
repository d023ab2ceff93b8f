import {tagIsFree} from '../../src/registry.js';
import {PeekEmbedding} from './peek-embedding.js';

if (tagIsFree('peek-embedding')) {
  customElements.define('peek-embedding', PeekEmbedding);
}

declare global {
  interface HTMLElementTagNameMap {
    'peek-embedding': PeekEmbedding;
  }
}
