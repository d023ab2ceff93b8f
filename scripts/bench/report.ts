/** The benchmark's table, with each figure beside its target. */

/** A figure's target: at least or at most a value. */
export interface Target {
  min?: number;
  max?: number;
}

export interface Row {
  label: string;
  value: number | null;
  unit: string;
  target?: Target;
  /** Digits after the point. */
  digits?: number;
}

/** Whether a value meets its target (undefined when there is none). */
export function meets(value: number | null, t?: Target): boolean | undefined {
  if (!t || value === null) return undefined;
  return (t.min === undefined || value >= t.min) &&
    (t.max === undefined || value <= t.max);
}

/** Rows as an aligned text table. */
export function formatTable(rows: Row[]): string {
  const cells = rows.map((r) => {
    const ok = meets(r.value, r.target);
    const value =
      r.value === null
        ? 'n/a'
        : r.value.toLocaleString('en-US', {
            maximumFractionDigits: r.digits ?? 1,
            minimumFractionDigits: r.digits ?? 1,
          });
    const target = !r.target
      ? ''
      : r.target.min !== undefined
        ? `>= ${r.target.min.toLocaleString('en-US')}`
        : `<= ${r.target.max!.toLocaleString('en-US')}`;
    const mark = ok === undefined ? '' : ok ? 'ok' : 'MISSED';
    return [r.label, `${value} ${r.unit}`, target, mark];
  });
  const head = ['measure', 'value', 'target', ''];
  const widths = head.map((h, i) =>
    Math.max(h.length, ...cells.map((c) => c[i].length))
  );
  const line = (c: string[]) =>
    c.map((s, i) => (i === 1 ? s.padStart(widths[i]) : s.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '-'.repeat(w));
  return [head, rule, ...cells].map(line).join('\n');
}
