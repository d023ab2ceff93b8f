import {describeChar} from '../../src/glyphs.js';

/** The characters one view shows, and how the model read them. */
export interface Chars {
  chars: readonly string[];
  unknown: readonly boolean[];
  /** The in-vocabulary character the model read at each position. */
  read: readonly string[];
}

/** The n keys a query attends to most, strongest first. */
export function topKeys(
  weights: Float32Array,
  T: number,
  q: number,
  n = 3
): {k: number; w: number}[] {
  const keys = [];
  for (let k = 0; k <= q; k++) keys.push({k, w: weights[q * T + k]});
  return keys.sort((a, b) => b.w - a.w || a.k - b.k).slice(0, n);
}

/** The key a query attends to most. */
export function strongestKey(weights: Float32Array, T: number, q: number) {
  return topKeys(weights, T, q, 1)[0]?.k ?? 0;
}

/**
 * One sentence for screen readers: where a query looks, e.g.
 * `Layer 1, head 2: for the last character "e", most attention on "h"
 * (0.41), space (0.22), "t" (0.09).`
 */
export function headSummary(
  layer: number,
  head: number,
  c: Chars,
  weights: Float32Array,
  q: number
): string {
  const T = c.chars.length;
  const name = `Layer ${layer}, head ${head}`;
  if (T === 0) return `${name}: no text to show.`;
  const which =
    q === T - 1 ? 'the last character' : `the character at position ${q}`;
  const list = topKeys(weights, T, q)
    .map(({k, w}) => `${describeChar(c.chars[k])} (${w.toFixed(2)})`)
    .join(', ');
  return (
    `${name}: for ${which} ${describeChar(c.chars[q])}, ` +
    `most attention on ${list}.`
  );
}

/** A weight to 3 decimals; a tiny one also in full, not just "0.000". */
export function weightText(w: number): string {
  const fixed = w.toFixed(3);
  return w > 0 && w < 5e-4 ? `${fixed} (${w.toExponential(1)})` : fixed;
}

/** Tooltip lines for one (query, key) cell: the pair, then details. */
export function cellLines(
  c: Chars,
  weights: Float32Array,
  q: number,
  k: number
): string[] {
  const T = c.chars.length;
  const qc = describeChar(c.chars[q]);
  const kc = describeChar(c.chars[k]);
  const lines =
    k > q
      ? [`${qc} → ${kc}: masked`, `#${k} comes after #${q}, unseen`]
      : [
          `${qc} → ${kc}: ${weightText(weights[q * T + k])}`,
          `query #${q} → key #${k}`,
        ];
  for (const i of q === k ? [q] : [q, k]) {
    if (c.unknown[i]) {
      lines.push(
        `${describeChar(c.chars[i])} is not in the vocabulary; ` +
          `read as ${describeChar(c.read[i])}`
      );
    }
  }
  return lines;
}
