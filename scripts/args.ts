/** A tiny `--flag value` parser for Peek's command-line tools. */
export function parseArgs(argv: string[]) {
  const values = new Map<string, string>();
  const flags = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) {
      throw new Error(`Unexpected argument "${a}"; options start with --.`);
    }
    const [key, inline] = a.slice(2).split('=', 2);
    if (inline !== undefined) values.set(key, inline);
    else if (i + 1 < argv.length && !argv[i + 1].startsWith('--')) {
      values.set(key, argv[++i]);
    } else flags.add(key);
  }
  return {
    has: (k: string) => values.has(k),
    flag: (k: string) => flags.has(k) || values.get(k) === 'true',
    raw: (k: string) => values.get(k) ?? '',
    string(k: string): string {
      const v = values.get(k);
      if (!v) throw new Error(`Missing --${k} <value>.`);
      return v;
    },
    number(k: string): number {
      const v = Number(values.get(k));
      if (!Number.isFinite(v)) {
        throw new Error(`--${k} must be a number, got "${values.get(k)}".`);
      }
      return v;
    },
  };
}
