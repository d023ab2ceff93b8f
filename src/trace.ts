/**
 * Everything one forward pass computed, as plain arrays: what the
 * elements draw. All matrices are row-major over positions.
 */
export interface ForwardTrace {
  /** Number of positions (at most the model's context). */
  T: number;
  /** Token ids [T]. */
  ids: number[];
  /** The characters as typed, one per position (before stand-ins). */
  chars: string[];
  /** Per position, whether the character was outside the vocabulary. */
  unknown: boolean[];
  /** [layer][head] -> attention weights [T * T], row = query. */
  attention: Float32Array[][];
  /** [layer] -> ReLU MLP activations [T * mlpHidden]. */
  mlp: Float32Array[];
  /** nLayer + 1 entries: the residual stream entering each block, then
   * leaving the last one, each [T * nEmbd]. */
  residual: Float32Array[];
  /** Output logits [T * vocabSize]. */
  logits: Float32Array;
  /** softmax(logits) per position [T * vocabSize]. */
  probs: Float32Array;
}

/** Row `q` of a [T * T] matrix. */
export function row(m: Float32Array, T: number, q: number): Float32Array {
  return m.subarray(q * T, (q + 1) * T);
}
