/** One evaluation written by `npm run train` to train-log.jsonl. */
export interface LogEntry {
  step: number;
  trainLoss: number;
  valLoss: number;
  lr: number;
  /** Text the model generated at this step (untrusted: never markup). */
  sample: string;
}

/**
 * Reads train-log.jsonl: one JSON object per line. Lines that are blank,
 * not JSON, or missing a finite step or loss are skipped and counted, so a
 * log cut off mid-write still shows what it holds.
 */
export function parseTrainLog(text: string): {
  entries: LogEntry[];
  skipped: number;
} {
  const entries: LogEntry[] = [];
  let skipped = 0;
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    let row: Record<string, unknown>;
    try {
      row = JSON.parse(line);
    } catch {
      skipped++;
      continue;
    }
    const {step, trainLoss, valLoss, lr, sample} = row ?? {};
    if (
      !Number.isFinite(step) ||
      !Number.isFinite(trainLoss) ||
      !Number.isFinite(valLoss)
    ) {
      skipped++;
      continue;
    }
    entries.push({
      step: step as number,
      trainLoss: trainLoss as number,
      valLoss: valLoss as number,
      lr: Number.isFinite(lr) ? (lr as number) : NaN,
      sample: typeof sample === 'string' ? sample : '',
    });
  }
  entries.sort((a, b) => a.step - b.step);
  return {entries, skipped};
}

/** The entry with the lowest validation loss, or undefined if none. */
export function bestEntry(entries: LogEntry[]): LogEntry | undefined {
  let best: LogEntry | undefined;
  for (const e of entries) if (!best || e.valLoss < best.valLoss) best = e;
  return best;
}
