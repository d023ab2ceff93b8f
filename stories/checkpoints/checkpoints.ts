import type {LogEntry} from '../training-log/parse.js';

/**
 * The snapshots `npm run train` left in model/default/checkpoints/
 * (`--snapshots 100,300,1000,2000`), and the final model beside them.
 * Ids are what the story's control and buttons use.
 */
export const CHECKPOINTS = [
  'step-100',
  'step-300',
  'step-1000',
  'step-2000',
  'final',
] as const;

/** The final model: model/default/manifest.json itself. */
export const FINAL = 'final';

/** The steps the shipped model was trained for (train-config.json). */
export const FINAL_STEP = 3000;

/**
 * The manifest of checkpoint `id` under `base`, the folder holding the
 * final model (model/default/); undefined if the id is not a checkpoint
 * name. Any `step-N` is accepted, shipped or not: a missing one fails
 * to load and says so, like any missing model.
 */
export function manifestUrl(base: string, id: string): string | undefined {
  if (id === FINAL) return new URL('manifest.json', base).href;
  if (!/^step-[1-9]\d*$/.test(id)) return undefined;
  return new URL(`checkpoints/${id}/manifest.json`, base).href;
}

/** The training step a checkpoint id names (the final one: FINAL_STEP). */
export function stepOf(id: string): number {
  if (id === FINAL) return FINAL_STEP;
  const m = /^step-(\d+)$/.exec(id);
  return m ? Number(m[1]) : NaN;
}

/** What the story says about a checkpoint's training. */
export interface CheckpointFacts {
  step: number;
  /** Validation loss logged at that step, nats per character. */
  valLoss: number | undefined;
  /** Training loss logged at that step, if the log has it. */
  trainLoss: number | undefined;
}

/**
 * A model's step and logged losses: from its manifest's `training`
 * block (which the trainer writes into every snapshot), else from
 * train-log.jsonl's evaluation at that step. Values that are not finite
 * numbers count as missing.
 */
export function checkpointFacts(
  training: Record<string, unknown> | undefined,
  fallbackStep: number,
  log: readonly LogEntry[]
): CheckpointFacts {
  const finite = (v: unknown) =>
    typeof v === 'number' && Number.isFinite(v) ? v : undefined;
  const step = finite(training?.step) ?? fallbackStep;
  const logged = log.find((e) => e.step === step);
  return {
    step,
    valLoss: finite(training?.valLossEstimate) ?? logged?.valLoss,
    trainLoss: finite(training?.trainLoss) ?? logged?.trainLoss,
  };
}
