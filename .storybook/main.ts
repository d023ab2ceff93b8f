import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { StorybookConfig } from '@storybook/web-components-vite';
import remarkGfm from 'remark-gfm';
import type { Channel } from 'storybook/internal/channels';
import {
  REQUEST_WHATS_NEW_DATA,
  RESULT_WHATS_NEW_DATA,
} from 'storybook/internal/core-events';

const repo = (path: string) =>
  fileURLToPath(new URL(`../${path}`, import.meta.url));

// Served beside iframe.html, so stories reach them by relative URLs
// ('model/default/manifest.json', 'tfjs-wasm/') that also work when the
// built Storybook is hosted under a sub-path.
const staticDirs = [
  {
    from: repo('node_modules/@tensorflow/tfjs-backend-wasm/wasm-out'),
    to: '/tfjs-wasm',
  },
];
if (existsSync(repo('model/default'))) {
  staticDirs.push({ from: repo('model/default'), to: '/model/default' });
} else {
  console.warn('[peek] model/default/ is missing; stories cannot load it.');
}

/**
 * The dev server fetches Storybook's "what's new" post from the internet
 * each time the manager UI opens, even with disableWhatsNewNotifications.
 * Peek's tooling makes no network calls, so answer from here instead.
 */
async function offlineWhatsNew(channel: Channel) {
  channel.removeAllListeners(REQUEST_WHATS_NEW_DATA);
  channel.on(REQUEST_WHATS_NEW_DATA, () =>
    channel.emit(RESULT_WHATS_NEW_DATA, { data: { status: 'ERROR' } }),
  );
  return channel;
}

const config: StorybookConfig & {
  experimental_serverChannel?: typeof offlineWhatsNew;
} = {
  framework: { name: '@storybook/web-components-vite', options: {} },
  stories: ['../stories/**/*.mdx', '../stories/**/*.stories.ts'],
  addons: [
    {
      name: '@storybook/addon-docs',
      // GitHub-flavoured Markdown (tables) in the .mdx guides.
      options: {
        mdxPluginOptions: {
          mdxCompileOptions: { remarkPlugins: [remarkGfm] },
        },
      },
    },
  ],
  staticDirs,
  core: {
    disableTelemetry: true,
    disableProjectJson: true,
    enableCrashReports: false,
    disableWhatsNewNotifications: true,
  },
  experimental_serverChannel: offlineWhatsNew,
  async viteFinal(vite) {
    return {
      ...vite,
      optimizeDeps: {
        ...vite.optimizeDeps,
        // Pre-bundle tfjs up front: its CommonJS parts (long, seedrandom, the
        // wasm glue) need conversion, and discovering them late makes Vite
        // reload the page mid-story.
        include: [
          ...(vite.optimizeDeps?.include ?? []),
          '@tensorflow/tfjs-core',
          '@tensorflow/tfjs-backend-cpu',
          '@tensorflow/tfjs-backend-wasm',
          '@tensorflow/tfjs-backend-webgl',
          // @storybook/web-components imports this lit module; left out,
          // it loads lit-html a second time beside the pre-bundled copy
          // ("Multiple versions of Lit loaded" in every story's console).
          'lit/directive-helpers.js',
        ],
      },
    };
  },
};

export default config;
