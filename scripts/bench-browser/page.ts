/**
 * The in-browser half of `npm run bench:browser`, bundled by
 * scripts/bench-browser.mjs and run in headless Chromium. It times the
 * engine (decoder generation, traced forward pass) and, when
 * <peek-attention> and <peek-sampler> are registered, the elements:
 * first heatmap, redraws when the head changes, the long tasks of page
 * load, and the longest main-thread task while a sampler generates and
 * the reader types (issue #5's `longest_task_ms`).
 * Results go to window.peekBenchResult.
 */
import {Rng} from '../../model/rng.js';
import {configurePeek} from '../../src/options.js';
import {sampleNext} from '../../src/sampling.js';
import {loadModel, modelEvents} from '../../src/store.js';
import {median, timeMedian} from '../bench/stats.js';

/** What the page reports; null where it could not measure. */
export interface BrowserResult {
  backend: string | null;
  first_heatmap_ms: number | null;
  first_heatmap_warm_ms: number | null;
  heads_redraw_ms: number | null;
  /** The longest task (0: none reached 50 ms) while a sampler with a
   * follower autoplays past its window and the reader types into a
   * <peek-attention>, after warm-up. */
  longest_task_ms: number | null;
  /** Long tasks (>= 50 ms) meanwhile. */
  long_tasks_generating: number[];
  /** The longest task from page load to the second heatmap. */
  longest_task_load_ms: number | null;
  /** The longest task once the weights have arrived (decode, upload,
   * kernels, first draw and on). */
  longest_task_after_weights_ms: number | null;
  /** The longest task once the model is loaded and drawn once. */
  longest_task_after_load_ms: number | null;
  /** Every long task (>= 50 ms) of page load: start since page load,
   * duration. */
  long_tasks: {start: number; duration: number}[];
  browser_forward_ms_t128: number | null;
  browser_generate_tok_s: number | null;
  errors: string[];
}

const TEXT =
  'First Citizen:\nBefore we proceed any further, hear me speak.\n\n' +
  'All:\nSpeak, speak.\n\nFirst Citizen:\nYou are all resolved rather ' +
  'to die than to famish?\n\nAll:\nResolved. resolved.\n';

configurePeek({wasmDir: '/wasm/', modelUrl: '/model/manifest.json'});

async function run(): Promise<BrowserResult> {
  const result: BrowserResult = {
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
    errors: [],
  };
  addEventListener('peek-error', (e) => {
    const detail = (e as CustomEvent<{message: string}>).detail;
    result.errors.push(`peek-error: ${detail?.message}`);
  });
  if (customElements.get('peek-attention')) {
    await measureElement(result).catch((e) => result.errors.push(String(e)));
    if (customElements.get('peek-sampler')) {
      await measureGenerating(result).catch((e) =>
        result.errors.push(String(e))
      );
    }
  } else {
    result.errors.push('<peek-attention> is not built: no element figures');
  }
  await measureEngine(result).catch((e) => result.errors.push(String(e)));
  return result;
}

/** Cold first heatmap (model load included), warm one, head redraws. */
async function measureElement(r: BrowserResult): Promise<void> {
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      r.long_tasks.push({
        start: round(e.startTime, 0),
        duration: round(e.duration, 0),
      });
    }
  });
  observer.observe({type: 'longtask', buffered: true});

  let weightsAt = Infinity;
  modelEvents.addEventListener('status', (e) => {
    const {state} = (e as CustomEvent<{state: string}>).detail;
    // The last progress event comes as the last byte of the weights does.
    if (state === 'loading') weightsAt = performance.now();
  });
  r.first_heatmap_ms = await firstHeatmap(TEXT.slice(0, 128));
  const loaded = performance.now();
  r.first_heatmap_warm_ms = await firstHeatmap(TEXT.slice(10, 138));
  const el = document.querySelector('peek-attention')!;
  const times: number[] = [];
  for (let i = 0; i < 32; i++) {
    // Let the previous frame paint before timing the next change.
    await new Promise((done) => requestAnimationFrame(() => setTimeout(done)));
    const t0 = performance.now();
    el.setAttribute('layer', String(Math.floor(i / 4) % 4));
    el.setAttribute('head', String(i % 4));
    await (el as unknown as {updateComplete: Promise<unknown>}).updateComplete;
    times.push(performance.now() - t0);
  }
  r.heads_redraw_ms = round(median(times.slice(4)), 2);
  await new Promise((done) => setTimeout(done, 100));
  observer.disconnect();
  // No entry means no task reached the 50 ms a long task starts at.
  const longest = (tasks: {duration: number}[]) =>
    Math.max(0, ...tasks.map((t) => t.duration));
  r.longest_task_load_ms = longest(r.long_tasks);
  r.longest_task_after_weights_ms = longest(
    r.long_tasks.filter((t) => t.start + t.duration > weightsAt)
  );
  r.longest_task_after_load_ms = longest(
    r.long_tasks.filter((t) => t.start >= loaded)
  );
}

/**
 * A sampler autoplays GENERATED characters (past its 128-character
 * window) with a <peek-attention> following it, while a "reader" types
 * into an editable <peek-attention>, one character every 40 ms. Long
 * tasks are counted after the first ten steps (warm-up).
 */
async function measureGenerating(r: BrowserResult): Promise<void> {
  const GENERATED = 300;
  const add = (tag: string, attrs: Record<string, string>) => {
    const el = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
    el.style.width = '760px';
    document.body.append(el);
    return el;
  };
  const sampler = add('peek-sampler', {
    id: 'bench-gen',
    prompt: 'ROMEO:',
    length: String(GENERATED),
    speed: '60',
    seed: '5',
  }) as HTMLElement & {play(): void; playing: boolean};
  add('peek-attention', {for: 'bench-gen'});
  const typed = add('peek-attention', {editable: '', text: 'KING:'});
  let steps = 0;
  sampler.addEventListener('peek-step', () => steps++);
  const until = async (test: () => boolean) => {
    while (!test()) await new Promise((done) => setTimeout(done, 20));
  };
  sampler.play();
  await until(() => steps >= 10);
  await until(() => !!typed.shadowRoot?.querySelector('textarea'));
  const box = typed.shadowRoot!.querySelector('textarea')!;
  const tasks: number[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) tasks.push(round(e.duration, 0));
  });
  observer.observe({type: 'longtask'});
  const typing = (async () => {
    for (const ch of TEXT) {
      if (steps >= GENERATED) break;
      box.value += ch;
      box.dispatchEvent(new InputEvent('input', {bubbles: true}));
      await new Promise((done) => setTimeout(done, 40));
    }
  })();
  await until(() => steps >= GENERATED && !sampler.playing);
  await typing;
  await new Promise((done) => setTimeout(done, 500));
  observer.disconnect();
  r.long_tasks_generating = tasks.sort((a, b) => b - a);
  r.longest_task_ms = Math.max(0, ...tasks);
}

/** ms from connecting a <peek-attention> to its `peek-trace` event. */
async function firstHeatmap(text: string): Promise<number | null> {
  const el = document.createElement('peek-attention');
  el.setAttribute('text', text);
  el.style.width = '760px';
  const t0 = performance.now();
  const drawn = new Promise<boolean>((done) => {
    el.addEventListener('peek-trace', () => done(true), {once: true});
    el.addEventListener('peek-error', () => done(false), {once: true});
    setTimeout(() => done(false), 120_000);
  });
  document.body.append(el);
  const ok = await drawn;
  return ok ? round(performance.now() - t0, 1) : null;
}

/** The engine as the elements use it, on the page's own backend. */
async function measureEngine(r: BrowserResult): Promise<void> {
  const model = await loadModel();
  r.backend = model.backend;
  const {inference} = model;
  const N = inference.config.blockSize;
  const ids = inference.tokenizer.encode(TEXT.repeat(2)).slice(0, N);
  r.browser_forward_ms_t128 = round(
    await timeMedian(() => inference.trace(ids), 20),
    2
  );
  const decoder = inference.decoder();
  const rng = new Rng(42);
  const settings = {temperature: 0.8, topK: 0, topP: 1};
  let step = await decoder.prefill(ids);
  const rates: number[] = [];
  for (let round = 0; round < 6; round++) {
    const t0 = performance.now();
    for (let i = 0; i < N; i++) {
      step = await decoder.next(sampleNext(step.logits, settings, rng).chosen);
    }
    if (round > 0) rates.push((N * 1000) / (performance.now() - t0));
  }
  r.browser_generate_tok_s = round(median(rates), 0);
}

function round(v: number, digits: number): number {
  return Number(v.toFixed(digits));
}

declare global {
  interface Window {
    peekBenchResult?: Promise<BrowserResult>;
  }
}
window.peekBenchResult = run();
