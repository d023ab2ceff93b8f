import '../page/setup.js';
import {loadModel} from '../../src/store.js';
import type {
  PeekSampler,
  PeekStepDetail,
} from '../../components/peek-sampler/peek-sampler.js';
import '../../components/peek-sampler/define.js';

export {model, until, wait} from '../page/setup.js';

/** A connected <peek-sampler> with the given attributes, model ready. */
export async function sampler(
  attrs: Record<string, string> = {}
): Promise<PeekSampler> {
  const el = document.createElement('peek-sampler');
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  document.body.append(el);
  await loadModel();
  await el.updateComplete;
  return el;
}

/** Collects an element's `peek-step` details. */
export function recordSteps(el: Element): PeekStepDetail[] {
  const out: PeekStepDetail[] = [];
  el.addEventListener('peek-step', (e) =>
    out.push((e as CustomEvent<PeekStepDetail>).detail)
  );
  return out;
}

/** Steps `n` times, one after another. */
export async function stepN(el: PeekSampler, n: number): Promise<void> {
  for (let i = 0; i < n; i++) await el.step();
  await el.updateComplete;
}

/** The model's next-character logits and probabilities, via a trace. */
export async function nextDistribution(text: string) {
  const m = await loadModel();
  const trace = await m.inference.traceText(text);
  const V = m.tokenizer.size;
  const at = (trace.T - 1) * V;
  return {
    logits: trace.logits.slice(at, at + V),
    probs: trace.probs.slice(at, at + V),
  };
}

/** One row of the candidates table, read back from the DOM. */
export interface Row {
  id: number;
  p: number;
  tempered: number;
  filtered: number;
  /** The printed values: model, tempered, filtered. */
  texts: string[];
  cut: boolean;
  chosen: boolean;
}

export function rows(el: PeekSampler): Row[] {
  const trs = el.shadowRoot!.querySelectorAll<HTMLElement>(
    '.candidates tbody tr'
  );
  return [...trs].map((tr) => ({
    id: Number(tr.dataset.id),
    p: Number(tr.dataset.p),
    tempered: Number(tr.dataset.tempered),
    filtered: Number(tr.dataset.filtered),
    texts: [...tr.querySelectorAll('.value')].map((v) => v.textContent!),
    cut: tr.classList.contains('cut'),
    chosen: tr.classList.contains('chosen'),
  }));
}

/** Whether a printed percentage matches p within its rounding. */
export function printedMatches(text: string, p: number): boolean {
  if (text === 'cut' || text === '0%') return p === 0;
  if (text === '<0.1%') return p > 0 && p < 0.0005;
  const shown = Number(text.replace('%', '')) / 100;
  return Math.abs(shown - p) <= 0.0005 + 1e-6;
}

/** Every string the shadow DOM shows or holds: text, attributes, values. */
export function shadowStrings(el: Element): string[] {
  const out: string[] = [];
  const walk = (node: Node) => {
    if (node.nodeType === Node.TEXT_NODE) out.push(node.textContent ?? '');
    if (node instanceof Element) {
      for (const a of node.attributes) out.push(a.value);
      if (node instanceof HTMLInputElement) out.push(node.value);
    }
    node.childNodes.forEach(walk);
  };
  walk(el.shadowRoot!);
  return out;
}
