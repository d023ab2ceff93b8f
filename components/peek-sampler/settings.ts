import {DEFAULT_CONFIG} from '../../model/config.js';
import {readBoolean, readNumber, type Warn} from '../../src/attributes.js';

/** Prompt used when the attribute is absent. */
export const DEFAULT_PROMPT = 'ROMEO:';

/**
 * The model needs at least one character to read. An empty prompt starts
 * from a newline, as the corpus's speeches do.
 */
export const EMPTY_PROMPT = '\n';

/** The numeric attributes: name, default and valid range of each. */
export const NUMBERS = {
  length: {name: 'length', fallback: 200, min: 1, max: 2000, integer: true},
  temperature: {name: 'temperature', fallback: 1, min: 0, max: 5},
  // max is the vocabulary size: the default model's until one is loaded.
  topK: {
    name: 'top-k',
    fallback: 0,
    min: 0,
    max: DEFAULT_CONFIG.vocabSize,
    integer: true,
  },
  topP: {name: 'top-p', fallback: 1, min: 0, max: 1},
  seed: {name: 'seed', fallback: 42, min: 0, max: 2 ** 32 - 1, integer: true},
  speed: {name: 'speed', fallback: 8, min: 0.5, max: 60},
} as const;

export type NumberName = keyof typeof NUMBERS;

/** A numeric attribute's value, clamped; `max` overrides the table's. */
export function readSetting(
  key: NumberName,
  raw: unknown,
  warn: Warn,
  max?: number
): number {
  const spec = NUMBERS[key];
  return readNumber(raw, {...spec, max: max ?? spec.max}, warn);
}

/** A boolean attribute or property: `true`, or a present attribute. */
export function readFlag(raw: unknown, name: string, warn: Warn): boolean {
  if (typeof raw === 'boolean') return raw;
  if (raw === undefined) return false;
  return readBoolean(raw === null ? null : String(raw), name, warn);
}

/** The prompt to start from. */
export function readPrompt(raw: unknown): string {
  if (raw === null || raw === undefined) return DEFAULT_PROMPT;
  const text = String(raw);
  return text === '' ? EMPTY_PROMPT : text;
}
