import {html, nothing} from 'lit';
import {classMap} from 'lit/directives/class-map.js';
import {inlineStyle} from '../../src/inline-style.js';
import {glyph} from '../../src/glyphs.js';
import {rampPosition, type WeightScale} from './colour.js';
import type {Chars} from './describe.js';

/** What the text view shows: one query's weights over the text. */
export interface TextViewState {
  c: Chars;
  weights: Float32Array; // [T * T]
  /** The query whose weights colour the text. */
  q: number;
  scale: WeightScale;
  /** A position highlighted by a linked element. */
  linked?: number;
  /** The key under the pointer. */
  hoverKey?: number;
}

/** Newlines and tabs stay visible; spaces keep their width. */
const shown = (ch: string) => (ch === ' ' ? ' ' : glyph(ch));

/**
 * The text as characters, each key's background as strong as the
 * attention the query gives it (BertViz's head view, read inline). The
 * query is outlined; later characters, which it cannot see, are faded.
 * Characters are bound as text, never parsed as markup.
 */
export function textView(s: TextViewState) {
  const T = s.c.chars.length;
  return s.c.chars.map((ch, i) => {
    const w = i <= s.q ? s.weights[s.q * T + i] : 0;
    const strength = Math.round(rampPosition(w, s.scale) * 1000) / 10;
    const classes = classMap({
      ch: true,
      query: i === s.q,
      future: i > s.q,
      unknown: s.c.unknown[i],
      linked: i === s.linked,
      hover: i === s.hoverKey,
    });
    return html`<span
        class=${classes}
        data-i=${i}
        ${inlineStyle({'--w': `${strength}%`})}
        >${shown(ch)}</span
      >${ch === '\n' ? html`<br />` : nothing}`;
  });
}

/** Listeners of the text view. */
export interface TextHandlers {
  over: (e: PointerEvent) => void;
  leave: () => void;
  click: (e: MouseEvent) => void;
  key: (e: KeyboardEvent) => void;
}

/**
 * The text view's panel. As the main view (`summary` given) it is
 * focusable, labelled by the summary, and the arrows move the query; as
 * the strip under the heatmap it repeats the picture and is hidden from
 * screen readers, which have the heatmap's summary.
 */
export function textPanel(
  s: TextViewState,
  summary: string | undefined,
  on: TextHandlers
) {
  return html`<div
    class="text-view ${summary ? 'main' : ''}"
    part="text-view"
    tabindex=${summary ? 0 : nothing}
    role=${summary ? 'application' : nothing}
    aria-roledescription=${summary ? 'attention text' : nothing}
    aria-label=${summary ?? nothing}
    aria-hidden=${summary ? nothing : 'true'}
    @keydown=${on.key}
    @pointerover=${on.over}
    @pointerleave=${on.leave}
    @click=${on.click}
  >${textView(s)}</div>`;
}

/** The character index under an event in the text view, or -1. */
export function charIndex(e: Event): number {
  const target = e.target as Element | null;
  const span = target?.closest?.('[data-i]');
  return span ? Number(span.getAttribute('data-i')) : -1;
}
