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
