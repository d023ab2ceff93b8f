/**
 * Attribute converters that never produce NaN. A value that cannot be used
 * falls back (or is clamped) and the element warns once, naming the
 * attribute and the valid range.
 */

export type Warn = (code: string, message: string) => void;

/**
 * A lit attribute converter for numeric properties. Text that reads as a
 * finite number becomes that number; other text is kept as written, so
 * that readNumber's warning quotes what the author typed (lit's
 * `type: Number` would turn it into NaN first).
 */
export const numberOrText = {
  fromAttribute(value: string | null): number | string | null {
    if (value === null) return null;
    const n = Number(value.trim());
    return value.trim() !== '' && Number.isFinite(n) ? n : value;
  },
  toAttribute(value: unknown): string | null {
    return value === null || value === undefined ? null : String(value);
  },
};

/** Reads a number, clamped to [min, max]; rounds when integer. */
export function readNumber(
  raw: unknown,
  o: {
    name: string;
    fallback: number;
    min: number;
    max: number;
    integer?: boolean;
  },
  warn: Warn
): number {
  if (raw === null || raw === undefined || raw === '') return o.fallback;
  const n = typeof raw === 'number' ? raw : Number(String(raw).trim());
  if (!Number.isFinite(n)) {
    warn(
      `bad-${o.name}`,
      `${o.name}="${String(raw)}" is not a number; using ${o.fallback}.`
    );
    return o.fallback;
  }
  let v = o.integer ? Math.round(n) : n;
  if (o.integer && v !== n) {
    warn(`round-${o.name}`, `${o.name}="${raw}" rounded to ${v}.`);
  }
  if (v < o.min || v > o.max) {
    const c = Math.min(o.max, Math.max(o.min, v));
    warn(
      `clamp-${o.name}`,
      `${o.name}="${raw}" is outside ${o.min}..${o.max}; using ${c}.`
    );
    v = c;
  }
  return v;
}

/**
 * Boolean attributes follow HTML: present means true, whatever the value.
 * `"false"` is a common mistake, so it is honoured as false with a
 * warning rather than silently meaning true.
 */
export function readBoolean(
  raw: string | null,
  name: string,
  warn: Warn
): boolean {
  if (raw === null) return false;
  if (raw.trim().toLowerCase() === 'false') {
    warn(
      `false-${name}`,
      `${name}="false" is read as false; to turn it off, remove the ` +
        'attribute.'
    );
    return false;
  }
  return true;
}

/** Reads one of a fixed set of strings. */
export function readChoice<T extends string>(
  raw: unknown,
  name: string,
  choices: readonly T[],
  fallback: T,
  warn: Warn
): T {
  if (raw === null || raw === undefined || raw === '') return fallback;
  const v = String(raw).trim().toLowerCase() as T;
  if (choices.includes(v)) return v;
  warn(
    `bad-${name}`,
    `${name}="${String(raw)}" is not one of ${choices.join(', ')}; ` +
      `using ${fallback}.`
  );
  return fallback;
}
