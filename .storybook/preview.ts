/// <reference types="vite/client" />
import {
  setCustomElementsManifest,
  type Preview,
} from '@storybook/web-components-vite';
import { configurePeek } from '../src/options.js';
import { useHomeModel } from '../stories/checkpoints/model-switch.js';

// main.ts serves the model and tfjs's .wasm files beside iframe.html.
// Resolving against the iframe's own URL keeps them working when the
// built Storybook is hosted under a sub-path.
configurePeek({
  modelUrl: new URL('model/default/manifest.json', document.baseURI).href,
  wasmDir: new URL('tfjs-wasm/', document.baseURI).href,
});

// The docs pages' attribute, property, event, CSS and part tables come from
// custom-elements.json, generated from the elements' JSDoc by `npm run
// manifest` (run before `npm start` and `npm run build-storybook`). A glob,
// not an import, so a fresh checkout still type-checks without it.
const manifests = import.meta.glob<unknown>('../custom-elements.json', {
  eager: true,
  import: 'default',
});
const manifest = Object.values(manifests)[0];
if (manifest) setCustomElementsManifest(manifest);

const preview: Preview = {
  parameters: {
    controls: {
      matchers: { color: /(background|color)$/i },
    },
    options: {
      storySort: {
        order: [
          'Introduction',
          'Guides',
          [
            'Blog post',
            'Theming',
            'Events and export',
            'How the model learned',
            'Checkpoints',
          ],
          'Elements',
        ],
      },
    },
  },
  tags: ['autodocs'],
  // Every story shares one page and so one model. Guides › Checkpoints
  // switches it (and puts it back when it unmounts); before any other
  // story renders, make sure the default is back.
  beforeEach: ({ parameters }) => {
    if (!parameters.peekOwnModel) void useHomeModel();
  },
};

export default preview;
