// Browser tests: test/**/*.browser.test.ts in Debian's Chromium.
// Node tests (*.node.test.ts) are run by scripts/test.mjs, not here.
import { fileURLToPath } from 'node:url';
import { defaultReporter } from '@web/test-runner';
import { chromeLauncher } from '@web/test-runner-chrome';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { fromRollup } from '@web/dev-server-rollup';
import rollupCommonjs from '@rollup/plugin-commonjs';
import { summaryReporter } from './scripts/wtr-summary-reporter.mjs';
import { CHROMIUM, CHROMIUM_FLAGS } from './scripts/chromium.mjs';

const commonjs = fromRollup(rollupCommonjs);

/**
 * @web/dev-server-core listens on every interface when hostname is
 * 'localhost' or '127.0.0.1' (it passes host: undefined on purpose, see
 * DevServer.start). Tests need loopback only, so re-bind before any browser
 * has connected.
 */
function loopbackOnly() {
  return {
    name: 'peek-loopback-only',
    async serverStart({ server, config }) {
      if (!server) return;
      await new Promise((resolve) => server.close(resolve));
      await new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen({ port: config.port, host: '127.0.0.1' }, resolve);
      });
    },
  };
}

export default {
  // Loopback only (see loopbackOnly); the port is the first free from 8000.
  hostname: '127.0.0.1',
  // Serve the repo root so tests can fetch model/default/* by a URL relative
  // to the test module, and tfjs's .wasm files from /node_modules/.
  rootDir: fileURLToPath(new URL('.', import.meta.url)),
  files: ['test/**/*.browser.test.ts'],
  nodeResolve: { browser: true, exportConditions: ['browser', 'development'] },
  concurrency: 1,
  concurrentBrowsers: 1,
  browserStartTimeout: 120_000,
  testsStartTimeout: 120_000,
  testsFinishTimeout: 5 * 60_000,
  testFramework: { config: { timeout: 60_000 } },
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath: CHROMIUM,
        headless: true,
        args: CHROMIUM_FLAGS,
      },
    }),
  ],
  plugins: [
    loopbackOnly(),
    esbuildPlugin({ ts: true, target: 'es2022', tsconfig: 'tsconfig.json' }),
    // long, seedrandom and the wasm backend's emscripten glue are CommonJS.
    // strictRequires: false keeps require() hoisted, as tfjs expects.
    commonjs({
      strictRequires: false,
      include: ['**/node_modules/**'],
    }),
  ],
  reporters: [defaultReporter(), summaryReporter()],
};
