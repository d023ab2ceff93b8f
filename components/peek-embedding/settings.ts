import {
  readBoolean,
  readChoice,
  readNumber,
  type Warn,
} from '../../src/attributes.js';
import type {LayoutSettings} from './layout-controller.js';

/** The attributes as the element uses them, after validation. */
export interface Settings extends LayoutSettings {
  trajectory: boolean;
}

/** What the element's attributes hold, before validation. */
export interface RawSettings {
  method: unknown;
  source: unknown;
  seed: unknown;
  perplexity: unknown;
  trajectory: unknown;
  /** The `trajectory` attribute itself, to honour `"false"`. */
  trajectoryAttribute: string | null;
}

const SEED = {name: 'seed', fallback: 1, min: 0, max: 2 ** 32 - 1};
const PERPLEXITY = {name: 'perplexity', fallback: 10, min: 2, max: 50};

/** Validates raw attribute values, warning once for each bad one. */
export function readSettings(raw: RawSettings, warn: Warn): Settings {
  const sources = ['tokens', 'positions'] as const;
  const attr = raw.trajectoryAttribute ?? '';
  return {
    method: readChoice(raw.method, 'method', ['pca', 'tsne'], 'pca', warn),
    source: readChoice(raw.source, 'source', sources, 'tokens', warn),
    seed: readNumber(raw.seed, {...SEED, integer: true}, warn),
    perplexity: readNumber(raw.perplexity, PERPLEXITY, warn),
    trajectory: !!raw.trajectory && readBoolean(attr, 'trajectory', warn),
  };
}

/**
 * The selected point: a whole index 0..n - 1 into the shown set, or -1
 * for none. Anything else selects nothing (a wrong point would mislead)
 * and warns, saying what the attribute takes.
 */
export function readSelected(
  raw: unknown,
  points: {source: string; n: number; chars: readonly string[]},
  warn: Warn
): number {
  const text = String(raw ?? '').trim();
  if (text === '') return -1;
  const i = typeof raw === 'number' ? raw : Number(text);
  const {source, n, chars} = points;
  if (Number.isInteger(i) && i >= -1 && i < n) return i;
  const what = source === 'tokens' ? 'token id' : 'position row';
  const id = source === 'tokens' ? chars.indexOf(String(raw)) : -1;
  warn(
    'bad-selected',
    `selected="${String(raw)}" is not a ${what} 0..${n - 1} (or -1 for ` +
      'none); nothing is selected.' +
      (id >= 0 ? ` The token id of "${String(raw)}" is ${id}.` : '')
  );
  return -1;
}
