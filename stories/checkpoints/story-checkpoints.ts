import {html, LitElement, nothing, type PropertyValues} from 'lit';
import type {PeekSampler} from '../../components/peek-sampler/peek-sampler.js';
import '../../components/peek-attention/define.js';
import '../../components/peek-sampler/define.js';
import {modelEvents, modelStatus} from '../../src/store.js';
import {parseTrainLog, type LogEntry} from '../training-log/parse.js';
import {
  CHECKPOINTS,
  checkpointFacts,
  FINAL,
  FINAL_STEP,
  manifestUrl,
  stepOf,
} from './checkpoints.js';
import {targetModel, useHomeModel, useModel} from './model-switch.js';
import {checkpointStyles} from './story-checkpoints.styles.js';

/** Detail of `story-checkpoint-change`. */
export interface CheckpointChangeDetail {
  checkpoint: string;
}

const number = new Intl.NumberFormat('en');

/**
 * Storybook-only: the same sampler and attention map run on the model
 * as it was after 100, 300, 1,000 and 2,000 training steps, or the
 * final one. The page has one model, so choosing a checkpoint switches
 * it for every element (see model-switch.ts); leaving the page, or the
 * element, puts the default model back. Not part of the package.
 *
 * @attr base - URL of the folder with the final model's manifest.json,
 *   its checkpoints/ and train-log.jsonl (model/default/).
 * @attr checkpoint - `step-100`, `step-300`, `step-1000`, `step-2000` or
 *   `final`. Set by the buttons too.
 * @attr prompt - The sampler's prompt (default `JULIET:`).
 * @attr seed - The sampler's seed (default 42).
 * @attr temperature - The sampler's temperature (default 0.8).
 * @attr length - Characters the sampler writes (default 120).
 * @attr text - The text whose attention is shown.
 * @attr layer - The attention layer shown (default 0).
 * @attr head - The attention head shown (default 0).
 *
 * @fires story-checkpoint-change - A button chose another checkpoint;
 *   detail {checkpoint}.
 */
export class StoryCheckpoints extends LitElement {
  static override styles = checkpointStyles;

  static override properties = {
    base: {},
    checkpoint: {},
    prompt: {},
    seed: {type: Number},
    temperature: {type: Number},
    length: {type: Number},
    text: {},
    layer: {type: Number},
    head: {type: Number},
    log: {state: true},
  };

  declare base: string;
  declare checkpoint: string;
  declare prompt: string;
  declare seed: number;
  declare temperature: number;
  declare length: number;
  declare text: string;
  declare layer: number;
  declare head: number;
  declare log: LogEntry[];
  private logFor: string | undefined;

  constructor() {
    super();
    this.base = '';
    this.checkpoint = FINAL;
    this.prompt = 'JULIET:';
    this.seed = 42;
    this.temperature = 0.8;
    this.length = 120;
    this.text = 'But soft, what light through yonder window breaks?';
    this.layer = 0;
    this.head = 0;
    this.log = [];
  }

  /** The sampler inside, for tests and the curious. */
  get sampler(): PeekSampler | null {
    return this.renderRoot.querySelector('peek-sampler');
  }

  private readonly onStatus = () => {
    const state = modelStatus().state;
    if (state === 'ready' || state === 'error') this.style.minHeight = '';
    this.requestUpdate();
  };

  override connectedCallback(): void {
    super.connectedCallback();
    modelEvents.addEventListener('status', this.onStatus);
    // Moved in the page: the model went home when it left.
    if (this.hasUpdated) this.switchModel();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    modelEvents.removeEventListener('status', this.onStatus);
    // Other stories share the page and expect the default model.
    void useHomeModel();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('checkpoint') || changed.has('base')) {
      this.switchModel();
    }
    if (changed.has('base') && this.base !== this.logFor) void this.readLog();
  }

  private get url(): string | undefined {
    return this.base ? manifestUrl(this.base, this.checkpoint) : undefined;
  }

  private switchModel(): void {
    const url = this.url;
    if (!url || !this.isConnected) return;
    // The views show their loading panels meanwhile; holding the height
    // keeps the page below (a docs page's controls) from jumping.
    if (this.hasUpdated && targetModel() !== url) {
      this.style.minHeight = `${this.offsetHeight}px`;
    }
    void useModel(url);
  }

  /** train-log.jsonl, for losses a manifest does not carry. */
  private async readLog(): Promise<void> {
    const base = (this.logFor = this.base);
    try {
      const res = await fetch(new URL('train-log.jsonl', base));
      if (!res.ok) return;
      const {entries} = parseTrainLog(await res.text());
      if (base === this.logFor) this.log = entries;
    } catch {
      // Losses then come from the manifests alone.
    }
  }

  private choose(id: string): void {
    if (id === this.checkpoint) return;
    this.checkpoint = id;
    this.dispatchEvent(
      new CustomEvent<CheckpointChangeDetail>('story-checkpoint-change', {
        detail: {checkpoint: id},
        bubbles: true,
        composed: true,
      })
    );
  }

  /** Each checkpoint's run starts from the prompt, as the last one did. */
  private async replay(e: Event): Promise<void> {
    const sampler = e.target as PeekSampler;
    await sampler.updateComplete; // after it took the new model
    sampler.reset();
    sampler.play();
  }

  protected override render() {
    const url = this.url;
    return html`
      <div class="picker" role="group" aria-label="Training checkpoint">
        <span class="label">After training step</span>
        ${CHECKPOINTS.map(
          (id) => html`<button
            type="button"
            aria-pressed=${id === this.checkpoint ? 'true' : 'false'}
            @click=${() => this.choose(id)}
          >
            ${number.format(stepOf(id))}${id === FINAL ? ' (final)' : ''}
          </button>`
        )}
      </div>
      ${url ? this.renderFacts(url) : this.renderUnknown()}
      ${url ? this.renderViews() : nothing}
    `;
  }

  private renderFacts(url: string) {
    const s = modelStatus();
    const label = `step ${number.format(stepOf(this.checkpoint))}`;
    const mine = targetModel() === url;
    if (mine && s.state === 'error') {
      return html`<p class="facts error" role="alert">
        The model at ${label} could not be loaded: ${s.error.message}
        Shipped checkpoints: ${CHECKPOINTS.join(', ')}.
      </p>`;
    }
    if (!mine || s.state !== 'ready' || s.model.url !== url) {
      return html`<p class="facts" role="status">Loading ${label}…</p>`;
    }
    const f = checkpointFacts(
      s.model.data.training,
      stepOf(this.checkpoint),
      this.log
    );
    const val = f.valLoss === undefined ? 'not logged' : f.valLoss.toFixed(3);
    const train =
      f.trainLoss === undefined
        ? ''
        : `, training loss ${f.trainLoss.toFixed(3)}`;
    return html`<p class="facts" role="status">
      <strong>Step ${number.format(f.step)}</strong> of
      ${number.format(FINAL_STEP)}: validation loss <strong>${val}</strong>
      nats per character${train}.
    </p>`;
  }

  private renderUnknown() {
    return html`<p class="facts error" role="alert">
      There is no checkpoint called “${this.checkpoint}”: choose one of
      ${CHECKPOINTS.join(', ')}.
    </p>`;
  }

  private renderViews() {
    return html`
      <h3>Writing</h3>
      <p class="note">
        The same prompt, seed and temperature every time, so every random
        draw is the same: only the model differs.
      </p>
      <peek-sampler
        .prompt=${this.prompt}
        seed=${this.seed}
        temperature=${this.temperature}
        length=${this.length}
        speed="24"
        @peek-ready=${this.replay}
      ></peek-sampler>
      <h3>Attention</h3>
      <p class="note">
        Layer ${this.layer}, head ${this.head} reading one line. Early in
        training every head spreads its attention evenly over the past;
        by the end, layer 0's head 0 looks at the character just before.
      </p>
      <peek-attention
        .text=${this.text}
        layer=${this.layer}
        head=${this.head}
      ></peek-attention>
    `;
  }
}

/**
 * Registers the tag (once). A call rather than a side-effect import:
 * package.json's `sideEffects` does not list this Storybook-only module,
 * so a production build would drop a bare import of it.
 */
export function defineStoryCheckpoints(): void {
  if (!customElements.get('story-checkpoints')) {
    customElements.define('story-checkpoints', StoryCheckpoints);
  }
}
