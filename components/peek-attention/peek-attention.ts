import {html, nothing, type PropertyValues} from 'lit';
import {publishHighlight, subscribeHighlight} from '../../src/linking.js';
import {PeekElement} from '../../src/peek-element.js';
import type {ForwardTrace} from '../../src/trace.js';
import type {WeightScale} from './colour.js';
import {cellLines, headSummary, strongestKey, type Chars} from './describe.js';
import {watchDisplay} from './display.js';
import type {HeatmapData} from './draw.js';
import {attentionJSON, heatmapPNG, type AttentionJSON} from './export.js';
import {Interaction} from './interaction.js';
import type {Cell} from './keys.js';
import {LiveTrace} from './live-trace.js';
import {heatmapLayout, type HeatmapLayout} from './layout.js';
import {legend} from './legend.js';
import {Painter, readTheme} from './paint.js';
import {attentionStyles} from './peek-attention.styles.js';
import {
  readOptions,
  type Options,
  type RawOptions,
  type View,
} from './read-options.js';
import {editor, heatmap, thumbnails, tooltip} from './templates.js';
import {textPanel} from './text-view.js';
import {Watched} from './watched.js';

/** Keeps the raw attribute, so bad values can be clamped with a warning. */
const raw = {
  fromAttribute: (v: string | null) => v,
  toAttribute: (v: unknown) => (v == null ? null : String(v)),
};

/**
 * Attention heatmaps of the page's model, per layer and head, live on any
 * text. Rows are queries (the character reading), columns keys (what it
 * reads); the causal mask is hatched grey, never confused with a weight
 * of zero. Beside the heatmap, all heads as thumbnails; below it, the
 * text coloured by the attention of the hovered or selected query.
 *
 * Keyboard: the heatmap is focusable; arrows move the selected (query,
 * key) cell, PageUp/PageDown by eight rows, Home/End to the first key or
 * the query itself; Escape hides the tooltip. In the text view, arrows
 * move the query. Thumbnails are buttons (Enter or Space chooses).
 * Screen readers get a summary of the selected query's strongest keys.
 *
 * Each attribute has a camelCase property. `layer`, `head`, `view` and
 * `scale` read back the value in effect: clamped, rounded or defaulted,
 * with one console warning per bad attribute. A range that depends on
 * the model (layer's, head's) is the default model's until the model
 * loads; its warning waits for the model, so that it names the loaded
 * model's range.
 *
 * @attr text - The text to analyse; only its last 128 characters (the
 *   model's context) are shown. Changes redraw live; the latest wins.
 * @attr for - Id of a sampler (anything firing `peek-step`) to follow;
 *   overrides `text`. Also names the linking group (else the own `id`).
 * @attr layer - Layer shown, 0..layers - 1 (0..3 for the default model;
 *   default 0); clamped with a warning.
 * @attr head - Head shown, 0..heads - 1 (0..3 for the default model;
 *   default 0); clamped with a warning.
 * @attr editable - Shows a text box so the reader can type the text
 *   (its native, composed `input` events reach the page; read `text`).
 * @attr view - `heatmap` (default) or `text` (the text view alone).
 * @attr scale - Colour scale: `sqrt` (default, shows small weights) or
 *   `linear`.
 *
 * @prop {Float32Array} weights - Read-only copy of the shown head's
 *   weights, [T * T] row-major, row = query (empty before the first trace).
 * @prop {ForwardTrace | undefined} trace - Read-only: the model's full
 *   trace of the current text.
 * @prop {Promise<void>} traceComplete - Resolves when the latest text is
 *   traced and drawn.
 *
 * @fires peek-select - {position, char, layer, head, key, keyChar, weight}
 *   when the reader selects a cell (click, arrows) or a character;
 *   positions are code-point indices into the full text.
 * @fires peek-head-change - {layer, head} when a thumbnail is chosen.
 * @fires peek-trace - {text, T} after a new text has been traced and drawn.
 * @fires peek-progress - Model download progress (from PeekElement).
 * @fires peek-ready - The model is ready (from PeekElement).
 * @fires peek-error - {type, message, cause} on failure (from PeekElement).
 * @fires peek-backend-change - {backend, previous, reason} when the
 *   running backend was lost and another took over (from PeekElement).
 *
 * @csspart heatmap - The focusable heatmap (two stacked canvases).
 * @csspart thumbnails - The grid of all heads.
 * @csspart text-view - The text coloured by one query's attention.
 * @csspart legend - Colour ramp, mask and unknown-character keys.
 * @csspart editor - The text box (with `editable`).
 * @csspart tooltip - The hover tooltip.
 * @csspart status - The loading and error panels (from PeekElement).
 * @csspart backend-note - The note saying Peek runs on a slower backend
 *   than it asked for, and why (from PeekElement).
 *
 * @cssprop --peek-attention-thumb-size - Thumbnail side in px (48px).
 * @cssprop --peek-attention-highlight - Text-view highlight colour.
 * @cssprop --peek-attention-unknown - Colour marking unknown characters.
 * @cssprop --peek-attention-max-height - Heatmap scroll height (80vh).
 * @cssprop --peek-accent - Selection, hover and focus colour.
 * @cssprop --peek-fg - Text colour (also the heatmap's labels).
 * @cssprop --peek-bg - Background (also of exported PNGs).
 * @cssprop --peek-muted - Secondary text colour.
 * @cssprop --peek-border - Border colour.
 * @cssprop --peek-font - Body font.
 * @cssprop --peek-mono - Font of characters and numbers.
 * @cssprop --peek-font-size - Base font size.
 */
export class PeekAttention extends PeekElement {
  static override styles = [...PeekElement.styles, attentionStyles];

  static override properties = {
    text: {},
    for: {},
    layer: {converter: raw},
    head: {converter: raw},
    editable: {type: Boolean, reflect: true},
    view: {},
    scale: {},
    sel: {state: true},
    linked: {state: true},
  };

  declare text: string;
  declare for: string | null;
  declare editable: boolean;

  /** Layer, head, view and scale as set; the getters check them. */
  private asSet: Partial<RawOptions> = {};

  /** The selected (query, key) cell. */
  private sel: Cell | undefined;
  /** A position a linked element highlights, in this window. */
  private linked: number | undefined;

  /** The selection follows the last character until the reader moves it. */
  private atLast = true;
  private layout: HeatmapLayout | undefined;
  private readonly painter = new Painter();
  private readonly live = new LiveTrace(
    this,
    () => this.model,
    () => ({text: this.text, follow: this.for || null}),
    (trace, text) => this.applyTrace(trace, text),
    (e) => this.reportError(e, 'internal')
  );
  private readonly box = new Watched(this, '.heatmap-scroll');
  private readonly pointer = new Interaction(
    this,
    () => ({
      root: this.renderRoot,
      layout: this.layout,
      T: this.T,
      weights: this.shownWeights,
      chars: this.chars,
      textOnly: this.o.view === 'text',
      selected: this.sel,
    }),
    {
      select: (q, k) => this.select(q, k),
      publish: (i, selected) => this.publish(i, selected),
    }
  );

  constructor() {
    super();
    this.text = '';
    this.for = null;
    this.editable = false;
  }

  get layer(): number {
    return this.o.layer;
  }
  set layer(v: number | string | null) {
    this.asSet.layer = v;
  }

  get head(): number {
    return this.o.head;
  }
  set head(v: number | string | null) {
    this.asSet.head = v;
  }

  get view(): View {
    return this.o.view;
  }
  set view(v: View | string | null) {
    this.asSet.view = v;
  }

  get scale(): WeightScale {
    return this.o.scale;
  }
  set scale(v: WeightScale | string | null) {
    this.asSet.scale = v;
  }

  protected get viewName() {
    return 'the attention view';
  }

  /** Read-only copy of the shown head's weights [T * T], row = query. */
  get weights(): Float32Array {
    return this.shownWeights.slice();
  }

  /** Read-only: the model's trace of the current text. */
  get trace(): ForwardTrace | undefined {
    return this.live.trace;
  }

  /** Resolves when the latest text has been traced and drawn. */
  get traceComplete(): Promise<void> {
    return this.live.settle().then(async () => {
      // One frame for the ResizeObserver to settle the cell size.
      await new Promise((r) => requestAnimationFrame(() => setTimeout(r)));
      await this.updateComplete;
    });
  }

  /** The heatmap as a PNG (drawn afresh, so it works in either view). */
  toPNG(): Promise<Blob> {
    if (!this.T) {
      return Promise.reject(
        new Error(
          '<peek-attention>: nothing to export yet; give it some text ' +
            'and await el.traceComplete first.'
        )
      );
    }
    const L = this.layout ?? heatmapLayout(this.T, 720);
    const theme = readTheme(this);
    return heatmapPNG(L, this.heatmapData, this.o.scale, theme, this.dpr);
  }

  /** The shown head as data: text, layer, head and weights [T][T]. */
  toJSON(): AttentionJSON {
    const {layer, head} = this.o;
    return attentionJSON(this.live.trace, this.shownWeights, layer, head);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.onDisconnect(
      subscribeHighlight(() => this.group, this, (h) => {
        const i = h.position - this.offset;
        const inside = h.position >= 0 && i >= 0 && i < this.T;
        this.linked = inside ? i : undefined;
        if (h.selected && inside) {
          this.atLast = i === this.T - 1;
          this.sel = {q: i, k: strongestKey(this.shownWeights, this.T, i)};
        }
      })
    );
    this.onDisconnect(watchDisplay(() => this.requestUpdate()));
  }

  protected override modelReady(): void {
    this.live.retrace();
  }

  /** The attributes, checked against the model and clamped. */
  private get o(): Options {
    const {layer, head, view, scale} = this.asSet;
    return readOptions(
      {
        layer,
        head,
        view,
        scale,
        editable: this.editable,
        editableAttr: this.getAttribute('editable'),
      },
      this.shape,
      (code, message) => this.warn(code, message),
      this.warnOnceLoaded
    );
  }

  private get group(): string {
    return this.for || this.id;
  }

  private get dpr(): number {
    return window.devicePixelRatio || 1;
  }

  private get T(): number {
    return this.live.trace?.T ?? 0;
  }

  private get offset(): number {
    return this.live.offset;
  }

  private get shownWeights(): Float32Array {
    const {layer, head} = this.o;
    const w = this.live.trace?.attention[layer]?.[head];
    return w ?? new Float32Array(0);
  }

  private get chars(): Chars {
    const c = this.live.trace;
    const vocab = this.model?.data.vocab ?? [];
    return {
      chars: c?.chars ?? [],
      unknown: c?.unknown ?? [],
      read: c?.ids.map((id) => vocab[id] ?? '') ?? [],
    };
  }

  private get heatmapData(): HeatmapData {
    const c = this.chars;
    return {weights: this.shownWeights, chars: c.chars, unknown: c.unknown};
  }

  private applyTrace(trace: ForwardTrace, text: string): void {
    if (this.localError) this.clearError();
    this.pointer.reset();
    const T = trace.T;
    const keep = !this.atLast && this.sel;
    const q = keep ? Math.min(this.sel!.q, T - 1) : T - 1;
    const k = keep
      ? Math.min(this.sel!.k, q)
      : strongestKey(this.shownWeights, T, q);
    this.sel = T ? {q, k} : undefined;
    this.updateComplete.then(() => this.emit('peek-trace', {text, T}));
  }

  protected override willUpdate(): void {
    // Thumbnails take ~300px beside the heatmap until it is measured.
    const width = this.box.width || this.clientWidth - 300;
    if (this.T) this.layout = heatmapLayout(this.T, width);
  }

  private publish(i: number, selected: boolean): void {
    const position = i < 0 ? -1 : this.offset + i;
    publishHighlight({group: this.group, position, source: this, selected});
  }

  private select(q: number, k: number): void {
    const c = this.live.trace!;
    const {layer, head} = this.o;
    this.sel = {q, k};
    this.atLast = q === c.T - 1;
    this.emit('peek-select', {
      position: this.offset + q,
      char: c.chars[q],
      layer,
      head,
      key: this.offset + k,
      keyChar: c.chars[k],
      weight: this.shownWeights[q * c.T + k],
    });
    this.publish(q, true);
  }

  private onThumb = (e: MouseEvent) => {
    const b = e.currentTarget as HTMLElement;
    this.layer = Number(b.dataset.layer);
    this.head = Number(b.dataset.head);
    this.emit('peek-head-change', {layer: this.layer, head: this.head});
  };

  private onEdit = (e: InputEvent) => {
    this.text = (e.target as HTMLTextAreaElement).value;
  };

  protected renderReady() {
    const c = this.live.trace;
    const o = this.o;
    const tip = this.pointer.tip;
    return html`<div class="frame" aria-busy=${this.live.busy}>
      ${o.editable ? editor(this.live.text, !!this.for, this.onEdit) : nothing}
      <div class="top">
        <span class="title">Layer ${o.layer} · head ${o.head}</span>
        <span class="status" role="status">${this.statusText()}</span>
      </div>
      ${!c
        ? html`<div class="empty">Reading the text…</div>`
        : c.T === 0
          ? html`<div class="empty">No text to show yet.</div>`
          : this.renderBody(c, o)}
      ${tip && c
        ? tooltip(
            cellLines(this.chars, this.shownWeights, tip.q, tip.k),
            tip.x,
            tip.y
          )
        : nothing}
      <div class="sr-only" aria-live="polite">${this.pointer.announce}</div>
    </div>`;
  }

  private statusText(): string {
    if (this.live.busy) return 'Computing…';
    if (this.offset > 0) {
      const total = this.T + this.offset;
      return `last ${this.T} of ${total} characters (the model's context)`;
    }
    return this.live.trace ? `${this.T} characters` : '';
  }

  private renderBody(c: ForwardTrace, o: Options) {
    const {nLayer, nHead} = this.model!.data.config;
    const q = this.sel?.q ?? c.T - 1;
    const w = this.shownWeights;
    const summary = headSummary(o.layer, o.head, this.chars, w, q);
    const main =
      o.view === 'heatmap'
        ? heatmap(this.layout!, summary, this.pointer.heatmap)
        : this.renderText(summary, o);
    return html`<div class="body">
        ${main} ${thumbnails(nLayer, nHead, o, this.onThumb)}
      </div>
      ${legend(o.scale, c.unknown.some(Boolean), o.view === 'heatmap')}
      ${o.view === 'heatmap' ? this.renderText(undefined, o) : nothing}`;
  }

  /** The text view: the main view (with a summary) or the strip below. */
  private renderText(summary: string | undefined, o: Options) {
    const state = {
      c: this.chars,
      weights: this.shownWeights,
      q: this.pointer.query(),
      scale: o.scale,
      linked: this.linked,
      hoverKey: this.pointer.hoverKey,
    };
    return textPanel(state, summary, this.pointer.text);
  }

  // The thumbnails are painted a task after the rest (see Painter):
  // updateComplete, and so peek-trace and traceComplete, wait for them.
  protected override async getUpdateComplete(): Promise<boolean> {
    const done = await super.getUpdateComplete();
    await this.painter.settled;
    return done;
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    const trace = this.live.trace;
    if (!trace?.T) return;
    const {layer, head, scale} = this.o;
    const thumb = getComputedStyle(this).getPropertyValue(
      '--peek-attention-thumb'
    );
    this.painter.paint(this.renderRoot, {
      trace,
      seq: this.live.seq,
      layer,
      head,
      scale,
      layout: this.layout,
      data: this.heatmapData,
      overlay: {
        hover: this.pointer.hover,
        selected: this.sel,
        linked: this.linked,
      },
      thumbSize: parseFloat(thumb) || 48,
      dpr: this.dpr,
      theme: readTheme(this),
    });
  }
}
