import {Rng} from '../../model/rng.js';
import {sampleNext, type SamplingSettings} from '../../src/sampling.js';
import type {PeekModel} from '../../src/store.js';
import {StepHistory, type StepRecord} from './history.js';
import {DecoderLogits, type LogitsSource} from './next-logits.js';

/** How a step came to be shown. */
export type StepKind = 'new' | 'replay' | 'back';

/** What the player asks of the element that owns it. */
export interface PlayerHost {
  readonly model: PeekModel | undefined;
  readonly settings: SamplingSettings;
  /** Characters to generate. */
  readonly length: number;
  /** Steps per second while playing. */
  readonly speed: number;
  /** A step is now shown. */
  stepped(record: StepRecord, kind: StepKind): void;
  /** Back before the first step, by stepping back or resetting. */
  rewound(reason: 'reset' | 'back'): void;
  failed(error: unknown): void;
  /** Something on screen changed (the history or playing). */
  changed(): void;
}

/**
 * Takes, records, replays and plays steps. One step runs at a time:
 * calls queue behind each other, and a reset or removal disowns whatever
 * is in flight or queued, so a late result is never shown.
 */
export class StepPlayer {
  history: StepHistory;
  playing = false;
  /** Bumped to disown in-flight and queued steps. */
  private epoch = 0;
  /** Bumped to end a play loop. */
  private playToken = 0;
  private queue: Promise<unknown> = Promise.resolve();
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** The logits source of the current model. */
  private source: {model: PeekModel; logits: LogitsSource} | undefined;

  /**
   * `logitsFor` makes each model's logits source: a KV-cache decoder by
   * default (see next-logits.ts).
   */
  constructor(
    private readonly host: PlayerHost,
    prompt: string,
    seed: number,
    private readonly logitsFor: (model: PeekModel) => LogitsSource = (m) =>
      new DecoderLogits(m)
  ) {
    this.history = new StepHistory(prompt, seed);
  }

  /** Plays at the host's speed; at the end, starts over. */
  play(): void {
    if (this.playing) return;
    if (this.history.cursor >= this.host.length) this.restart();
    this.playing = true;
    const token = ++this.playToken;
    this.timer = setTimeout(() => this.tick(token), 0);
    this.host.changed();
  }

  pause(): void {
    this.playToken++;
    clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.playing) return;
    this.playing = false;
    this.host.changed();
  }

  /** Pauses and takes one step; resolves whether it did. */
  step(): Promise<boolean> {
    this.pause();
    return this.enqueue(() => this.advance());
  }

  /** Pauses and shows the step before; resolves whether it moved. */
  back(): Promise<boolean> {
    this.pause();
    return this.enqueue(() => {
      if (!this.history.back()) return false;
      const current = this.history.current;
      if (current) this.host.stepped(current, 'back');
      else this.host.rewound('back');
      return true;
    });
  }

  /**
   * Forgets every step and starts again from the prompt and seed. Says
   * so when the text shown changes: steps are forgotten, or the prompt
   * is new (followers may have read the one before).
   */
  restart(
    prompt = this.history.prompt,
    seed = this.history.seed
  ): void {
    this.disown();
    const before = this.history;
    this.history = new StepHistory(prompt, seed);
    this.host.changed();
    if (before.cursor > 0 || before.prompt !== prompt) {
      this.host.rewound('reset');
    }
  }

  /** Stops and disowns anything in flight (the element was removed). */
  stop(): void {
    this.pause();
    this.disown();
  }

  private disown(): void {
    this.epoch++;
  }

  /** Runs `op` after every earlier one, unless a reset came between. */
  private enqueue(op: () => boolean | Promise<boolean>): Promise<boolean> {
    const epoch = this.epoch;
    const run = this.queue.then(() => (epoch === this.epoch ? op() : false));
    const settled = run.catch((e) => {
      if (epoch === this.epoch) this.host.failed(e);
      return false;
    });
    this.queue = settled;
    return settled;
  }

  /** One beat of the play loop; a new play() or pause() ends it. */
  private async tick(token: number): Promise<void> {
    // Without a model, wait: the host calls resume() once it is ready.
    if (token !== this.playToken || !this.host.model) return;
    const started = performance.now();
    const ok = await this.enqueue(() => this.advance());
    if (token !== this.playToken) return;
    if (!ok || this.history.cursor >= this.host.length) {
      this.pause();
      return;
    }
    const wait = 1000 / this.host.speed - (performance.now() - started);
    this.timer = setTimeout(() => this.tick(token), Math.max(0, wait));
  }

  /** Restarts the play loop if play() was called before the model. */
  resume(): void {
    if (!this.playing) return;
    this.playing = false;
    this.play();
  }

  /** Takes the next step: replayed if recorded, else computed. */
  private async advance(): Promise<boolean> {
    const {history: h, epoch} = this;
    const model = this.host.model;
    if (!model || h.cursor >= this.host.length) return false;
    if (h.canReplay(this.host.settings)) {
      this.host.stepped(h.replay(), 'replay');
      return true;
    }
    if (this.source?.model !== model) {
      this.source = {model, logits: this.logitsFor(model)};
    }
    const logits = await this.source.logits.next(h.text); // [V]
    // A reset, removal or new model while the model ran disowns it.
    if (epoch !== this.epoch || model !== this.host.model) return false;
    if (h.cursor >= this.host.length) return false;
    // Read after the await: the reader may have moved a slider since.
    const settings = this.host.settings;
    const rng = new Rng(0);
    rng.seedState = h.rngState;
    const rngBefore = rng.seedState;
    const step = sampleNext(logits, settings, rng);
    const record = h.push({
      chosen: model.tokenizer.vocab[step.chosen],
      step,
      settings,
      rngBefore,
      rngAfter: rng.seedState,
    });
    this.host.stepped(record, 'new');
    return true;
  }
}
