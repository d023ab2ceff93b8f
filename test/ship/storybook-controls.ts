// Issue #6, item 14: in Storybook, changing a control re-renders the
// story with new args, and choosing another story mounts new elements.
// Neither may fetch the model again: it is loaded once per preview.
import assert from 'node:assert/strict';
import type {Browser} from 'puppeteer-core';
import {emit, watchPage} from './browser.js';
import {injectHelpers, waitForElements} from './page-checks.js';

const SAMPLER = 'elements-peek-sampler--step-by-step';
const ATTENTION = 'elements-peek-attention--default';


/**
 * Opens the sampler story of the static Storybook at `base`, changes its
 * controls and then the story, counting requests for the model's files.
 */
export async function storybookControlsScenario(
  browser: Browser,
  base: string
): Promise<void> {
  const page = await browser.newPage();
  const problems = watchPage(page);
  const requests: string[] = [];
  page.on('request', (r) => requests.push(new URL(r.url()).pathname));
  const fetched = (file: string) =>
    requests.filter((p) => p.endsWith(`/model/default/${file}`)).length;

  await page.goto(`${base}iframe.html?id=${SAMPLER}&viewMode=story`);
  await page.waitForSelector('peek-sampler', {timeout: 60_000});
  await injectHelpers(page);
  assert.deepEqual(await waitForElements(page), ['ready']);
  assert.equal(fetched('weights.bin'), 1);
  await page.evaluate(() => {
    (document.querySelector('peek-sampler') as any).peekMark = 'first';
  });

  // Each control, as the Controls panel sends it.
  const changes: [string, unknown, string, string][] = [
    ['temperature', 0.5, 'temperature', '0.5'],
    ['topK', 5, 'top-k', '5'],
    ['seed', 3, 'seed', '3'],
    ['prompt', 'KING:', 'prompt', 'KING:'],
  ];
  for (const [arg, value, attr, text] of changes) {
    await emit(page, 'updateStoryArgs', {
      storyId: SAMPLER,
      updatedArgs: {[arg]: value},
    });
    await page.waitForFunction(
      (a: string, t: string) =>
        document.querySelector('peek-sampler')?.getAttribute(a) === t,
      {timeout: 30_000},
      attr,
      text
    );
  }
  const after = await page.evaluate(async () => {
    const el = document.querySelector('peek-sampler') as any;
    await el.step();
    return {
      mark: el.peekMark,
      settings: el.settings,
      text: el.fullText,
      error: el.shadowRoot.querySelector('.state.error')?.textContent,
    };
  });
  // Re-rendered in place with the new args, and still working.
  assert.equal(after.mark, 'first');
  assert.deepEqual(after.settings, {temperature: 0.5, topK: 5, topP: 1});
  assert.ok(after.text.startsWith('KING:'), after.text);
  assert.equal(after.error, undefined);

  // Another story in the same preview: new elements, the same model.
  await emit(page, 'setCurrentStory', {storyId: ATTENTION, viewMode: 'story'});
  await page.waitForSelector('peek-attention', {timeout: 60_000});
  assert.deepEqual(await waitForElements(page), ['ready']);
  await page.waitForFunction(
    () => (document.querySelector('peek-attention') as any)?.trace?.T > 0,
    {timeout: 60_000}
  );

  assert.equal(fetched('manifest.json'), 1, requests.join('\n'));
  assert.equal(fetched('weights.bin'), 1, requests.join('\n'));
  assert.deepEqual(problems.errors, []);
  assert.deepEqual(problems.failedRequests, []);
  await page.close();
}
