/**
 * The script-tag entry (`dist/peek.min.js`): one self-contained ES
 * module. It registers every element and exports the same API as the npm
 * entry, so a page can also `import {configurePeek} from '.../peek.min.js'`.
 *
 * The model and tfjs's `.wasm` files sit beside the bundle (the build
 * rewrites src/paths.ts to point there), so the bundle works from any
 * page path or CDN folder.
 */
import {configurePeek} from './options.js';
import {PEEK_ELEMENTS, warnIfTaken} from './elements.js';
import {tagIsFree} from './registry.js';

// This bundle carries the wasm and cpu backends only (see rollup.config):
// WebGL's backend would add 75 KB gzipped, and wasm is faster for a model
// this small.
configurePeek({backends: ['wasm', 'cpu']});

export * from './index.js';

// Registering once the importing module has run lets a page write
//   import {configurePeek} from './peek.min.js';
//   configurePeek({modelUrl: ...});
// and have the elements already in its HTML load that model: an element
// starts loading the model as soon as it is defined and connected.
queueMicrotask(() => {
  for (const [tag, element] of Object.entries(PEEK_ELEMENTS)) {
    if (tagIsFree(tag)) customElements.define(tag, element);
  }
  warnIfTaken();
});
