import {css, html, LitElement, svg, type PropertyValues} from 'lit';
import {extent, line, scaleLinear} from 'd3';
import {bestEntry, parseTrainLog, type LogEntry} from './parse.js';

/** The original Peek's best validation loss, for comparison. */
const ORIGINAL_BEST = 1.677;

const W = 560;
const H = 220;
const M = {top: 12, right: 16, bottom: 30, left: 44};

/**
 * Storybook-only view of how the shipped model learned: training and
 * validation loss by step from train-log.jsonl, and the text the model
 * wrote at the step chosen with the slider or the arrow keys. Not part of
 * the package.
 *
 * @attr src - URL of a train-log.jsonl.
 */
export class StoryTrainingLog extends LitElement {
  static override properties = {
    src: {},
    entries: {state: true},
    chosen: {state: true},
    problem: {state: true},
  };

  declare src: string;
  declare entries: LogEntry[];
  declare chosen: number;
  declare problem: string;
  private request = 0;

  constructor() {
    super();
    this.src = '';
    this.entries = [];
    this.chosen = 0;
    this.problem = '';
  }

  static override styles = css`
    :host {
      display: block;
      font: 14px/1.4 system-ui, sans-serif;
      max-width: ${W}px;
    }
    svg {
      width: 100%;
      height: auto;
    }
    .train {
      stroke: #1f77b4;
    }
    .val {
      stroke: #e66100;
    }
    .key {
      display: inline-block;
      width: 1.5em;
      border-top: 3px solid;
      vertical-align: middle;
    }
    .key.train {
      border-color: #1f77b4;
    }
    .key.val {
      border-color: #e66100;
    }
    path {
      fill: none;
      stroke-width: 2;
    }
    .ref {
      stroke: #888;
      stroke-dasharray: 4 3;
    }
    .cursor {
      stroke: #444;
    }
    .axis {
      fill: currentColor;
      font-size: 11px;
    }
    input {
      width: 100%;
    }
    pre {
      white-space: pre-wrap;
      background: #f6f6f6;
      padding: 8px;
      min-height: 9em;
    }
    .error {
      color: #b00020;
    }
  `;

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('src')) void this.load();
  }

  private async load(): Promise<void> {
    const request = ++this.request;
    this.problem = '';
    try {
      const response = await fetch(this.src);
      if (!response.ok) {
        throw new Error(`HTTP ${response.status} for ${this.src}`);
      }
      const {entries} = parseTrainLog(await response.text());
      if (request !== this.request) return;
      if (!entries.length) throw new Error('the log has no evaluations');
      this.entries = entries;
      this.chosen = entries.length - 1;
    } catch (e) {
      if (request !== this.request) return;
      this.entries = [];
      this.problem = `Could not read the training log: ${
        (e as Error).message
      }.`;
    }
  }

  protected override render() {
    if (this.problem) {
      return html`<p class="error" role="alert">${this.problem}</p>`;
    }
    const entries = this.entries;
    if (!entries.length) return html`<p>Loading the training log…</p>`;
    const entry = entries[Math.min(this.chosen, entries.length - 1)];
    const best = bestEntry(entries)!;
    return html`
      ${this.chart(entries, entry)}
      <p>
        <span class="key train"></span> training loss
        <span class="key val"></span> validation loss (nats per character)
      </p>
      <label>
        Step ${entry.step}: train ${entry.trainLoss.toFixed(3)}, validation
        ${entry.valLoss.toFixed(3)} nats/char
        <input
          type="range"
          min="0"
          max=${entries.length - 1}
          .value=${String(this.chosen)}
          @input=${(e: Event) =>
            (this.chosen = Number((e.target as HTMLInputElement).value))}
        />
      </label>
      <p>
        Best validation loss ${best.valLoss.toFixed(3)} at step
        ${best.step}; the original Peek's best was ${ORIGINAL_BEST}.
        The model wrote, at step ${entry.step}:
      </p>
      <pre aria-live="polite">${entry.sample}</pre>
    `;
  }

  private chart(entries: LogEntry[], entry: LogEntry) {
    const [x0, x1] = extent(entries, (e) => e.step) as [number, number];
    const losses = entries.flatMap((e) => [e.trainLoss, e.valLoss]);
    const [lo, hi] = extent([...losses, ORIGINAL_BEST]) as [number, number];
    const x = scaleLinear()
      .domain([x0, x1 > x0 ? x1 : x0 + 1])
      .range([M.left, W - M.right]);
    const y = scaleLinear()
      .domain([lo - 0.05, hi + 0.05])
      .range([H - M.bottom, M.top])
      .nice();
    const path = (pick: (e: LogEntry) => number) =>
      line<LogEntry>()
        .x((e) => x(e.step))
        .y((e) => y(pick(e)))(entries) ?? '';
    const label =
      `Loss by training step: training and validation fall from ` +
      `${entries[0].valLoss.toFixed(2)} to ` +
      `${entries[entries.length - 1].valLoss.toFixed(2)}.`;
    return html`<svg viewBox="0 0 ${W} ${H}" role="img" aria-label=${label}>
      ${svg`
        ${y.ticks(5).map(
          (t) => svg`<text class="axis" x=${M.left - 6} y=${y(t) + 4}
            text-anchor="end">${t.toFixed(1)}</text>`
        )}
        ${x.ticks(6).map(
          (t) => svg`<text class="axis" x=${x(t)} y=${H - 10}
            text-anchor="middle">${t}</text>`
        )}
        <line class="ref" x1=${M.left} x2=${W - M.right}
          y1=${y(ORIGINAL_BEST)} y2=${y(ORIGINAL_BEST)}></line>
        <text class="axis" x=${W - M.right} y=${y(ORIGINAL_BEST) - 4}
          text-anchor="end">original Peek, best</text>
        <line class="cursor" x1=${x(entry.step)} x2=${x(entry.step)}
          y1=${M.top} y2=${H - M.bottom}></line>
        <path class="train" d=${path((e) => e.trainLoss)}></path>
        <path class="val" d=${path((e) => e.valLoss)}></path>
      `}
    </svg>`;
  }
}

if (!customElements.get('story-training-log')) {
  customElements.define('story-training-log', StoryTrainingLog);
}
