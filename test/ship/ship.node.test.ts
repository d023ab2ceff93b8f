// Shipping, proven in a real browser: `npm run build`, then
//  - the blog-post example (examples/blog-post.html, script tag only),
//    served under a deep sub-path so nothing resolves from the site root;
//  - the npm package, packed, installed into a throwaway Vite app, built
//    and served (~15 s on an idle machine; PEEK_SHIP_NPM=0 skips it);
//  - the static Storybook (npm run build-storybook): docs pages generated
//    from custom-elements.json, the blog-post story, controls changed
//    without fetching the model again, and the checkpoints guide
//    switching models and back (PEEK_SHIP_STORYBOOK=0 skips it);
//  - the script-tag page under a strict Content-Security-Policy (csp.ts);
//  - the package imported in Node as SSR frameworks do (server-import.ts);
//  - the tarball's list of files (tarball.ts).
// Chromium is Debian's /usr/bin/chromium, driven with puppeteer-core.
import assert from 'node:assert/strict';
import {
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, before, describe, it} from 'node:test';
import type {Browser} from 'puppeteer-core';
import {serveStatic, type StaticServer} from '../../scripts/static-server.mjs';
import {launchChromium, watchPage} from './browser.js';
import {build, ROOT, sh} from './build.js';
import {
  assertHeatmap,
  assertReady,
  injectHelpers,
  inspect,
  stepSampler,
  TAGS,
  waitForElements,
} from './page-checks.js';
import {describeStrictCsp} from './csp.js';
import {describeServerImport} from './server-import.js';
import {storybookCheckpointsScenario} from './storybook-checkpoints.js';
import {storybookControlsScenario} from './storybook-controls.js';
import {describeTarball} from './tarball.js';
import {viteAppScenario} from './vite-app.js';

const BASE = '/blog/posts/';

let browser: Browser;

before(async () => {
  build();
  browser = await launchChromium();
}, {timeout: 15 * 60_000});

after(async () => {
  await browser?.close();
});

describe('npm run build', () => {
  it('writes the script-tag bundle with its assets beside it', () => {
    for (const f of [
      'dist/peek.min.js',
      'dist/model/default/manifest.json',
      'dist/model/default/weights.bin',
      'dist/wasm/tfjs-backend-wasm.wasm',
      'dist/wasm/tfjs-backend-wasm-simd.wasm',
      'dist/THIRD_PARTY_LICENSES.txt',
    ]) {
      assert.ok(existsSync(ROOT + f), `${f} exists`);
    }
    assert.ok(!existsSync(`${ROOT}dist/model/default/checkpoints`));
    // The bundle runs tfjs's wasm single-threaded: no threaded build.
    const threaded = 'dist/wasm/tfjs-backend-wasm-threaded-simd.wasm';
    assert.ok(!existsSync(ROOT + threaded));
  });

  it('keeps the licences out of the bundle and in their own file', () => {
    const js = readFileSync(`${ROOT}dist/peek.min.js`, 'utf8');
    assert.ok(!js.includes('Licensed under the Apache License'));
    const notices = readFileSync(
      `${ROOT}dist/THIRD_PARTY_LICENSES.txt`,
      'utf8'
    );
    for (const name of ['@tensorflow/tfjs-core', 'lit-html', 'd3-scale']) {
      assert.ok(notices.includes(name), `notices name ${name}`);
    }
    assert.match(notices, /Apache License[\s\S]*Version 2\.0/);
  });

  it('writes the npm build: modules and types, no second model', () => {
    const esm = `${ROOT}dist/esm/`;
    for (const f of [
      'src/index.js',
      'src/index.d.ts',
      'src/define-all.js',
      ...TAGS.map((t) => `components/${t}/define.js`),
      ...TAGS.map((t) => `components/${t}/define.d.ts`),
    ]) {
      assert.ok(existsSync(esm + f), `dist/esm/${f} exists`);
    }
    // Its paths.js points at dist/model/ and dist/wasm/ (tarball.ts).
    for (const f of ['model/default', 'wasm']) {
      assert.ok(!existsSync(esm + f), `no dist/esm/${f}`);
    }
    // lit, tfjs and d3 are dependencies, imported by name, not copies.
    const backend = readFileSync(`${esm}src/backend.js`, 'utf8');
    assert.match(backend, /from '@tensorflow\/tfjs-core'/);
    assert.ok(!existsSync(`${esm}node_modules`), 'no bundled packages');
  });

  it('writes custom-elements.json describing every element', () => {
    const cem = JSON.parse(readFileSync(`${ROOT}custom-elements.json`, 'utf8'));
    const tags = cem.modules.flatMap((m: any) =>
      (m.declarations ?? []).map((d: any) => d.tagName).filter(Boolean)
    );
    for (const tag of TAGS) assert.ok(tags.includes(tag), `${tag} in manifest`);
  });
});

describe('the blog-post example (script tag only)', () => {
  let server: StaticServer;

  before(async () => {
    // The page and the bundle live in different folders of a sub-path.
    server = await serveStatic([
      [`${BASE}examples/`, `${ROOT}examples`],
      [`${BASE}dist/`, `${ROOT}dist`],
    ]);
  });
  after(() => server?.close());

  it('draws all four elements, linked, with no error', async () => {
    const page = await browser.newPage();
    await page.setViewport({width: 1000, height: 900});
    const problems = watchPage(page);
    await page.goto(`${server.origin}${BASE}examples/blog-post.html`);
    await injectHelpers(page);
    const states = await waitForElements(page);
    assert.deepEqual(states, ['ready', 'ready', 'ready', 'ready']);

    const {fullText, currentText} = await stepSampler(page, 'writer', 12);
    assert.ok(fullText.startsWith('ROMEO:'));
    assert.equal(fullText.length, 'ROMEO:'.length + 12);

    const sampler = await inspect(page, 'peek-sampler');
    assertReady(sampler);
    assert.ok(sampler.text.includes('ROMEO'), 'sampler shows its text');

    const attention = await inspect(page, 'peek-attention');
    assertReady(attention);
    assertHeatmap(attention);
    // Linked through `for`: attention traced the sampler's context.
    const traced = await page.evaluate(
      () =>
        (document.querySelector('peek-attention') as any).trace.chars.join('')
    );
    assert.equal(traced, currentText.slice(-128));

    const ffn = await inspect(page, 'peek-ffn');
    assertReady(ffn);
    assertHeatmap(ffn);

    const embedding = await inspect(page, 'peek-embedding');
    assertReady(embedding);
    assert.ok(
      embedding.svgGlyphs >= 65,
      `embedding plots every character (${embedding.svgGlyphs} glyphs)`
    );

    if (process.env.PEEK_SHIP_SCREENSHOT) {
      await page.screenshot({
        path: process.env.PEEK_SHIP_SCREENSHOT,
        fullPage: true,
      });
    }
    assert.deepEqual(problems.errors, [], 'no console errors');
    assert.deepEqual(problems.failedRequests, [], 'no failed requests');
    assert.deepEqual(problems.warnings, [], 'no console warnings');
    // Everything came from beside the page or the bundle.
    const outside = server.requests.filter((r) => !r.path.startsWith(BASE));
    assert.deepEqual(outside, []);
    await page.close();
  });
});

describe('the script-tag bundle on other pages', () => {
  let server: StaticServer;
  let pages: string;

  const CONFIGURED = `<!doctype html><meta charset="utf-8" />
<link rel="icon" href="data:," />
<peek-ffn text="To be, or not to be, that is the question"></peek-ffn>
<script type="module">
  import {configurePeek} from '/cdn/a/peek.min.js';
  configurePeek({
    modelUrl: new URL('/models/alt/manifest.json', location.href).href,
  });
</script>`;

  const TWO_COPIES = `<!doctype html><meta charset="utf-8" />
<link rel="icon" href="data:," />
<script type="module" src="/cdn/a/peek.min.js"></script>
<script type="module" src="/cdn/b/peek.min.js"></script>
<peek-attention text="Now is the winter of our discontent"></peek-attention>`;

  before(async () => {
    pages = mkdtempSync(join(tmpdir(), 'peek-pages-'));
    writeFileSync(join(pages, 'configured.html'), CONFIGURED);
    writeFileSync(join(pages, 'two-copies.html'), TWO_COPIES);
    server = await serveStatic([
      ['/cdn/a/', `${ROOT}dist`],
      ['/cdn/b/', `${ROOT}dist`],
      ['/models/alt/', `${ROOT}dist/model/default`],
      ['/pages/', pages],
    ]);
  });
  after(async () => {
    await server?.close();
    rmSync(pages, {recursive: true, force: true});
  });

  const load = async (name: string) => {
    const page = await browser.newPage();
    const problems = watchPage(page);
    const start = server.requests.length;
    await page.goto(`${server.origin}/pages/${name}`);
    await injectHelpers(page);
    const states = await waitForElements(page);
    const requests = server.requests.slice(start).map((r) => r.path);
    return {page, problems, states, requests};
  };

  it('loads the model that the importing module configures', async () => {
    const {page, problems, states, requests} = await load('configured.html');
    assert.deepEqual(states, ['ready']);
    assert.ok(requests.includes('/models/alt/weights.bin'), 'custom model');
    assert.ok(
      !requests.some((p) => p.startsWith('/cdn/a/model/')),
      'never fetched the default model'
    );
    assert.deepEqual(problems.errors, []);
    await page.close();
  });

  it('warns once when a second copy is loaded, and still works', async () => {
    const {page, problems, states} = await load('two-copies.html');
    assert.deepEqual(states, ['ready']);
    assertHeatmap(await inspect(page, 'peek-attention'));
    assert.equal(problems.warnings.length, 1, problems.warnings.join('\n'));
    assert.match(problems.warnings[0], /Peek is loaded twice/);
    assert.deepEqual(problems.errors, []);
    await page.close();
  });
});

describeStrictCsp(() => browser);
describeServerImport();
describeTarball();

describe('installed from npm into a Vite app', {
  skip: process.env.PEEK_SHIP_NPM === '0' ? 'PEEK_SHIP_NPM=0' : false,
}, () => {
  it('renders every element, also beside the script-tag bundle', async () => {
    await viteAppScenario(browser);
  });
});

describe('the Storybook static site', {
  skip:
    process.env.PEEK_SHIP_STORYBOOK === '0' ? 'PEEK_SHIP_STORYBOOK=0' : false,
}, () => {
  let server: StaticServer;
  const DOCS = '/docs/peek/';

  before(async () => {
    sh('npm', ['run', 'build-storybook']);
    server = await serveStatic([[DOCS, `${ROOT}dist/storybook`]]);
  }, {timeout: 10 * 60_000});
  after(() => server?.close());

  const open = async (id: string, mode: 'docs' | 'story') => {
    const page = await browser.newPage();
    await page.setViewport({width: 1100, height: 900});
    const problems = watchPage(page);
    await page.goto(
      `${server.origin}${DOCS}iframe.html?id=${id}&viewMode=${mode}`
    );
    return {page, problems};
  };

  it('documents each element from custom-elements.json', async () => {
    const {page, problems} = await open('elements-peek-sampler--docs', 'docs');
    // Events, parts and methods reach the docs only through the manifest.
    await page.waitForFunction(
      () => document.body.innerText.includes('peek-step'),
      {timeout: 60_000}
    );
    const text = await page.evaluate(() => document.body.innerText);
    for (const expected of ['peek-reset', 'currentText', '--peek-accent']) {
      assert.ok(text.includes(expected), `docs mention ${expected}`);
    }
    assert.ok(!text.includes('resumeOnConnect'), 'no private members');
    assert.deepEqual(problems.errors, []);
    await page.close();
  });

  it('renders the introduction', async () => {
    const {page, problems} = await open('introduction--docs', 'docs');
    await page.waitForFunction(
      () => document.body.innerText.includes('see inside a GPT'),
      {timeout: 60_000}
    );
    // Markdown tables need remark-gfm (.storybook/main.ts).
    const tables = await page.evaluate(
      () => document.querySelectorAll('table').length
    );
    assert.ok(tables >= 2, `the introduction's tables render (${tables})`);
    assert.deepEqual(problems.errors, []);
    await page.close();
  });

  it('shows the training log beside the weights', async () => {
    const {page, problems} = await open(
      'guides-how-the-model-learned--training-log',
      'story'
    );
    const sample = await page.waitForFunction(
      () =>
        document
          .querySelector('story-training-log')
          ?.shadowRoot?.querySelector('pre')?.textContent,
      {timeout: 60_000}
    );
    const lines = readFileSync(
      `${ROOT}model/default/train-log.jsonl`,
      'utf8'
    ).trim().split('\n');
    const last = JSON.parse(lines[lines.length - 1]);
    assert.equal(await sample.jsonValue(), last.sample);
    assert.deepEqual(problems.errors, []);
    assert.deepEqual(problems.failedRequests, []);
    await page.close();
  });

  it('runs the blog-post composition, linked', async () => {
    const {page, problems} = await open('guides-blog-post--blog-post', 'story');
    await page.waitForSelector('peek-sampler', {timeout: 60_000});
    await injectHelpers(page);
    assert.deepEqual(await waitForElements(page), [
      'ready',
      'ready',
      'ready',
      'ready',
    ]);
    const id = await page.evaluate(
      () => document.querySelector('peek-sampler')!.id
    );
    await stepSampler(page, id, 5);
    assertHeatmap(await inspect(page, 'peek-attention'));
    assertHeatmap(await inspect(page, 'peek-ffn'));
    assert.deepEqual(problems.errors, []);
    assert.deepEqual(problems.failedRequests, []);
    await page.close();
  });

  it('keeps the model across control changes and stories', async () => {
    await storybookControlsScenario(browser, `${server.origin}${DOCS}`);
  });

  it('switches checkpoints, then gives other stories the default', async () => {
    await storybookCheckpointsScenario(browser, `${server.origin}${DOCS}`);
  });
});
