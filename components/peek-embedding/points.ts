import type {ModelData} from '../../model/format.js';
import {pca, type Pca} from '../../src/pca.js';
import {glyph} from '../../src/glyphs.js';

/** Which table of vectors the view shows. */
export type EmbeddingSource = 'tokens' | 'positions';

/** The vectors one view places, with how to name each. */
export interface PointSet {
  source: EmbeddingSource;
  /** Number of points (vocabulary size or context length). */
  n: number;
  /** Dimensions of each vector (nEmbd). */
  d: number;
  /** Row-major [n * d]: rows of 'wte' or 'wpe'. */
  vectors: Float32Array;
  /** What is drawn for each point: a glyph or a position number. */
  labels: string[];
  /** The character behind each point ('' for positions). */
  chars: string[];
}

const sets = new WeakMap<ModelData, Map<EmbeddingSource, PointSet>>();
const fits = new WeakMap<PointSet, Pca>();

/** The model's token or position table as points (cached per model). */
export function pointSet(data: ModelData, source: EmbeddingSource): PointSet {
  let bySource = sets.get(data);
  if (!bySource) sets.set(data, (bySource = new Map()));
  let set = bySource.get(source);
  if (!set) {
    const {nEmbd: d, blockSize, vocabSize} = data.config;
    const tokens = source === 'tokens';
    const n = tokens ? vocabSize : blockSize;
    const vectors = data.weights.get(tokens ? 'wte' : 'wpe');
    if (!vectors || vectors.length !== n * d) {
      throw new Error(`The model has no ${tokens ? 'wte' : 'wpe'} table.`);
    }
    const chars = tokens ? [...data.vocab] : Array<string>(n).fill('');
    const labels = tokens
      ? chars.map(glyph)
      : Array.from({length: n}, (_, i) => String(i));
    set = {source, n, d, vectors, labels, chars};
    bySource.set(source, set);
  }
  return set;
}

/** The 2-D PCA of a point set (cached: ~50 ms for 128 dimensions). */
export function pcaOf(set: PointSet): Pca {
  let fit = fits.get(set);
  if (!fit) {
    fit = pca(set.vectors, set.n, set.d, 2);
    fits.set(set, fit);
  }
  return fit;
}

/** Kinds of character, coloured apart so patterns are easy to name. */
export const CHAR_CLASSES = [
  'vowel',
  'consonant',
  'capital',
  'punctuation',
  'whitespace',
  'other',
] as const;
export type CharClass = (typeof CHAR_CLASSES)[number];

/** Plural names for the summary and the legend. */
export const CLASS_NAMES: Record<CharClass, string> = {
  vowel: 'lowercase vowels',
  consonant: 'lowercase consonants',
  capital: 'capitals',
  punctuation: 'punctuation',
  whitespace: 'space and newline',
  other: 'digits and symbols',
};

/** The kind of one character. */
export function charClass(ch: string): CharClass {
  if (/^[aeiou]$/.test(ch)) return 'vowel';
  if (/^\p{Ll}$/u.test(ch)) return 'consonant';
  if (/^\p{Lu}$/u.test(ch)) return 'capital';
  if (/^\s$/u.test(ch)) return 'whitespace';
  if (/^\p{P}$/u.test(ch)) return 'punctuation';
  return 'other';
}
