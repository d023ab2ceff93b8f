import {PeekEmbedding} from './peek-embedding.js';

if (!customElements.get('peek-embedding')) {
  customElements.define('peek-embedding', PeekEmbedding);
}

declare global {
  interface HTMLElementTagNameMap {
    'peek-embedding': PeekEmbedding;
  }
}
