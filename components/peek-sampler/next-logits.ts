import type {Decoder} from '../../src/decoder.js';
import type {PeekModel} from '../../src/store.js';

/** Where the sampler gets the model's opinion of what comes next. */
export interface LogitsSource {
  /** Logits [V] for the character after `text`, of which the model
   * reads the last blockSize characters, like lastLogits. */
  next(text: string): Promise<Float32Array>;
}

/** The plain way: a forward pass over the whole window every time. */
export class WindowLogits implements LogitsSource {
  constructor(private readonly model: PeekModel) {}

  next(text: string): Promise<Float32Array> {
    return this.model.inference.lastLogits(text);
  }
}

/** More new characters than this are read by one prefill, not steps. */
const MAX_STEPS = 8;

/**
 * The same answers as {@link WindowLogits} (within 1e-4, tested) from a
 * KV-cache decoder (src/decoder.ts): a sampler's text mostly grows by
 * one character, and the decoder reads just that character (~1 ms)
 * instead of the whole window again (~10 ms on wasm).
 *
 * It compares each text with the tokens the decoder holds. Grown by a
 * few characters: it steps through them. Shorter, or the same (a step
 * back, new settings): it drops the cache past the shared start and
 * reads the last character again. Otherwise (a new prompt) it prefills.
 * Past blockSize characters the window slides by one each step, and as
 * positions are learned absolute embeddings every cached position would
 * change: there it is a full forward pass, as before.
 */
export class DecoderLogits implements LogitsSource {
  private decoder: Decoder | undefined;

  constructor(private readonly model: PeekModel) {}

  async next(text: string): Promise<Float32Array> {
    const N = this.model.data.config.blockSize;
    const ids = this.model.tokenizer.encode(text);
    if (ids.length > N) {
      this.decoder = undefined;
      return this.model.inference.lastLogits(text);
    }
    if (ids.length === 0) {
      throw new Error('The sampler needs at least one character of text.');
    }
    const d = (this.decoder ??= this.model.inference.decoder());
    // Reuse at least one cached token and recompute at least the last.
    const shared = Math.min(sharedStart(d.window, ids), ids.length - 1);
    if (shared === 0 || ids.length - shared > MAX_STEPS) {
      return (await d.prefill(ids)).logits;
    }
    await d.truncate(shared);
    let logits: Float32Array | undefined;
    for (const id of ids.slice(shared)) logits = (await d.next(id)).logits;
    return logits!;
  }
}

/** How many leading tokens two windows share. */
function sharedStart(a: readonly number[], b: readonly number[]): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}
