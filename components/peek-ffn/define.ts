import {PeekFfn} from './peek-ffn.js';

export {PeekFfn};

if (!customElements.get('peek-ffn')) {
  customElements.define('peek-ffn', PeekFfn);
}

declare global {
  interface HTMLElementTagNameMap {
    'peek-ffn': PeekFfn;
  }
}
