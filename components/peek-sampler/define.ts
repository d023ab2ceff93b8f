import {PeekSampler} from './peek-sampler.js';

if (!customElements.get('peek-sampler')) {
  customElements.define('peek-sampler', PeekSampler);
}

declare global {
  interface HTMLElementTagNameMap {
    'peek-sampler': PeekSampler;
  }
}

export {PeekSampler};
