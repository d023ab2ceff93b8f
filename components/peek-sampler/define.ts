import {tagIsFree} from '../../src/registry.js';
import {PeekSampler} from './peek-sampler.js';

if (tagIsFree('peek-sampler')) {
  customElements.define('peek-sampler', PeekSampler);
}

declare global {
  interface HTMLElementTagNameMap {
    'peek-sampler': PeekSampler;
  }
}

export {PeekSampler};
