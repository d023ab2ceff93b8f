/**
 * Character-level tokenizer. A token is one Unicode code point, so an emoji
 * is one token, never two UTF-16 halves.
 *
 * Characters outside the vocabulary are not dropped (positions would shift
 * under the reader's cursor). Each is replaced by a stand-in the model knows:
 * its accent-free form (é → e), a plain ASCII look-alike (“ → ", — → -,
 * tab → space; and " → ' for a vocabulary without ", such as
 * tiny-shakespeare's), or else a space. Such positions are flagged `unknown` so
 * the elements can mark them.
 */
export class Tokenizer {
  readonly vocab: readonly string[];
  private readonly index = new Map<string, number>();

  constructor(vocab: readonly string[]) {
    if (vocab.length === 0) {
      throw new Error('Vocabulary is empty.');
    }
    for (const [i, ch] of vocab.entries()) {
      if (typeof ch !== 'string' || Array.from(ch).length !== 1) {
        throw new Error(
          `Vocabulary entry ${i} must be exactly one character, ` +
            `got ${JSON.stringify(ch)}.`
        );
      }
      if (this.index.has(ch)) {
        throw new Error(
          `Vocabulary repeats the character ${JSON.stringify(ch)}.`
        );
      }
      this.index.set(ch, i);
    }
    this.vocab = [...vocab];
  }

  /** The vocabulary of a corpus: its distinct characters, sorted. */
  static fromText(text: string): Tokenizer {
    const chars = [...new Set(Array.from(text))].sort();
    return new Tokenizer(chars);
  }

  get size(): number {
    return this.vocab.length;
  }

  /** Whether a single character is in the vocabulary. */
  has(ch: string): boolean {
    return this.index.has(ch);
  }

  /** Token ids of text; unknown characters use their stand-in. */
  encode(text: string): number[] {
    return this.encodeDetailed(text).ids;
  }

  /**
   * Token ids plus, per position, the original character and whether it
   * was replaced.
   */
  encodeDetailed(text: string): {
    ids: number[];
    chars: string[];
    unknown: boolean[];
  } {
    const chars = Array.from(text);
    const ids: number[] = [];
    const unknown: boolean[] = [];
    for (const ch of chars) {
      const id = this.index.get(ch);
      if (id !== undefined) {
        ids.push(id);
        unknown.push(false);
      } else {
        ids.push(this.standIn(ch));
        unknown.push(true);
      }
    }
    return {ids, chars, unknown};
  }

  /** Text of token ids; throws on an id outside the vocabulary. */
  decode(ids: Iterable<number>): string {
    let out = '';
    for (const id of ids) {
      const ch = this.vocab[id];
      if (ch === undefined) {
        throw new Error(
          `Token id ${id} is outside the vocabulary (0..${this.size - 1}).`
        );
      }
      out += ch;
    }
    return out;
  }

  /** The in-vocabulary id that stands in for an unknown character. */
  private standIn(ch: string): number {
    const lookalike = LOOKALIKES[ch];
    const candidates = [
      lookalike,
      // One step further: “ → " → ' when the vocabulary has no ".
      lookalike === undefined ? undefined : LOOKALIKES[lookalike],
      ch.normalize('NFKD').replace(/[\u0300-\u036f]/g, ''),
      ch.toLowerCase(),
      ' ',
    ];
    for (const c of candidates) {
      if (c !== undefined) {
        const id = this.index.get(c);
        if (id !== undefined) return id;
      }
    }
    return 0;
  }
}

/** ASCII look-alikes for common typographic characters. */
const LOOKALIKES: Record<string, string> = {
  '\t': ' ',
  '\r': '\n',
  '\u00a0': ' ',
  '\u2018': "'",
  '\u2019': "'",
  '\u201c': '"',
  '\u201d': '"',
  '"': "'",
  '\u2013': '-',
  '\u2014': '-',
  '\u2026': '.',
};
