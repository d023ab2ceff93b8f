import {html, type PropertyValues} from 'lit';
import {modelNeuronDla, topAttributions} from '../../src/dla.js';
import {followSource} from '../../src/follow.js';
import {describeChar} from '../../src/glyphs.js';
import {PeekElement} from '../../src/peek-element.js';
import {loadModel, type PeekModel} from '../../src/store.js';
import {
  readFfn,
  type FfnRaw,
  type FfnSettings,
} from './ffn-attributes.js';
import * as data from './ffn-data.js';
import type {NeuronOrder} from './ffn-data.js';
import {canvasPng, ffnJson, type FfnJSON} from './ffn-export.js';
import * as views from './ffn-views.js';
import * as map from './heatmap.js';
import {LatestTrace, type Traced} from './latest-trace.js';
import {ffnStyles} from './peek-ffn.styles.js';
import {
  cellImageOf,
  heatmapScene,
  rowHeight,
  watchPixelRatio,
} from './scene.js';
import {FfnSelection, type FfnSelectDetail, type Shown} from './selection.js';
import {ffnSummary} from './summary.js';

export type {FfnJSON, FfnSelectDetail};

/** Characters listed on each side of the direct logit attribution. */
const DLA_SHOWN = 8;

/**
 * Feed-forward (MLP) activations, neuron by neuron: a heatmap of one
 * layer's 512 ReLU neurons over the text, the most active neurons at a
 * position, and for one neuron its activation over the text and the
 * output characters it pushes up and down (direct logit attribution).
 *
 * Each attribute has a camelCase property. `layer`, `neuron`, `position`,
 * `top` and `order` read back the value in effect: clamped, rounded or
 * defaulted, with one console warning per bad attribute. A range that
 * depends on the model (layer's, neuron's) is the default model's until
 * the model loads; its warning waits for the model, so that it names the
 * loaded model's range. `position`'s range is the text: until the text
 * is traced it reads back as set.
 *
 * @attr text - Text to run the model on (only the last 128 characters are
 *   seen). Live: the latest value wins over any trace still computing.
 * @attr for - Id of a sampler (or any element firing `peek-step`) to
 *   follow; its text replaces `text` on each step. Also the linking group.
 * @attr layer - Block whose MLP is shown, 0..layers - 1 (0..3 for the
 *   default model; clamped); default 0.
 * @attr neuron - Selected neuron, 0..MLP width - 1 (0..511 for the
 *   default model), or -1 / absent for none.
 * @attr position - Selected position as a code-point index into the whole
 *   text; absent or -1 means the last. Clamped to the traced window.
 * @attr top - How many of the most active neurons to list, 1..64; 10.
 * @attr order - Heatmap rows by neuron `index` (default) or by `mean`
 *   activation over the text, largest first.
 *
 * @prop {Float32Array} activations - Read-only copy of the shown layer's
 *   activations [T * 512], row-major over positions (empty before a trace).
 * @prop {Promise<boolean>} traceComplete - Resolves once the latest text's
 *   trace is drawn.
 *
 * @fires peek-select - {position, char, layer, neuron} when the reader
 *   selects a cell, a position or a neuron (click, Enter).
 * @fires peek-progress - Model download progress (from PeekElement).
 * @fires peek-ready - The model is ready (from PeekElement).
 * @fires peek-error - {type, message, cause} on failure (from PeekElement).
 * @fires peek-backend-change - {backend, previous, reason} when the
 *   running backend was lost and another took over (from PeekElement).
 *
 * @csspart controls - The layer and order controls.
 * @csspart readout - The line describing the hovered cell.
 * @csspart heatmap - The focusable box around the heatmap canvas.
 * @csspart canvas - The heatmap canvas (legend and axes included).
 * @csspart top-list - The panel of the most active neurons.
 * @csspart bar - One neuron's bar button in that panel.
 * @csspart neuron-panel - The selected neuron's panel.
 * @csspart neuron-text - The text coloured by the neuron's activation.
 * @csspart dla - Both direct logit attribution lists.
 * @csspart dla-up - The characters pushed up.
 * @csspart dla-down - The characters pushed down.
 * @csspart chip - One character of those lists.
 * @csspart empty - The note shown when there is no text.
 * @csspart status - Loading and error panels (from PeekElement).
 * @csspart backend-note - The note saying Peek runs on a slower backend
 *   than it asked for, and why (from PeekElement).
 *
 * @cssprop --peek-ffn-row-height - Height of a neuron row in CSS pixels,
 *   1..4 (default 1).
 * @cssprop --peek-fg - Text and axis colour.
 * @cssprop --peek-bg - Background.
 * @cssprop --peek-muted - Secondary text and tick colour.
 * @cssprop --peek-accent - Selection and focus colour.
 * @cssprop --peek-border - Border colour.
 * @cssprop --peek-font - Interface font.
 * @cssprop --peek-mono - Font of characters and numbers.
 */
export class PeekFfn extends PeekElement {
  static override styles = [...PeekElement.styles, ffnStyles];

  static override properties = {
    text: {},
    for: {},
    layer: {},
    neuron: {},
    position: {},
    top: {},
    order: {},
    traced: {state: true},
    avail: {state: true},
  };

  declare text: string;
  declare for: string | null;

  /** The numeric and choice attributes as set; the getters check them. */
  private asSet: FfnRaw = {
    layer: null,
    neuron: null,
    position: null,
    top: null,
    order: null,
  };

  private declare traced: Traced | undefined;
  /** Content width of the host, for the heatmap's layout. */
  private declare avail: number;

  private eff: FfnSettings = {
    layer: 0,
    neuron: -1,
    position: -1,
    t: -1,
    top: 10,
    order: 'index',
  };
  private readonly tracer = new LatestTrace(
    (traced) => {
      this.traced = traced;
      if (this.localError) this.clearError();
    },
    (e) => this.reportError(e, 'internal')
  );
  private cached: {key: unknown[]; view: data.LayerView} | undefined;
  private dlaCache = new Map<string, ReturnType<typeof topAttributions>>();
  private layout: map.HeatmapLayout | undefined;
  private unfollow: (() => void) | undefined;
  private readonly sel = new FfnSelection(this, {
    group: () => this.for || this.id,
    shown: () => this.shown(),
    select: (position, neuron) => {
      this.position = position;
      if (neuron !== undefined) this.neuron = neuron;
    },
    commit: (detail) => this.emit<FfnSelectDetail>('peek-select', detail),
  });

  constructor() {
    super();
    this.text = '';
    this.for = null;
    this.avail = 0;
  }

  get layer(): number {
    return this.settings().layer;
  }
  set layer(v: number | string | null) {
    this.asSet.layer = v;
  }

  get neuron(): number {
    return this.settings().neuron;
  }
  set neuron(v: number | string | null) {
    this.asSet.neuron = v;
  }

  get position(): number {
    return this.settings().position;
  }
  set position(v: number | string | null) {
    this.asSet.position = v;
  }

  get top(): number {
    return this.settings().top;
  }
  set top(v: number | string | null) {
    this.asSet.top = v;
  }

  get order(): NeuronOrder {
    return this.settings().order;
  }
  set order(v: NeuronOrder | string | null) {
    this.asSet.order = v;
  }

  protected get viewName(): string {
    return 'the MLP activations';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.follow();
    this.requestTrace();
    const ro = new ResizeObserver((e) => {
      this.avail = e[0]?.contentRect.width ?? 0;
    });
    ro.observe(this);
    const unwatch = watchPixelRatio(() => this.requestUpdate());
    this.onDisconnect(() => {
      ro.disconnect();
      unwatch();
      this.unfollow?.();
      this.unfollow = undefined;
    });
  }

  /** Read-only copy of the shown activations [T * M]. */
  get activations(): Float32Array {
    return this.view()?.acts.slice() ?? new Float32Array(0);
  }

  /** Resolves once the trace of the latest text is drawn. */
  get traceComplete(): Promise<boolean> {
    return (async () => {
      await loadModel().catch(() => undefined);
      await this.updateComplete;
      await this.tracer.settled();
      return this.updateComplete;
    })();
  }

  private follow(): void {
    this.unfollow?.();
    this.unfollow = this.for
      ? followSource(this, this.for, (text) => (this.text = text))
      : undefined;
  }

  protected override modelReady(): void {
    this.dlaCache.clear();
    this.requestTrace();
  }

  private requestTrace(): void {
    // A removed element traces nothing; connectedCallback asks again.
    if (this.model && this.isConnected) {
      this.tracer.request(this.model, this.text ?? '');
    }
  }

  override willUpdate(changed: PropertyValues): void {
    if (changed.has('for') && this.isConnected) this.follow();
    if (changed.has('text')) this.requestTrace();
    this.eff = this.settings();
  }

  /** The attributes, checked against the model and the trace. */
  private settings(): FfnSettings {
    const {nLayer, mlpHidden} = this.shape;
    return readFfn(
      this.asSet,
      {
        nLayer,
        M: mlpHidden,
        T: this.traced?.trace.T ?? 0,
        offset: this.traced?.offset ?? 0,
      },
      this.warn.bind(this),
      this.warnOnceLoaded
    );
  }

  /** The shown layer's activations, rows and scale (cached). */
  private view(): data.LayerView | undefined {
    const tr = this.traced;
    if (!tr || tr.trace.T === 0) return undefined;
    const {layer, order} = this.eff;
    const key = [tr, layer, order];
    const c = this.cached;
    if (c && c.key.every((k, i) => k === key[i])) return c.view;
    const view = data.layerView(tr.trace.mlp[layer], tr.trace.T, order);
    this.cached = {key, view};
    return view;
  }

  private attributions(model: PeekModel, layer: number, neuron: number) {
    const key = `${layer}:${neuron}`;
    let top = this.dlaCache.get(key);
    if (!top) {
      const dla = modelNeuronDla(model.data, layer, neuron);
      top = topAttributions(dla, model.data.vocab, DLA_SHOWN);
      this.dlaCache.set(key, top);
    }
    return top;
  }

  protected renderReady(model: PeekModel) {
    const tr = this.traced;
    if (!tr || tr.model !== model) return views.running;
    const v = this.view();
    if (!v) return views.noText;
    const {layer, neuron, t, top, order} = this.eff;
    const chars = tr.trace.chars;
    const items = data.topNeurons(v.acts, v.M, t, top);
    const dla =
      neuron >= 0 ? this.attributions(model, layer, neuron) : undefined;
    const peak = data.argMax(v.acts, v.M);
    const summary = ffnSummary({
      layer,
      M: v.M,
      T: v.T,
      peak: {...peak, position: tr.offset + peak.t, char: chars[peak.t]},
      position: tr.offset + t,
      char: chars[t],
      top: items,
      neuron,
      dla,
    });
    const sel = this.sel;
    return html`${views.controls({
        nLayer: model.data.config.nLayer,
        layer,
        order,
        readout: sel.hoverText(),
        onLayer: (l) => (this.layer = l),
        onOrder: (o) => (this.order = o),
      })}
      ${views.heatmapBox({
        summary,
        announce: sel.announce,
        onKey: sel.onKey,
        onPointer: sel.onPointer,
        onLeave: sel.onLeave,
        onClick: sel.onClick,
      })}
      <div class="panels">
        ${views.topList({
          heading:
            `Most active at position ${tr.offset + t} ` +
            describeChar(chars[t]),
          items,
          max: v.max,
          selected: neuron,
          onPick: (n) => sel.moveTo(t, n, true),
        })}
        ${views.neuronPanel({
          layer,
          neuron,
          chars,
          unknown: tr.trace.unknown,
          series: data.neuronSeries(v.acts, v.T, v.M, Math.max(0, neuron)),
          offset: tr.offset,
          selectedT: t,
          linkedT: sel.linkedT(),
          dla,
          onPick: (p) => sel.moveTo(p, neuron, true),
          onHover: sel.hoverAt,
        })}
      </div>`;
  }

  private shown(): Shown | undefined {
    const traced = this.traced;
    const view = this.view();
    if (!traced || !view) return undefined;
    return {traced, view, settings: this.eff, layout: this.layout};
  }

  override updated(changed: PropertyValues): void {
    super.updated(changed);
    const canvas = this.renderRoot.querySelector('canvas');
    const v = this.view();
    const tr = this.traced;
    if (!canvas || !v || !tr) return;
    const cs = getComputedStyle(this);
    const avail = this.avail || this.clientWidth || 640;
    const l = map.heatmapLayout(avail, v.T, v.M, rowHeight(cs));
    this.layout = l;
    const scene = heatmapScene({
      view: v,
      chars: tr.trace.chars,
      unknown: tr.trace.unknown,
      t: this.eff.t,
      neuron: this.eff.neuron,
      linkedT: this.sel.linkedT(),
      order: this.eff.order,
      style: cs,
    });
    map.paintHeatmap(canvas, l, cellImageOf(v), scene, devicePixelRatio);
  }

  /**
   * Where the cell of (position, neuron) is drawn, in CSS pixels from the
   * canvas's top-left corner; null when it is not drawn.
   */
  cellRect(
    position: number,
    neuron: number
  ): {x: number; y: number; width: number; height: number} | null {
    const v = this.view();
    const t = position - (this.traced?.offset ?? 0);
    if (!v || !this.layout || !(t >= 0 && t < v.T)) return null;
    if (!(neuron >= 0 && neuron < v.M)) return null;
    return map.cellBox(this.layout, t, v.rowOf[neuron]);
  }

  /** The heatmap, with its legend and axes, as a PNG. */
  toPNG(): Promise<Blob> {
    return canvasPng(this.renderRoot.querySelector('canvas'));
  }

  /** What is shown, as plain data (JSON.stringify uses it too). */
  toJSON(): FfnJSON {
    const tr = this.traced;
    const {layer, neuron, t} = this.eff;
    return ffnJson({
      model: this.model,
      text: tr?.text ?? '',
      offset: tr?.offset ?? 0,
      chars: tr?.trace.chars ?? [],
      view: this.view(),
      layer,
      position: tr && t >= 0 ? tr.offset + t : -1,
      neuron,
      dlaShown: DLA_SHOWN,
    });
  }
}
