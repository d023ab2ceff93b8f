// Two copies of Peek on one page (issue #6, item 5): the script-tag
// bundle beside the npm build that a Vite app bundled, in both orders.
// One copy must own every tag, with no DOMException, one warning (Peek
// saying it is loaded twice), and everything working.
import assert from 'node:assert/strict';
import {readFileSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import type {Browser} from 'puppeteer-core';
import {watchPage} from './browser.js';
import {
  assertHeatmap,
  assertReady,
  injectHelpers,
  inspect,
  stepSampler,
  TAGS,
  waitForElements,
} from './page-checks.js';

const ELEMENTS = `<peek-sampler id="gen" prompt="JULIET:" seed="3"></peek-sampler>
<peek-attention for="gen"></peek-attention>
<peek-ffn for="gen"></peek-ffn>
<peek-embedding for="gen"></peek-embedding>`;

/**
 * Writes two pages into the built app (`appDist`, served at `origin`)
 * that load its bundle and `bundleUrl` (the script-tag build), and
 * checks each in Chromium.
 */
export async function twoCopiesScenario(
  browser: Browser,
  origin: string,
  appDist: string,
  bundleUrl: string
): Promise<void> {
  const index = readFileSync(join(appDist, 'index.html'), 'utf8');
  const appScript = index.match(/<script type="module"[^>]*><\/script>/)?.[0];
  assert.ok(appScript, 'the built app has a module script');
  const tag = `<script type="module" src="${bundleUrl}"></script>`;
  // The last page loads the app only once the bundle's elements run on
  // wasm: the order in which the app's tfjs copy re-registers kernels
  // over a backend already started (src/running-kernels.ts). The first
  // page meets that order only when the app's scripts happen to arrive
  // late.
  const pages = {
    'bundle-first.html': [tag, appScript],
    'npm-first.html': [appScript, tag],
    'app-after-ready.html': [tag],
  };
  for (const [name, scripts] of Object.entries(pages)) {
    writeFileSync(
      join(appDist, name),
      `<!doctype html><meta charset="utf-8" />\n` +
        `<link rel="icon" href="data:," />\n` +
        `${scripts.join('\n')}\n${ELEMENTS}\n`
    );
    const page = await browser.newPage();
    const problems = watchPage(page);
    await page.goto(`${origin}/${name}`);
    await injectHelpers(page);
    assert.deepEqual(
      await waitForElements(page),
      ['ready', 'ready', 'ready', 'ready'],
      name
    );
    if (scripts.length === 1) {
      const src = appScript.match(/src="([^"]+)"/)![1];
      await page.evaluate(async (url: string) => {
        const script = document.createElement('script');
        script.type = 'module';
        script.src = url;
        const loaded = new Promise((resolve, reject) => {
          script.onload = resolve;
          script.onerror = reject;
        });
        document.head.append(script);
        await loaded;
      }, src);
    }
    // One class per tag, and every element on the page is an instance.
    const owned = await page.evaluate(
      `${JSON.stringify(TAGS)}.every((tag) => {
        const cls = customElements.get(tag);
        return cls && [...document.querySelectorAll(tag)]
          .every((el) => el instanceof cls);
      })`
    );
    assert.equal(owned, true, `${name}: every element upgraded`);
    const {fullText} = await stepSampler(page, 'gen', 5);
    assert.equal(fullText.length, 'JULIET:'.length + 5, name);
    for (const t of ['peek-attention', 'peek-ffn']) {
      const r = await inspect(page, t);
      assertReady(r);
      assertHeatmap(r);
    }
    assertReady(await inspect(page, 'peek-embedding'));
    assert.deepEqual(problems.errors, [], `${name}: no error`);
    assert.deepEqual(problems.failedRequests, [], name);
    // Exactly one: Peek saying it is loaded twice (tfjs's own warnings
    // about the second copy's registrations stay quiet).
    assert.equal(
      problems.warnings.length,
      1,
      `${name}: one warning, got ${problems.warnings.length}:\n` +
        problems.warnings.slice(0, 5).join('\n')
    );
    assert.match(
      problems.warnings[0],
      /already defined by another copy of Peek/,
      name
    );
    await page.close();
  }
}
