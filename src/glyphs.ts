/**
 * Visible stand-ins for characters that would otherwise draw as nothing.
 * Used wherever a token is shown on its own (axes, bars, chips).
 */
const GLYPHS: Record<string, string> = {
  '\n': '↵',
  ' ': '␣',
  '\t': '⇥',
  '\r': '␍',
};

/**
 * Invisible format characters: zero-width ones, and the bidirectional
 * controls, which also reorder what is drawn after them (a right-to-left
 * override in a prompt would show the rest of the text backwards).
 */
const FORMAT = /[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/;
const EVERY_FORMAT = new RegExp(FORMAT.source, 'g');

/** A character as it should be drawn on its own. */
export function glyph(ch: string): string {
  if (ch in GLYPHS) return GLYPHS[ch];
  const code = ch.codePointAt(0) ?? 0;
  if (code < 0x20 || code === 0x7f || FORMAT.test(ch)) {
    return `\\u${code.toString(16).padStart(4, '0')}`;
  }
  return ch;
}

/**
 * Running text with its invisible format characters written out as
 * {@link glyph} shows them, so the text reads in the order the model
 * reads it.
 */
export function visibleText(text: string): string {
  return text.replace(EVERY_FORMAT, glyph);
}

/** A character's name for screen readers and tooltips. */
export function describeChar(ch: string): string {
  if (ch === '\n') return 'newline';
  if (ch === ' ') return 'space';
  if (ch === '\t') return 'tab';
  if (FORMAT.test(ch)) return glyph(ch); // raw, it would reorder the label
  return JSON.stringify(ch);
}
