import {PeekAttention} from './peek-attention.js';

if (!customElements.get('peek-attention')) {
  customElements.define('peek-attention', PeekAttention);
}

declare global {
  interface HTMLElementTagNameMap {
    'peek-attention': PeekAttention;
  }
}
