// tfjs's WebGL backend (~75 KB gzipped) is imported only when Peek
// reaches it in `backends` (src/webgl-backend.ts). In the Vite app built
// from the packed tarball: it sits in a chunk of its own, which a page
// on the default backends (WebAssembly starts first) never fetches, and
// which a page asking for WebGL first fetches and runs on.
import assert from 'node:assert/strict';
import {readdirSync, readFileSync} from 'node:fs';
import {join} from 'node:path';
import type {Browser} from 'puppeteer-core';
import {watchPage} from './browser.js';
import {
  assertHeatmap,
  injectHelpers,
  inspect,
  stepSampler,
  waitForElements,
} from './page-checks.js';

/** A flag only tfjs-backend-webgl registers: its code carries the name. */
const WEBGL_ONLY = 'WEBGL_FORCE_F16_TEXTURES';

/** The app's emitted JS files (dist/assets/) that hold WebGL's code. */
function webglChunks(appDist: string): string[] {
  const assets = join(appDist, 'assets');
  return readdirSync(assets)
    .filter((f) => f.endsWith('.js'))
    .filter((f) => readFileSync(join(assets, f), 'utf8').includes(WEBGL_ONLY))
    .map((f) => `/assets/${f}`);
}

/**
 * Checks the JS fetched by a page of the app on the default backends
 * (`fetched`: the paths served while it loaded and ran): no WebGL.
 */
export function assertNoWebglFetched(appDist: string, fetched: string[]) {
  const chunks = webglChunks(appDist);
  // Exactly one: else the marker is stale, or WebGL is in the main chunk.
  assert.equal(chunks.length, 1, `WebGL's code is in ${chunks.join(', ')}`);
  const scripts = fetched.filter((p) => p.endsWith('.js'));
  assert.ok(scripts.length > 0, 'the page fetched its JS from this server');
  assert.ok(
    !scripts.includes(chunks[0]),
    `WebGL's chunk ${chunks[0]} was fetched: ${scripts.join(', ')}`
  );
}

/** Opens the app asking for WebGL first: it fetches WebGL and runs on it. */
export async function webglFirstScenario(
  browser: Browser,
  origin: string,
  appDist: string,
  requests: {path: string}[]
): Promise<void> {
  const page = await browser.newPage();
  const problems = watchPage(page);
  await page.evaluateOnNewDocument(() => {
    const w = window as any;
    w.__backends = [];
    document.addEventListener('peek-ready', (e) =>
      w.__backends.push((e as CustomEvent).detail.backend)
    );
  });
  const start = requests.length;
  // The app's peek-setup.ts passes ?backends= to configurePeek.
  await page.goto(`${origin}/?backends=webgl,wasm,cpu`);
  await injectHelpers(page);
  assert.deepEqual(await waitForElements(page), [
    'ready',
    'ready',
    'ready',
    'ready',
  ]);
  const backends = await page.evaluate('window.__backends');
  assert.deepEqual(backends, ['webgl', 'webgl', 'webgl', 'webgl']);
  await stepSampler(page, 'gen', 3);
  assertHeatmap(await inspect(page, 'peek-attention'));
  const fetched = requests.slice(start).map((r) => r.path);
  assert.ok(
    fetched.includes(webglChunks(appDist)[0]),
    'WebGL came from its own chunk'
  );
  assert.deepEqual(problems.errors, []);
  assert.deepEqual(problems.failedRequests, []);
  await page.close();
}
