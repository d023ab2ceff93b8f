import {tagIsFree} from '../../src/registry.js';
import {PeekAttention} from './peek-attention.js';

if (tagIsFree('peek-attention')) {
  customElements.define('peek-attention', PeekAttention);
}

declare global {
  interface HTMLElementTagNameMap {
    'peek-attention': PeekAttention;
  }
}
