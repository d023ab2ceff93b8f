#!/usr/bin/env node
// `npm run bench:browser`: Peek in headless Chromium. Bundles
// scripts/bench-browser/page.ts (plus <peek-attention> when it exists),
// serves it with the default model and tfjs's .wasm files from a static
// server on 127.0.0.1, and prints a table; with --json the last line is
// one JSON object: first_heatmap_ms, first_heatmap_warm_ms,
// heads_redraw_ms, longest_task_ms (while generating and typing),
// long_tasks_generating, longest_task_load_ms,
// longest_task_after_weights_ms, longest_task_after_load_ms,
// long_tasks, browser_forward_ms_t128, browser_generate_tok_s, backend,
// errors. Figures that could not be measured (say, an element is not
// built yet) are null.
import { build } from 'esbuild';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer from 'puppeteer-core';
import { CHROMIUM, CHROMIUM_FLAGS } from './chromium.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const json = process.argv.includes('--json');
const ELEMENT = join(root, 'components/peek-attention/define.ts');
const SAMPLER = join(root, 'components/peek-sampler/define.ts');
const NULL_RESULT = {
  backend: null,
  first_heatmap_ms: null,
  first_heatmap_warm_ms: null,
  heads_redraw_ms: null,
  longest_task_ms: null,
  long_tasks_generating: [],
  longest_task_load_ms: null,
  longest_task_after_weights_ms: null,
  longest_task_after_load_ms: null,
  long_tasks: [],
  browser_forward_ms_t128: null,
  browser_generate_tok_s: null,
};

const log = (s) => process.stderr.write(`bench:browser: ${s}\n`);

/** Bundles the page (and the element if it exists) into dir. */
async function bundle(dir) {
  const imports = [`import './scripts/bench-browser/page.ts';`];
  if (existsSync(ELEMENT)) {
    // Registered first, so the page finds the tag defined.
    imports.unshift(`import './components/peek-attention/define.ts';`);
    if (existsSync(SAMPLER)) {
      imports.unshift(`import './components/peek-sampler/define.ts';`);
    }
  } else {
    log('components/peek-attention/define.ts not found: engine only');
  }
  await build({
    stdin: {
      contents: imports.join('\n'),
      resolveDir: root,
      sourcefile: 'bench-entry.ts',
      loader: 'ts',
    },
    outfile: join(dir, 'page.js'),
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    conditions: ['browser'],
    // package.json's sideEffects lists the library's own modules; the
    // bench page is not one, and must not be shaken away.
    ignoreAnnotations: true,
    logLevel: 'warning',
  });
}

const TYPES = {
  '.js': 'text/javascript',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.bin': 'application/octet-stream',
  '.html': 'text/html; charset=utf-8',
};

/** URL prefix -> folder it serves. Nothing else is reachable. */
function routes(bundleDir) {
  return [
    ['/bench/', bundleDir],
    ['/model/', join(root, 'model/default')],
    ['/wasm/', join(root, 'node_modules/@tensorflow/tfjs-backend-wasm/dist')],
  ];
}

const PAGE =
  '<!doctype html><meta charset="utf-8"><title>Peek bench</title>' +
  '<body><script type="module" src="/bench/page.js"></script></body>';

/** A static server on 127.0.0.1 and a free port. */
async function serve(bundleDir) {
  const table = routes(bundleDir);
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (path === '/') {
      res.writeHead(200, { 'content-type': TYPES['.html'] });
      return res.end(PAGE);
    }
    for (const [prefix, dir] of table) {
      if (!path.startsWith(prefix)) continue;
      const file = resolve(dir, normalize(path.slice(prefix.length)));
      if (!file.startsWith(dir + sep) || !existsSync(file)) break;
      const type = TYPES[extname(file)] ?? 'application/octet-stream';
      res.writeHead(200, { 'content-type': type });
      return res.end(readFileSync(file));
    }
    res.writeHead(404).end();
  });
  await new Promise((done, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', done);
  });
  return server;
}

async function measure() {
  const bundleDir = mkdtempSync(join(tmpdir(), 'peek-bench-browser-'));
  let server;
  let browser;
  try {
    log('bundling the page');
    await bundle(bundleDir);
    server = await serve(bundleDir);
    const { port } = server.address();
    log('launching Chromium');
    browser = await puppeteer.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_FLAGS,
      // A busy machine makes the page slow; don't give up on it.
      protocolTimeout: 900_000,
    });
    const page = await browser.newPage();
    page.setDefaultTimeout(600_000);
    await page.setViewport({ width: 1000, height: 900 });
    const pageErrors = [];
    page.on('pageerror', (e) => pageErrors.push(String(e.message ?? e)));
    await page.goto(`http://127.0.0.1:${port}/`, { waitUntil: 'load' });
    log('measuring in the page (model load, element, engine)');
    // Set as soon as the page script runs; if not, the bundle is broken.
    await page.waitForFunction(() => window.peekBenchResult !== undefined, {
      timeout: 120_000,
    });
    const result = await page.evaluate(() => window.peekBenchResult);
    result.errors.push(...pageErrors);
    result.browser = await browser.version();
    return result;
  } finally {
    await browser?.close();
    server?.close();
    rmSync(bundleDir, { recursive: true, force: true });
  }
}

function table(r) {
  const rows = [
    ['first heatmap (cold)', r.first_heatmap_ms, 'ms'],
    ['first heatmap (model loaded)', r.first_heatmap_warm_ms, 'ms'],
    ['heads redraw', r.heads_redraw_ms, 'ms'],
    ['longest task, generating + typing', r.longest_task_ms, 'ms'],
    ['longest task, page load', r.longest_task_load_ms, 'ms'],
    ['longest task after the weights', r.longest_task_after_weights_ms, 'ms'],
    ['longest task after first draw', r.longest_task_after_load_ms, 'ms'],
    ['traced forward, 128 chars', r.browser_forward_ms_t128, 'ms'],
    ['generate, Peek decoder', r.browser_generate_tok_s, 'chars/s'],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  const lines = rows.map(
    ([label, value, unit]) =>
      `${label.padEnd(width)}  ${value === null ? 'n/a' : value} ${unit}`,
  );
  lines.push(`backend: ${r.backend ?? 'n/a'}, ${r.browser ?? 'no browser'}`);
  for (const e of r.errors ?? []) lines.push(`note: ${e}`);
  return lines.join('\n');
}

let result;
try {
  result = await measure();
} catch (e) {
  log(`failed: ${e?.stack ?? e}`);
  result = { ...NULL_RESULT, errors: [String(e?.message ?? e)] };
  process.exitCode = 1;
}
console.log(table(result));
if (json) console.log(JSON.stringify(result));
