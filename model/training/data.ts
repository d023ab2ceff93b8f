import {Tokenizer} from '../tokenizer.js';
import type {Rng} from '../rng.js';

/** A corpus cut into the usual splits: first 90% train, last 10% val. */
export interface Corpus {
  tokenizer: Tokenizer;
  train: Uint8Array;
  val: Uint8Array;
}

/** Tokenizes a corpus and splits it. */
export function splitCorpus(text: string, vocab?: readonly string[]): Corpus {
  const tokenizer = vocab ? new Tokenizer(vocab) : Tokenizer.fromText(text);
  if (tokenizer.size > 256) {
    throw new Error(
      `The corpus has ${tokenizer.size} distinct characters; ` +
        'Peek models hold at most 256.'
    );
  }
  const ids = Uint8Array.from(tokenizer.encode(text));
  const cut = Math.floor(ids.length * 0.9);
  return {tokenizer, train: ids.subarray(0, cut), val: ids.subarray(cut)};
}

/**
 * A random batch of windows: inputs [B*T] and next-character targets
 * [B*T], row-major.
 */
export function sampleBatch(
  data: Uint8Array,
  batch: number,
  block: number,
  rng: Rng
): {x: Int32Array; y: Int32Array} {
  if (data.length < block + 1) {
    throw new Error(
      `Split has ${data.length} characters; need at least ${block + 1}.`
    );
  }
  const x = new Int32Array(batch * block);
  const y = new Int32Array(batch * block);
  for (let b = 0; b < batch; b++) {
    const start = rng.int(data.length - block);
    for (let t = 0; t < block; t++) {
      x[b * block + t] = data[start + t];
      y[b * block + t] = data[start + t + 1];
    }
  }
  return {x, y};
}

/**
 * Windows that score every character of a split once: each window is
 * `block` long and scores only its last `stride` positions (all of them in
 * the first window), so every character after the first window sees at
 * least block - stride characters of context.
 */
export function evalWindows(
  length: number,
  block: number,
  stride = block / 2
): {start: number; from: number}[] {
  const windows: {start: number; from: number}[] = [];
  if (length < 2) return windows;
  const last = length - 1; // the last character has no target
  if (last <= block) return [{start: 0, from: 0}];
  windows.push({start: 0, from: 0});
  let scoredUpTo = block; // positions [0, block) of targets scored
  while (scoredUpTo < last) {
    const end = Math.min(scoredUpTo + stride, last);
    const start = end - block;
    windows.push({start, from: scoredUpTo - start});
    scoredUpTo = end;
  }
  return windows;
}
