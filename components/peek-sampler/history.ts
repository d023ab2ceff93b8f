import type {SampleStep, SamplingSettings} from '../../src/sampling.js';

/** One generation step as the sampler recorded it. */
export interface StepRecord {
  /** 0 for the first generated character. */
  index: number;
  /** The whole text before the choice; the model reads its tail. */
  context: string;
  /** The chosen character. */
  chosen: string;
  /** Every intermediate of the choice. */
  step: SampleStep;
  /** The settings the choice was made with. */
  settings: SamplingSettings;
  /** The generator's state before and after the draw. */
  rngBefore: number;
  rngAfter: number;
}

/** Whether two settings would make the same choice from the same logits. */
export function sameSettings(a: SamplingSettings, b: SamplingSettings) {
  return (
    a.temperature === b.temperature && a.topK === b.topK && a.topP === b.topP
  );
}

/**
 * The steps taken so far and which one is shown. Stepping back only
 * moves the cursor, so stepping forward again can replay a recorded step
 * exactly; the generator state saved with each step lets a new step
 * continue from anywhere.
 */
export class StepHistory {
  readonly steps: StepRecord[] = [];
  /** How many steps are shown: 0 before the first, steps.length at most. */
  cursor = 0;

  constructor(
    readonly prompt: string,
    readonly seed: number
  ) {}

  /** The step on screen, if any. */
  get current(): StepRecord | undefined {
    return this.steps[this.cursor - 1];
  }

  /** The text so far: the prompt and the shown steps' choices. */
  get text(): string {
    const current = this.current;
    return current ? current.context + current.chosen : this.prompt;
  }

  /** Recorded steps past the cursor (shown faintly). */
  get future(): string {
    return this.steps
      .slice(this.cursor)
      .map((s) => s.chosen)
      .join('');
  }

  /** The generator state the next new step starts from. */
  get rngState(): number {
    return this.current?.rngAfter ?? this.seed >>> 0;
  }

  /** Whether the next step is recorded and was made with `settings`. */
  canReplay(settings: SamplingSettings): boolean {
    const next = this.steps[this.cursor];
    return next !== undefined && sameSettings(next.settings, settings);
  }

  /** Moves onto the next recorded step. */
  replay(): StepRecord {
    this.cursor++;
    return this.current!;
  }

  /** Records a new step after the cursor, dropping any recorded future. */
  push(record: Omit<StepRecord, 'index' | 'context'>): StepRecord {
    this.truncate();
    const full = {...record, index: this.cursor, context: this.text};
    this.steps.push(full);
    this.cursor++;
    return full;
  }

  /** Steps back one; false when already before the first step. */
  back(): boolean {
    if (this.cursor === 0) return false;
    this.cursor--;
    return true;
  }

  /** Forgets the recorded steps after the cursor. */
  truncate(): void {
    this.steps.length = this.cursor;
  }

  /** Keeps at most `n` steps, moving the cursor back if needed. */
  limit(n: number): void {
    if (this.steps.length > n) this.steps.length = n;
    this.cursor = Math.min(this.cursor, n);
  }
}
