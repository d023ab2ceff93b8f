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

/** A character as it should be drawn on its own. */
export function glyph(ch: string): string {
  if (ch in GLYPHS) return GLYPHS[ch];
  const code = ch.codePointAt(0) ?? 0;
  if (code < 0x20 || code === 0x7f) {
    return `\\u${code.toString(16).padStart(4, '0')}`;
  }
  return ch;
}

/** A character's name for screen readers and tooltips. */
export function describeChar(ch: string): string {
  if (ch === '\n') return 'newline';
  if (ch === ' ') return 'space';
  if (ch === '\t') return 'tab';
  return JSON.stringify(ch);
}
