// Guides › Checkpoints in the built Storybook: the buttons and the
// control switch the page's one model between training checkpoints, the
// buttons move the control, the docs page works too, and the next story
// runs on the default model again (Storybook keeps one page for all).
import assert from 'node:assert/strict';
import type {Browser, Page} from 'puppeteer-core';
import {emit, watchPage} from './browser.js';

const STORY = 'guides-checkpoints--checkpoints';
const DOCS = 'guides-checkpoints--docs';
const OTHER = 'elements-peek-sampler--step-by-step';


/** Waits until the story says it runs `step` and has written with it. */
async function showing(page: Page, step: string) {
  await page.waitForFunction(
    (s: string) => {
      const root = document.querySelector('story-checkpoints')?.shadowRoot;
      const facts = root?.querySelector('.facts')?.textContent ?? '';
      const sampler = root?.querySelector('peek-sampler') as any;
      return (
        facts.replace(/\s+/g, ' ').includes(`Step ${s} of 3,000`) &&
        sampler?.fullText.length > sampler?.prompt.length
      );
    },
    {timeout: 120_000, polling: 250},
    step
  );
}

/** Clicks the story's own button labelled `label`. */
function click(page: Page, label: string) {
  return page.evaluate((l: string) => {
    const root = document.querySelector('story-checkpoints')!.shadowRoot!;
    const button = [...root.querySelectorAll('button')].find(
      (b) => b.textContent!.trim() === l
    );
    button!.click();
  }, label);
}

/** The manifest URL of the model the page's elements now run. */
function modelUrl(page: Page, selector: string) {
  return page.evaluate(
    (s: string) => (document.querySelector(s) as any)?.model?.url as string,
    selector
  );
}

export async function storybookCheckpointsScenario(
  browser: Browser,
  base: string
): Promise<void> {
  const page = await browser.newPage();
  await page.setViewport({width: 1100, height: 900});
  const problems = watchPage(page);
  const requests: string[] = [];
  page.on('request', (r) => requests.push(new URL(r.url()).pathname));
  const fetched = (path: string) =>
    requests.filter((p) => p.endsWith(`/model/default/${path}`)).length;

  await page.goto(`${base}iframe.html?id=${STORY}&viewMode=story`);
  await page.waitForSelector('story-checkpoints', {timeout: 60_000});
  await showing(page, '100');
  // Only the checkpoint shown was loaded, not the default first.
  assert.equal(fetched('checkpoints/step-100/weights.bin'), 1);
  assert.equal(fetched('weights.bin'), 0, requests.join('\n'));

  // A button in the story switches, and the control follows it: the
  // re-render with the new args sets the attribute.
  await click(page, '3,000 (final)');
  await showing(page, '3,000');
  await page.waitForFunction(
    () =>
      document
        .querySelector('story-checkpoints')
        ?.getAttribute('checkpoint') === 'final',
    {timeout: 30_000}
  );

  // The control, as the Controls panel sends it.
  await emit(page, 'updateStoryArgs', {
    storyId: STORY,
    updatedArgs: {checkpoint: 'step-300'},
  });
  await showing(page, '300');

  // Another story on the same page: the default model is back.
  await emit(page, 'setCurrentStory', {storyId: OTHER, viewMode: 'story'});
  await page.waitForFunction(
    () => (document.querySelector('peek-sampler') as any)?.model?.url,
    {timeout: 120_000, polling: 250}
  );
  assert.equal(
    await modelUrl(page, 'peek-sampler'),
    new URL('model/default/manifest.json', base).href
  );

  // The docs page, where the control and the buttons both work.
  await page.goto(`${base}iframe.html?id=${DOCS}&viewMode=docs`);
  await page.waitForSelector('story-checkpoints', {timeout: 60_000});
  await showing(page, '100');
  await click(page, '1,000');
  await showing(page, '1,000');

  assert.deepEqual(problems.errors, []);
  assert.deepEqual(problems.failedRequests, []);
  await page.close();
}
