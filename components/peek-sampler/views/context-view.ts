import {html, nothing} from 'lit';
import {classMap} from 'lit/directives/class-map.js';
import type {Tokenizer} from '../../../model/tokenizer.js';
import {describeChar, glyph} from '../../../src/glyphs.js';

/** One character of the window the model reads. */
export interface ContextChar {
  /** Code-point index in the whole text. */
  position: number;
  char: string;
  fromPrompt: boolean;
  /** Set when the character is outside the vocabulary. */
  standIn: string | undefined;
}

/** The last `blockSize` characters of `context`, annotated. */
export function contextWindow(
  context: string,
  promptLength: number,
  tokenizer: Tokenizer,
  blockSize: number
): ContextChar[] {
  const chars = Array.from(context);
  const start = Math.max(0, chars.length - blockSize);
  const seen = chars.slice(start);
  const enc = tokenizer.encodeDetailed(seen.join(''));
  return seen.map((char, i) => ({
    position: start + i,
    char,
    fromPrompt: start + i < promptLength,
    standIn: enc.unknown[i] ? tokenizer.vocab[enc.ids[i]] : undefined,
  }));
}

/** What the context view needs from the element. */
export interface ContextViewState {
  chars: ContextChar[];
  /** Characters in the whole text (the window may start later). */
  total: number;
  /** Position hovered in a linked view (-1 for none). */
  highlight: number;
  /** Position selected here or in a linked view (-1 for none). */
  selected: number;
  onHover(position: number): void;
  onSelect(position: number): void;
  onKey(e: KeyboardEvent): void;
}

/**
 * Where a key moves the selection in the window: arrows by one, Home and
 * End to the ends, Escape clears (-1); undefined for other keys.
 */
export function keyMove(
  key: string,
  selected: number,
  chars: ContextChar[]
): number | undefined {
  if (chars.length === 0) return undefined;
  const first = chars[0].position;
  const last = chars[chars.length - 1].position;
  const from = selected >= first && selected <= last ? selected : last + 1;
  const moves: Record<string, number> = {
    ArrowLeft: Math.max(first, from - 1),
    ArrowRight: Math.min(last, from + 1),
    Home: first,
    End: last,
    Escape: -1,
  };
  return moves[key];
}

export function charTitle(c: ContextChar): string {
  const kind = c.fromPrompt ? 'prompt' : 'generated';
  const base = `#${c.position}: ${describeChar(c.char)} (${kind})`;
  if (c.standIn === undefined) return base;
  return `${base}, not in the vocabulary: the model reads ` +
    `${describeChar(c.standIn)}`;
}

/**
 * The window as a row of chips: prompt and generated characters styled
 * apart, stand-ins marked, whitespace drawn with visible glyphs. The row
 * is one focus stop; arrow keys move the selection inside it.
 */
export function renderContext(s: ContextViewState) {
  const unknown = s.chars.filter((c) => c.standIn !== undefined).length;
  const active = s.chars.find((c) => c.position === s.selected);
  return html`<section class="context" part="context">
    <h3 class="label" id="context-label">
      Context the model reads
      <span class="detail">
        ${s.chars.length} of ${s.total} characters${unknown
          ? html`, <span class="unknown-key"
                >${unknown} stand-in${unknown === 1 ? '' : 's'}</span
              >`
          : nothing}
      </span>
    </h3>
    <div
      class="chips"
      role="listbox"
      tabindex="0"
      aria-labelledby="context-label"
      aria-activedescendant=${active ? `ctx-${active.position}` : nothing}
      @keydown=${s.onKey}
      @pointerleave=${() => s.onHover(-1)}
    >
      ${s.chars.map(
        (c) => html`<span
          id="ctx-${c.position}"
          role="option"
          aria-selected=${c.position === s.selected ? 'true' : 'false'}
          aria-label=${charTitle(c)}
          title=${charTitle(c)}
          class=${classMap({
            chip: true,
            prompt: c.fromPrompt,
            generated: !c.fromPrompt,
            unknown: c.standIn !== undefined,
            space: glyph(c.char) !== c.char,
            hover: c.position === s.highlight,
            selected: c.position === s.selected,
          })}
          @pointerenter=${() => s.onHover(c.position)}
          @click=${() => s.onSelect(c.position)}
          >${glyph(c.char)}</span
        >`
      )}
    </div>
    <p class="key" aria-hidden="true">
      <span class="chip prompt">A</span> prompt
      <span class="chip generated">a</span> generated
      <span class="chip unknown">é</span> stand-in (not in the vocabulary)
    </p>
  </section>`;
}
