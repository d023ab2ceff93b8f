// The script-tag page under a strict Content-Security-Policy (issue #6,
// item 4). Inline styles are refused too (`style-src 'self'`), so every
// style the elements set must go through the CSSOM. With
// 'wasm-unsafe-eval' Peek runs on WebAssembly and says nothing; without
// it, WebAssembly is refused, Peek runs on the JavaScript backend and
// every element says so. Either way all four elements show the model's
// real numbers, checked against the reference engine.
import assert from 'node:assert/strict';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, before, describe, it} from 'node:test';
import type {Browser, Page} from 'puppeteer-core';
import {serveStatic, type StaticServer} from '../../scripts/static-server.mjs';
import {watchPage} from './browser.js';
import {ROOT} from './build.js';
import {Expected} from './expected.js';
import {
  assertHeatmap,
  assertReady,
  injectHelpers,
  inspect,
  stepSampler,
  TAGS,
  waitForElements,
} from './page-checks.js';

const STRICT = [
  "default-src 'self'",
  "style-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
];
/** What the README tells a strict page to allow: wasm, nothing else. */
export const CSP_WITH_WASM = [
  ...STRICT,
  "script-src 'self' 'wasm-unsafe-eval'",
].join('; ');
const CSP_NO_WASM = [...STRICT, "script-src 'self'"].join('; ');

// No inline script or style: the page itself obeys the policy.
const PAGE = `<!doctype html><meta charset="utf-8" />
<title>Peek under a strict CSP</title>
<script type="module" src="/peek/peek.min.js"></script>
<peek-sampler id="gen" prompt="ROMEO:" seed="5"></peek-sampler>
<peek-attention for="gen"></peek-attention>
<peek-ffn for="gen"></peek-ffn>
<peek-embedding for="gen"></peek-embedding>
`;

/** Runs in the page before its own scripts (DevTools is not bound by CSP). */
function recordInPage() {
  const w = window as any;
  w.__violations = [];
  w.__ready = [];
  document.addEventListener('securitypolicyviolation', (e) =>
    w.__violations.push({
      directive: e.violatedDirective,
      blocked: e.blockedURI,
      source: e.sourceFile,
    })
  );
  document.addEventListener('peek-ready', (e) =>
    w.__ready.push((e as CustomEvent).detail.backend)
  );
}

/** The numbers each element shows, read from its DOM and text. */
interface Shown {
  rows: {id: number; p: number}[];
  bars: string[];
  ticks: string[];
  swatches: string[];
  notes: (string | null)[];
  attentionLabel: string;
  ffnLabel: string;
  embeddingSummary: string;
}

// Plain JS in a string: tsx would wrap named functions in a helper that
// does not exist in the page.
const READ_SHOWN = `(() => {
  const root = (tag) => document.querySelector(tag).shadowRoot;
  const all = (tag, selector) => [...root(tag).querySelectorAll(selector)];
  const text = (el) => el ? el.textContent.replace(/\\s+/g, ' ').trim() : null;
  return {
    rows: all('peek-sampler', '.candidates tbody tr').map((tr) => ({
      id: Number(tr.dataset.id),
      p: Number(tr.dataset.p),
    })),
    bars: all('peek-sampler', '.bar').map((b) => b.style.width),
    ticks: all('peek-attention', '.legend .tick').map((t) => t.style.left),
    swatches: all('peek-embedding', '.swatch').map(
      (s) => getComputedStyle(s).backgroundColor
    ),
    notes: ${JSON.stringify(TAGS)}.map((tag) =>
      text(root(tag).querySelector('[part=backend-note]'))
    ),
    attentionLabel: root('peek-attention')
      .querySelector('[role=application]').getAttribute('aria-label'),
    ffnLabel: root('peek-ffn')
      .querySelector('[part=heatmap]').getAttribute('aria-label'),
    embeddingSummary: root('peek-embedding').getElementById('summary')
      .textContent,
  };
})()`;

async function readShown(page: Page): Promise<Shown> {
  return (await page.evaluate(READ_SHOWN)) as Shown;
}

/** Registers the describe block; `browser()` is the suite's Chromium. */
export function describeStrictCsp(browser: () => Browser): void {
  describe('the script-tag page under a strict Content-Security-Policy', () => {
    let expected: Expected;
    let pages: string;
    const servers: StaticServer[] = [];

    before(() => {
      expected = new Expected();
      pages = mkdtempSync(join(tmpdir(), 'peek-csp-'));
      writeFileSync(join(pages, 'index.html'), PAGE);
    });
    after(async () => {
      for (const s of servers) await s.close();
      rmSync(pages, {recursive: true, force: true});
    });

    const open = async (csp: string) => {
      const server = await serveStatic(
        [
          ['/peek/', `${ROOT}dist`],
          ['/', pages],
        ],
        0,
        {headers: {'content-security-policy': csp}}
      );
      servers.push(server);
      const page = await browser().newPage();
      await page.setViewport({width: 1000, height: 900});
      const problems = watchPage(page);
      await page.evaluateOnNewDocument(recordInPage);
      await page.goto(`${server.origin}/index.html`);
      await injectHelpers(page);
      const states = await waitForElements(page);
      assert.deepEqual(states, ['ready', 'ready', 'ready', 'ready']);
      const {fullText, currentText} = await stepSampler(page, 'gen', 6);
      assert.equal(fullText.length, 'ROMEO:'.length + 6);
      return {page, problems, currentText};
    };

    /** Every element shows the model's numbers; every style applied. */
    const checkValues = async (page: Page, currentText: string) => {
      // One look at each (reading a canvas twice makes Chromium warn).
      for (const tag of TAGS) {
        const report = await inspect(page, tag);
        assertReady(report);
        if (tag === 'peek-attention' || tag === 'peek-ffn') {
          assertHeatmap(report);
        }
      }
      const shown = await readShown(page);

      // The sampler's table: the distribution after the text it read.
      const probs = expected.nextProbs(currentText);
      assert.ok(shown.rows.length >= 5, 'candidate rows');
      for (const r of shown.rows) {
        assert.ok(
          Math.abs(r.p - probs[r.id]) < 1e-4,
          `p(${expected.model.vocab[r.id]}) shown ${r.p}, ` +
            `reference ${probs[r.id]}`
        );
      }
      // Bars and legend ticks are sized by inline styles, set through
      // the CSSOM so that style-src 'self' does not drop them.
      assert.ok(shown.bars.length > 0);
      assert.ok(shown.bars.every((w) => /%$/.test(w)), 'bars have widths');
      assert.ok(shown.ticks.length > 0);
      assert.ok(shown.ticks.every((l) => /%$/.test(l)), 'ticks placed');
      assert.ok(shown.swatches.length > 0);
      assert.ok(
        shown.swatches.every((c) => c !== 'rgba(0, 0, 0, 0)'),
        `swatches coloured: ${shown.swatches.join(', ')}`
      );

      // Attention's text alternative names the last query's top keys.
      const weights = [...expected.lastAttention(currentText, 0, 0)].sort(
        (a, b) => b - a
      );
      const said = [...shown.attentionLabel.matchAll(/\((\d\.\d\d)\)/g)].map(
        (m) => Number(m[1])
      );
      assert.match(shown.attentionLabel, /^Layer 0, head 0: for the last/);
      assert.equal(said.length, Math.min(3, weights.length));
      said.forEach((w, i) =>
        assert.ok(Math.abs(w - weights[i]) < 0.0051, `key ${i}: ${w}`)
      );

      // The FFN's: the largest activation of layer 0, and where.
      const peak = expected.mlpPeak(currentText, 0);
      const m = shown.ffnLabel.match(
        /the largest is (-?\d+\.\d\d) \(neuron (\d+) at position (\d+)/
      );
      assert.ok(m, shown.ffnLabel);
      assert.ok(Math.abs(Number(m[1]) - peak.value) < 0.0051, m[1]);
      assert.equal(Number(m[2]), peak.neuron);
      assert.equal(Number(m[3]), peak.position);

      // The embedding's: the variance its two PCA axes explain.
      const [pc1, pc2] = expected.explainedVariance().map((r) => r * 100);
      const e = shown.embeddingSummary.match(
        /PC1 explains (\d+\.\d)% of the variance, PC2 (\d+\.\d)%/
      );
      assert.ok(e, shown.embeddingSummary);
      assert.ok(Math.abs(Number(e[1]) - pc1) < 0.051, `PC1 ${e[1]}`);
      assert.ok(Math.abs(Number(e[2]) - pc2) < 0.051, `PC2 ${e[2]}`);
      return shown;
    };

    it("works on WebAssembly with only 'wasm-unsafe-eval' added", async () => {
      const {page, problems, currentText} = await open(CSP_WITH_WASM);
      const shown = await checkValues(page, currentText);
      assert.deepEqual(shown.notes, [null, null, null, null], 'no note');
      assert.deepEqual(
        await page.evaluate(() => (window as any).__ready),
        ['wasm', 'wasm', 'wasm', 'wasm']
      );
      assert.deepEqual(
        await page.evaluate(() => (window as any).__violations),
        [],
        'no CSP violation'
      );
      assert.deepEqual(problems.errors, []);
      assert.deepEqual(problems.warnings, []);
      assert.deepEqual(problems.failedRequests, []);
      await page.close();
    });

    it('falls back to JavaScript without it, and says so', async () => {
      const {page, problems, currentText} = await open(CSP_NO_WASM);
      const shown = await checkValues(page, currentText);
      for (const note of shown.notes) {
        assert.ok(note, 'every element shows a note');
        assert.match(note, /slower JavaScript backend/);
        assert.match(note, /WebAssembly is blocked by this page's Content-/);
        assert.match(note, /'wasm-unsafe-eval'/);
      }
      // The backend is exposed: peek-ready's detail and the model.
      assert.deepEqual(
        await page.evaluate(() => (window as any).__ready),
        ['cpu', 'cpu', 'cpu', 'cpu']
      );
      const backend = await page.evaluate(async () => {
        const peek = await import('/peek/peek.min.js' as string);
        return peek.modelStatus().model.backend;
      });
      assert.equal(backend, 'cpu');
      // The only violation is Peek asking whether WebAssembly may run.
      const violations = await page.evaluate(
        () => (window as any).__violations
      );
      assert.ok(violations.length >= 1, 'the refusal was seen');
      for (const v of violations) {
        assert.equal(v.directive, 'script-src', JSON.stringify(v));
        assert.equal(v.blocked, 'wasm-eval', JSON.stringify(v));
      }
      assert.deepEqual(problems.errors, []);
      assert.deepEqual(problems.warnings, []);
      assert.deepEqual(problems.failedRequests, []);
      await page.close();
    });
  });
}
