import {tagIsFree} from '../../src/registry.js';
import {PeekFfn} from './peek-ffn.js';

export {PeekFfn};

if (tagIsFree('peek-ffn')) {
  customElements.define('peek-ffn', PeekFfn);
}

declare global {
  interface HTMLElementTagNameMap {
    'peek-ffn': PeekFfn;
  }
}
