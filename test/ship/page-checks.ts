import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import type {Page} from 'puppeteer-core';

const IN_PAGE = readFileSync(new URL('./in-page.js', import.meta.url), 'utf8');

/** What in-page.js reports about one element. */
export interface ElementReport {
  tag: string;
  state: string;
  error?: string;
  text: string;
  canvases: {width: number; height: number; ink: number; colours: number}[];
  bestCanvas: {width: number; height: number; ink: number; colours: number};
  svgShapes: number;
  svgGlyphs: number;
}

export const TAGS = [
  'peek-sampler',
  'peek-attention',
  'peek-ffn',
  'peek-embedding',
] as const;

/** Injects the in-page helpers (once per document). */
export async function injectHelpers(page: Page): Promise<void> {
  await page.evaluate(IN_PAGE);
}

/** Waits until every Peek element on the page has left its loading state. */
export async function waitForElements(page: Page, timeout = 150_000) {
  await page.waitForFunction(
    (tags: string) =>
      (window as any).peekShip.states(tags).every((s: string) =>
        ['ready', 'error'].includes(s)
      ),
    {timeout, polling: 250},
    TAGS.join(',')
  );
  const states = await page.evaluate(
    (tags: string) => (window as any).peekShip.states(tags),
    TAGS.join(',')
  );
  return states as string[];
}

/** Generates `n` characters with the sampler `#id` and waits for followers. */
export async function stepSampler(page: Page, id: string, n: number) {
  return page.evaluate(
    `(async () => {
      const s = document.getElementById(${JSON.stringify(id)});
      for (let i = 0; i < ${n}; i++) await s.step();
      const followers = [...document.querySelectorAll('[for=${id}]')];
      // A follower traces the newest text; wait for what it promises.
      for (let round = 0; round < 3; round++) {
        await Promise.all(
          followers.map((f) => f.traceComplete ?? f.layoutComplete)
        );
        await window.peekShip.frames();
      }
      return {fullText: s.fullText, currentText: s.currentText};
    })()`
  ) as Promise<{fullText: string; currentText: string}>;
}

export async function inspect(page: Page, selector: string) {
  return (await page.evaluate(
    `window.peekShip.inspect(document.querySelector(${JSON.stringify(
      selector
    )}))`
  )) as ElementReport;
}

/** A heatmap's canvas: mostly drawn, in many colours. */
export function assertHeatmap(r: ElementReport): void {
  const c = r.bestCanvas;
  assert.ok(
    c.width > 50 && c.height > 50,
    `${r.tag}: a canvas of real size (${c.width}x${c.height})`
  );
  assert.ok(c.ink > 0.1, `${r.tag}: canvas drawn (ink ${c.ink.toFixed(3)})`);
  assert.ok(c.colours >= 12, `${r.tag}: a colour scale (${c.colours} colours)`);
}

/** Every element ready, none in its error state. */
export function assertReady(r: ElementReport): void {
  assert.equal(r.state, 'ready', `${r.tag} is ${r.state}: ${r.error ?? ''}`);
}
