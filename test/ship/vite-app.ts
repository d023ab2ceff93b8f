// The npm user's path: pack the library, install the tarball into a
// throwaway Vite app, build the app, serve it and look at it in Chromium:
// on the default backends (without fetching WebGL's chunk), on WebGL
// first (lazy-webgl.ts), and beside the script-tag bundle (two-copies.ts).
import assert from 'node:assert/strict';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import type {Browser} from 'puppeteer-core';
import {serveStatic} from '../../scripts/static-server.mjs';
import {watchPage} from './browser.js';
import {ROOT, sh} from './build.js';
import {assertNoWebglFetched, webglFirstScenario} from './lazy-webgl.js';
import {twoCopiesScenario} from './two-copies.js';
import {
  assertHeatmap,
  assertReady,
  injectHelpers,
  inspect,
  stepSampler,
  waitForElements,
} from './page-checks.js';

const INDEX_HTML = `<!doctype html>
<html lang="en">
  <head><meta charset="utf-8" /><title>Peek in a Vite app</title></head>
  <body>
    <peek-sampler id="gen" prompt="JULIET:" length="50" seed="3"></peek-sampler>
    <peek-attention for="gen" layer="1" head="2"></peek-attention>
    <peek-ffn for="gen"></peek-ffn>
    <peek-embedding for="gen"></peek-embedding>
    <script type="module" src="/src/main.ts"></script>
  </body>
</html>
`;

// As the README tells an npm user: configure first (its own module, so it
// runs before the elements register), then register the elements.
const SETUP_TS = `import {configurePeek} from 'peek-gpt';

// public/peek/ holds the model and tfjs's .wasm files (copied from
// node_modules/peek-gpt/dist/); resolve against the page so the app
// also works under a sub-path.
configurePeek({
  modelUrl: new URL('peek/model/default/manifest.json', document.baseURI).href,
  wasmDir: new URL('peek/wasm/', document.baseURI).href,
});

// Not in the README's version: the test tries other backend orders.
const backends = new URLSearchParams(location.search).get('backends');
if (backends) configurePeek({backends: backends.split(',')});
`;

const MAIN_TS = `import './peek-setup';
import 'peek-gpt/define';
import {modelEvents, type ForwardTrace, type PeekSampler} from 'peek-gpt';

// Types come with the package: the tag map knows the elements.
const sampler: PeekSampler | null = document.querySelector('peek-sampler');
const first: ForwardTrace | undefined = document.querySelector(
  'peek-attention'
)?.trace;
modelEvents.addEventListener('status', () => undefined);
console.log('peek app ready', Boolean(sampler), first === undefined);
`;

const TSCONFIG = {
  compilerOptions: {
    target: 'ES2022',
    module: 'ESNext',
    moduleResolution: 'bundler',
    lib: ['DOM', 'DOM.Iterable', 'ES2022'],
    strict: true,
    noEmit: true,
    // As an app with TypeScript's defaults: Peek's .d.ts files are checked
    // too, so a type they import (d3's) must come with the package.
    skipLibCheck: false,
    types: [],
  },
  include: ['src'],
};

/** Logs how long each stage took, with PEEK_SHIP_VERBOSE=1. */
function stopwatch() {
  let last = Date.now();
  return (stage: string) => {
    const now = Date.now();
    if (process.env.PEEK_SHIP_VERBOSE) {
      console.log(`vite app: ${stage} ${((now - last) / 1000).toFixed(1)} s`);
    }
    last = now;
  };
}

export async function viteAppScenario(browser: Browser): Promise<void> {
  const lap = stopwatch();
  const work = mkdtempSync(join(tmpdir(), 'peek-vite-'));
  try {
    // prepack would build again; the suite has just built.
    sh('npm', ['pack', '--ignore-scripts', '--pack-destination', work]);
    const tarball = readdirSync(work).find((f) => f.endsWith('.tgz'));
    assert.ok(tarball, 'npm pack wrote a tarball');
    lap('npm pack');

    const app = join(work, 'app');
    mkdirSync(join(app, 'src'), {recursive: true});
    writeFileSync(
      join(app, 'package.json'),
      JSON.stringify({
        name: 'peek-vite-app',
        private: true,
        type: 'module',
        dependencies: {'peek-gpt': `file:../${tarball}`},
      })
    );
    writeFileSync(join(app, 'index.html'), INDEX_HTML);
    writeFileSync(join(app, 'src/peek-setup.ts'), SETUP_TS);
    writeFileSync(join(app, 'src/main.ts'), MAIN_TS);
    writeFileSync(join(app, 'tsconfig.json'), JSON.stringify(TSCONFIG));

    // The tarball and its dependencies (lit, tfjs, d3), from the npm cache
    // where it has them. Vite and TypeScript are this repo's own.
    sh(
      'npm',
      [
        'install',
        '--prefer-offline',
        '--no-audit',
        '--no-fund',
        '--ignore-scripts',
      ],
      app
    );
    lap('npm install');
    const pkg = join(app, 'node_modules/peek-gpt/dist');
    cpSync(join(pkg, 'model/default'), join(app, 'public/peek/model/default'), {
      recursive: true,
    });
    cpSync(join(pkg, 'wasm'), join(app, 'public/peek/wasm'), {recursive: true});

    const tsc = `${ROOT}node_modules/typescript/bin/tsc`;
    sh(process.execPath, [tsc, '-p', '.'], app);
    lap('tsc');
    const vite = sh(
      process.execPath,
      [`${ROOT}node_modules/vite/bin/vite.js`, 'build'],
      app
    );
    if (process.env.PEEK_SHIP_VERBOSE) console.log(vite);
    lap('vite build');

    // The script-tag build too, for the page with both copies.
    const appDist = join(app, 'dist');
    const server = await serveStatic([
      ['/cdn/', `${ROOT}dist`],
      ['/', appDist],
    ]);
    try {
      const page = await browser.newPage();
      const problems = watchPage(page);
      await page.goto(`${server.origin}/`);
      await injectHelpers(page);
      assert.deepEqual(await waitForElements(page), [
        'ready',
        'ready',
        'ready',
        'ready',
      ]);
      const {fullText} = await stepSampler(page, 'gen', 6);
      assert.equal(fullText.length, 'JULIET:'.length + 6);
      for (const tag of ['peek-attention', 'peek-ffn']) {
        const r = await inspect(page, tag);
        assertReady(r);
        assertHeatmap(r);
      }
      const embedding = await inspect(page, 'peek-embedding');
      assertReady(embedding);
      assert.ok(embedding.svgGlyphs >= 65, 'embedding plots the vocabulary');
      assert.ok(
        server.requests.some(
          (r) => r.path === '/peek/model/default/weights.bin'
        ),
        'the model came from public/peek/'
      );
      assert.deepEqual(problems.errors, []);
      assert.deepEqual(problems.failedRequests, []);
      await page.close();
      const fetched = server.requests.map((r) => r.path);
      assertNoWebglFetched(appDist, fetched);
      lap('in Chromium');
      const {origin, requests} = server;
      await webglFirstScenario(browser, origin, appDist, requests);
      lap('asking for WebGL first');
      await twoCopiesScenario(
        browser,
        server.origin,
        appDist,
        '/cdn/peek.min.js'
      );
      lap('beside the script-tag bundle');
    } finally {
      await server.close();
    }
  } finally {
    rmSync(work, {recursive: true, force: true});
  }
}
