import {html, nothing} from 'lit';
import {visibleText} from '../../../src/glyphs.js';
import type {StepHistory} from '../history.js';

/** The parts of the generated text, as the text view shows them. */
export interface TextParts {
  prompt: string;
  /** Generated characters before the newest one. */
  earlier: string;
  /** The newest generated character ('' before the first step). */
  newest: string;
  /** Recorded steps after the one shown (after stepping back). */
  future: string;
}

/** Splits the history's text for the view. */
export function textParts(h: StepHistory): TextParts {
  const generated = Array.from(h.text).slice(Array.from(h.prompt).length);
  return {
    prompt: h.prompt,
    earlier: generated.slice(0, -1).join(''),
    newest: generated.slice(-1).join(''),
    future: h.future,
  };
}

/**
 * The text so far as plain reading text: prompt, generated characters
 * (the newest one marked), then any recorded future, faint.
 */
export function renderText(t: TextParts, step: number, length: number) {
  return html`<section class="text" part="text">
    <h3 class="label">
      Generated text
      <span class="detail" aria-live="off">${step} / ${length}</span>
    </h3>
    <p class="output"
      ><span class="prompt" title="prompt">${visibleText(t.prompt)}</span
      ><span class="generated">${visibleText(t.earlier)}</span
      >${t.newest
        ? html`<mark class="newest" part="newest"
            >${visibleText(t.newest)}</mark
          >`
        : nothing}<span
        class="future"
        title="recorded steps ahead; Step replays them"
        >${visibleText(t.future)}</span
      ></p
    >
  </section>`;
}
