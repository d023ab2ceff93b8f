import {html, type PropertyValues} from 'lit';
import {warnSharedId} from '../../src/follow.js';
import {publishHighlight, subscribeHighlight} from '../../src/linking.js';
import {PeekElement} from '../../src/peek-element.js';
import type {SampleStep, SamplingSettings} from '../../src/sampling.js';
import type {PeekModel} from '../../src/store.js';
import type {StepRecord} from './history.js';
import {samplerStyles} from './peek-sampler.styles.js';
import {StepPlayer, type StepKind} from './player.js';
import {
  NUMBERS,
  readFlag,
  readPrompt,
  readSetting,
  type NumberName,
} from './settings.js';
import {renderCandidates} from './views/candidates-view.js';
import {
  contextWindow,
  keyMove,
  renderContext,
  type ContextChar,
} from './views/context-view.js';
import {
  renderSettings,
  renderTransport,
  type ControlsState,
} from './views/controls-view.js';
import {renderDraw} from './views/draw-view.js';
import {stepSummary} from './views/summary.js';
import {renderText, textParts} from './views/text-view.js';
import {keepNewestInView} from './follow-newest.js';
import {samplerJSON, samplerPNG, type SamplerJSON} from './export.js';

/** Detail of `peek-step`. */
export interface PeekStepDetail {
  /** 0 for the first generated character. */
  index: number;
  /** The whole text before the choice; the model reads its tail. */
  context: string;
  /** The chosen character. */
  chosen: string;
  /** The text after the choice (context + chosen). */
  text: string;
  step: SampleStep;
  settings: SamplingSettings;
  /** 'new': just computed; 'replay': a recorded step taken again;
   * 'back': a recorded step shown again by stepping back. */
  kind: StepKind;
}

/** Detail of `peek-reset`. */
export interface PeekResetDetail {
  /** The prompt: the text now shown. */
  context: string;
  /** 'reset' (reset(), new prompt, seed or model) or 'back' (stepped back
   * before the first step). */
  reason: 'reset' | 'back';
}

const ATTRS: Record<NumberName, string> = {
  length: 'length',
  temperature: 'temperature',
  topK: 'top-k',
  topP: 'top-p',
  seed: 'seed',
  speed: 'speed',
};

/**
 * Generation in slow motion: each step shows the context the model read,
 * its next-character probabilities before and after temperature, top-k
 * and top-p, where the random draw fell, and the character chosen. Steps
 * are recorded, so the reader can step back and forward through them.
 *
 * Each attribute has a camelCase property (`top-k` is `topK`) that reads
 * back the value in effect: clamped, rounded or defaulted, with one
 * console warning per bad attribute. A range that depends on the model
 * (top-k's) is the default model's until the model loads; its warning
 * waits for the model, so that it names the loaded model's range.
 *
 * Views follow a sampler by its `id` (their `for`), so give each sampler
 * its own: of two with one id, views follow the first in document order,
 * and the other warns once.
 *
 * @attr prompt - Text to continue (default `ROMEO:`; empty starts from a
 *   newline). Changing it resets.
 * @attr length - Characters to generate, 1..2000 (default 200).
 * @attr temperature - Divides the logits, 0..5 (default 1); 0 is greedy.
 * @attr top-k - Keep the k likeliest characters, 0..vocabulary size
 *   (65 for the default model; default 0 = off).
 * @attr top-p - Keep the likeliest characters until their mass reaches
 *   p, 0..1 (default 1 = off); with top-k, the mass of what top-k kept.
 * @attr seed - Integer seed of the draws, 0..2^32-1 (default 42); the same
 *   seed and settings give the same text. Changing it resets.
 * @attr speed - Steps per second when playing, 0.5..60 (default 8).
 * @attr autoplay - Start playing as soon as the model is ready.
 *
 * @prop {string} currentText - The context of the step shown (the text
 *   the model read), or the prompt before the first step. Read-only.
 * @prop {string} fullText - The prompt and the characters generated up
 *   to the step shown. Read-only.
 * @prop {boolean} playing - Whether it is playing. Read-only.
 * @prop {SamplingSettings} settings - The temperature, top-k and top-p in
 *   effect (clamped). Read-only.
 *
 * @fires peek-step - A step was taken or shown; detail PeekStepDetail
 *   {index, context, chosen, text, step, settings, kind}.
 * @fires peek-reset - Back to the prompt: before the first step, or a new
 *   prompt; detail {context, reason}.
 * @fires peek-select - A context character was chosen; detail {position,
 *   char}, position a code-point index into the whole text.
 * @fires peek-progress - Model download progress (from PeekElement).
 * @fires peek-ready - The model is ready (from PeekElement).
 * @fires peek-error - Loading or a step failed; detail {type, message}.
 * @fires peek-backend-change - {backend, previous, reason} when the
 *   running backend was lost and another took over (from PeekElement).
 *
 * @cssprop --peek-accent - Accent colour (bars, the newest character).
 * @cssprop --peek-fg - Text colour.
 * @cssprop --peek-bg - Background colour.
 * @cssprop --peek-muted - Secondary text colour.
 * @cssprop --peek-border - Border colour.
 * @cssprop --peek-font - Body font.
 * @cssprop --peek-mono - Font of characters and numbers.
 * @cssprop --peek-font-size - Base font size.
 *
 * @csspart button - Every transport button (also play, back, step, reset).
 * @csspart settings - The inline temperature / top-k / top-p / seed row.
 * @csspart text - The generated text.
 * @csspart newest - The newest generated character.
 * @csspart context - The context window.
 * @csspart candidates - The table of candidate bars.
 * @csspart draw - The cumulative bar with the draw's marker.
 * @csspart chosen - The chosen character.
 * @csspart status - The loading and error panels.
 * @csspart backend-note - The note saying Peek runs on a slower backend
 *   than it asked for, and why (from PeekElement).
 */
export class PeekSampler extends PeekElement {
  static override styles = [...PeekElement.styles, samplerStyles];

  static override properties = {
    prompt: {},
    length: {},
    temperature: {},
    topK: {attribute: 'top-k'},
    topP: {attribute: 'top-p'},
    seed: {},
    speed: {},
    autoplay: {},
    hover: {state: true},
    selected: {state: true},
  };

  /** Raw attribute / property values; the getters clamp them. */
  private raw: Record<string, unknown> = {};
  private readonly warnOnce = (code: string, message: string) =>
    this.warn(code, message);
  private readonly player: StepPlayer;
  private hover = -1;
  private selected = -1;
  private autoplayed = false;
  private resumeOnConnect = false;

  constructor() {
    super();
    const el = this;
    this.player = new StepPlayer(
      {
        get model() {
          return el.model;
        },
        get settings() {
          return el.settings;
        },
        get length() {
          return el.length;
        },
        get speed() {
          return el.speed;
        },
        stepped: (record, kind) => this.announce(record, kind),
        rewound: (reason) => this.rewound(reason),
        failed: (e) => this.reportError(e),
        changed: () => this.requestUpdate(),
      },
      readPrompt(undefined),
      NUMBERS.seed.fallback
    );
  }

  get prompt(): string {
    return readPrompt(this.raw.prompt);
  }
  set prompt(v: string | null) {
    this.raw.prompt = v;
  }
  get length(): number {
    return this.num('length');
  }
  set length(v: number | string | null) {
    this.raw.length = v;
  }
  get temperature(): number {
    return this.num('temperature');
  }
  set temperature(v: number | string | null) {
    this.raw.temperature = v;
  }
  get topK(): number {
    // The range is the vocabulary's: warn only once it is known.
    const {vocabSize} = this.shape;
    return readSetting('topK', this.raw.topK, this.warnOnceLoaded, vocabSize);
  }
  set topK(v: number | string | null) {
    this.raw.topK = v;
  }
  get topP(): number {
    return this.num('topP');
  }
  set topP(v: number | string | null) {
    this.raw.topP = v;
  }
  get seed(): number {
    return this.num('seed');
  }
  set seed(v: number | string | null) {
    this.raw.seed = v;
  }
  get speed(): number {
    return this.num('speed');
  }
  set speed(v: number | string | null) {
    this.raw.speed = v;
  }
  get autoplay(): boolean {
    return readFlag(this.raw.autoplay, 'autoplay', this.warnOnce);
  }
  set autoplay(v: boolean | string | null) {
    this.raw.autoplay = v;
  }

  private num(key: NumberName): number {
    return readSetting(key, this.raw[key], this.warnOnce);
  }

  /** The sampling settings in effect. */
  get settings(): SamplingSettings {
    return {temperature: this.temperature, topK: this.topK, topP: this.topP};
  }

  /**
   * The run up to the step shown: prompt, seed, text, and per step the
   * context, choice, draw, settings and top candidates.
   */
  toJSON(): SamplerJSON {
    return samplerJSON(
      this.player.history,
      this.model?.tokenizer.vocab ?? []
    );
  }

  /**
   * A PNG of the current step: the end of the text so far and the top
   * candidates after filtering, in the element's own colours.
   */
  toPNG(scale = 2): Promise<Blob> {
    const style = getComputedStyle(this);
    return samplerPNG(this.toJSON(), {
      fg: style.color || '#1d232b',
      bg: style.backgroundColor || '#ffffff',
      accent:
        style.getPropertyValue('--peek-accent-color').trim() || '#2563eb',
    }, scale);
  }

  /** The prompt and the characters generated up to the step shown. */
  get fullText(): string {
    return this.player.history.text;
  }

  get currentText(): string {
    return this.player.history.current?.context ?? this.player.history.prompt;
  }

  protected get viewName() {
    return 'the sampler';
  }

  /** Whether it is playing. */
  get playing(): boolean {
    return this.player.playing;
  }

  /** Plays steps at `speed` per second; at the end, starts over. */
  play(): void {
    this.player.play();
  }

  /** Stops playing after the step in flight, if any. */
  pause(): void {
    this.player.pause();
  }

  /**
   * Pauses, then takes one step: the recorded next step if the settings
   * match it, else a new one. Resolves whether a step was taken. Calls
   * queue, so rapid calls step one after another.
   */
  step(): Promise<boolean> {
    return this.player.step();
  }

  /** Pauses and shows the previous step. Resolves whether it moved. */
  back(): Promise<boolean> {
    return this.player.back();
  }

  /** Pauses and forgets every step: back to the prompt and the seed. */
  reset(): void {
    this.player.pause();
    this.restart();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    warnSharedId(this);
    this.onDisconnect(
      subscribeHighlight(
        () => this.id,
        this,
        (h) => {
          if (h.selected) this.selected = h.position;
          else this.hover = h.position;
        }
      )
    );
    this.onDisconnect(() => {
      this.resumeOnConnect = this.playing;
      this.player.stop(); // whatever is in flight finishes unseen
    });
    // Moving the element in the page should not stop it.
    if (this.resumeOnConnect) this.play();
    this.resumeOnConnect = false;
    this.maybeAutoplay();
  }

  protected override modelReady(): void {
    // Steps of an earlier model would replay another model's choices.
    if (this.player.history.steps.length > 0) this.restart();
    // play() may have come before the model; its loop waited for this.
    this.player.resume();
    this.maybeAutoplay();
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    const {prompt, seed} = this.player.history;
    if (prompt !== this.prompt || seed !== this.seed) {
      this.restart();
      if (this.autoplay && this.autoplayed) this.play();
    }
    const h = this.player.history;
    if (['temperature', 'topK', 'topP'].some((k) => changed.has(k))) {
      h.truncate();
    }
    if (changed.has('length')) h.limit(this.length);
    if (changed.has('autoplay')) this.maybeAutoplay();
  }

  private maybeAutoplay(): void {
    if (!this.autoplay || this.autoplayed) return;
    if (!this.model || !this.isConnected) return;
    this.autoplayed = true;
    this.play();
  }

  private restart(): void {
    this.player.restart(this.prompt, this.seed);
    this.selected = -1;
  }

  private announce(r: StepRecord, kind: StepKind): void {
    this.requestUpdate();
    this.emit<PeekStepDetail>('peek-step', {
      index: r.index,
      context: r.context,
      chosen: r.chosen,
      text: r.context + r.chosen,
      step: r.step,
      settings: {...r.settings},
      kind,
    });
  }

  private rewound(reason: PeekResetDetail['reason']): void {
    this.requestUpdate();
    this.emit<PeekResetDetail>('peek-reset', {
      context: this.player.history.prompt,
      reason,
    });
  }

  private setAttr = (key: NumberName, value: string) => {
    this.setAttribute(ATTRS[key], value);
  };

  private select(position: number): void {
    this.selected = position;
    publishHighlight({group: this.id, position, source: this, selected: true});
    if (position < 0) return;
    const char = Array.from(this.currentText)[position];
    if (char !== undefined) this.emit('peek-select', {position, char});
  }

  private hoverAt(position: number): void {
    this.hover = position;
    publishHighlight({group: this.id, position, source: this, selected: false});
  }

  private onContextKey(e: KeyboardEvent, chars: ContextChar[]): void {
    const to = keyMove(e.key, this.selected, chars);
    if (to === undefined) return;
    e.preventDefault();
    this.select(to);
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    keepNewestInView(this.renderRoot);
  }

  protected renderReady(model: PeekModel) {
    const h = this.player.history;
    const current = h.current;
    const vocab = model.tokenizer.vocab;
    const controls: ControlsState = {
      playing: this.playing,
      canBack: h.cursor > 0,
      canStep: h.cursor < this.length,
      canReset: h.steps.length > 0,
      values: {
        length: this.length,
        temperature: this.temperature,
        topK: this.topK,
        topP: this.topP,
        seed: this.seed,
        speed: this.speed,
      },
      vocabSize: model.tokenizer.size,
      onPlay: () => (this.playing ? this.pause() : this.play()),
      onStep: () => void this.step(),
      onBack: () => void this.back(),
      onReset: () => this.reset(),
      onSetting: this.setAttr,
    };
    const chars = contextWindow(
      this.currentText,
      Array.from(h.prompt).length,
      model.tokenizer,
      model.data.config.blockSize
    );
    return html`${renderTransport(controls)} ${renderSettings(controls)}
      ${renderText(textParts(h), h.cursor, this.length)}
      <div class="panels">
        ${renderContext({
          chars,
          total: Array.from(this.currentText).length,
          highlight: this.hover,
          selected: this.selected,
          onHover: (p) => this.hoverAt(p),
          onSelect: (p) => this.select(p),
          onKey: (e) => this.onContextKey(e, chars),
        })}
        ${current
          ? html`<div class="step-view">
              ${renderCandidates(current.step, current.settings, vocab)}
              ${renderDraw(current.step, vocab)}
            </div>`
          : html`<p class="hint">
              Press <strong>Step</strong> or <strong>Play</strong> to sample
              the first character after the prompt.
            </p>`}
      </div>
      <p class="sr-only" aria-live=${this.playing ? 'off' : 'polite'}>
        ${stepSummary(current, vocab, this.length)}
      </p>`;
  }
}
