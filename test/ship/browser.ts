import puppeteer, {type Browser, type Page} from 'puppeteer-core';
import {CHROMIUM, CHROMIUM_FLAGS} from '../../scripts/chromium.mjs';

export function launchChromium(): Promise<Browser> {
  return puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_FLAGS,
    protocolTimeout: 180_000,
  });
}

/** What went wrong on a page: console errors and warnings, crashes. */
export interface PageProblems {
  errors: string[];
  warnings: string[];
  failedRequests: string[];
}

/** Records every console error, uncaught exception and failed request. */
export function watchPage(page: Page): PageProblems {
  const problems: PageProblems = {errors: [], warnings: [], failedRequests: []};
  page.on('console', (msg) => {
    const where = msg.location()?.url ?? '';
    if (where.endsWith('/favicon.ico')) return;
    if (msg.type() === 'error') problems.errors.push(`${msg.text()} ${where}`);
    if (msg.type() === 'warn') problems.warnings.push(msg.text());
  });
  page.on('pageerror', (e) =>
    problems.errors.push(`uncaught: ${(e as Error).stack ?? e}`)
  );
  page.on('requestfailed', (r) => {
    const error = r.failure()?.errorText;
    // Chromium reports a streamed fetch whose body the page read to the
    // end (the loader's progress reader) as ERR_ABORTED when the reader
    // is released before the network side signals completion. The
    // response was whole; the page's own checks catch a real failure.
    if (error === 'net::ERR_ABORTED' && r.response()?.ok()) return;
    problems.failedRequests.push(`${r.url()} ${error}`);
  });
  page.on('response', (r) => {
    // A favicon is the host page's business, not Peek's.
    if (r.status() >= 400 && !r.url().endsWith('/favicon.ico')) {
      problems.failedRequests.push(`${r.url()} HTTP ${r.status()}`);
    }
  });
  return problems;
}

/** Storybook's preview channel in the iframe, as the manager drives it. */
export function emit(page: Page, event: string, payload: object) {
  return page.evaluate(
    (e: string, p: object) =>
      (window as any).__STORYBOOK_ADDONS_CHANNEL__.emit(e, p),
    event,
    payload
  );
}
