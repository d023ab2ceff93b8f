import {html, nothing, type PropertyValues} from 'lit';
import {numberOrText} from '../../src/attributes.js';
import {followSource} from '../../src/follow.js';
import {
  publishHighlight,
  subscribeHighlight,
  type Highlight,
} from '../../src/linking.js';
import {neighboursOf} from '../../src/neighbours.js';
import {PeekElement} from '../../src/peek-element.js';
import {renderControls, renderLegend} from './controls.js';
import {embeddingJSON, plotPNG, themeOf} from './export.js';
import {Interaction} from './interaction.js';
import {LayoutController} from './layout-controller.js';
import {
  NEIGHBOUR_COUNT,
  renderNeighbours,
  renderVector,
  stepDim,
} from './panels.js';
import {embeddingStyles} from './peek-embedding.styles.js';
import {emphasisedPaths, type PlotMarks} from './plot.js';
import type {PointSet} from './points.js';
import {buildScene, type Scene} from './scene.js';
import {readSelected, readSettings, type Settings} from './settings.js';
import {announcePoint, axisText, summarise} from './summary.js';
import {TextController} from './text-controller.js';
import {drawAxes, renderLayout, renderPlot} from './view.js';
import {PlotZoom} from './zoom.js';

/** Detail of `peek-select`. */
export interface EmbeddingSelectDetail {
  /** Point index: token id, or row of the position table; -1 cleared. */
  index: number;
  /** The token's character, or the text's character at that position. */
  char: string;
  /** Code-point index in the full text, or -1 if it names none. */
  position: number;
}

/**
 * `<peek-embedding>`: the model's token (or position) vectors projected
 * to 2-D by PCA or t-SNE, with each point's nearest neighbours in the
 * full space, its raw vector, and the path each character of a text takes
 * through the residual stream.
 *
 * Hover a point for its 8 nearest neighbours by cosine similarity; click
 * it for its vector. The plot is focusable: arrow keys move between
 * points, Home/End jump, Enter or Space selects, Escape clears, + − 0
 * zoom. Drag pans; Ctrl/⌘ + wheel zooms (plain wheel scrolls the page).
 *
 * Each attribute has a camelCase property. `method`, `source`, `seed`,
 * `perplexity` and `selected` read back the value in effect: clamped,
 * rounded or defaulted, with one console warning per bad attribute. A
 * range that depends on the model (selected's) is the default model's
 * until the model loads; its warning waits for the model, so that it
 * names the loaded model's range.
 *
 * @attr method - `pca` (default) or `tsne`.
 * @attr source - `tokens` (default): the 65 character vectors, drawn as
 *   glyphs; or `positions`: the 128 position vectors, numbered.
 * @attr seed - t-SNE's random start (integer, default 1): one seed
 *   always gives the same layout.
 * @attr perplexity - t-SNE's neighbourhood size, 2..50 (default 10).
 * @attr text - Text whose characters are ringed; the last 128 (what the
 *   model reads) are traced for residual paths. Latest input wins.
 *   Characters outside the vocabulary ring the character read in their
 *   place, and the legend lists them.
 * @attr for - Id of a sampler to follow: its text replaces `text` on each
 *   step. Also names the linking group (else the element's own id).
 * @attr trajectory - Draws each traced position's residual stream
 *   (entering each block, then leaving the last) projected into the
 *   plotted PCA axes. PCA only.
 * @attr hide-controls - Hides the toolbar (method, vectors, paths, zoom).
 * @attr selected - Index of the selected point: a token id (0..64 for
 *   the default model), or a position row (0..127); -1 for none. Its
 *   vector is shown. Any other value selects nothing, with a warning.
 *
 * @prop {string} currentText - The text in use (read-only): the followed
 *   sampler's latest, else `text`.
 * @prop {Promise<void>} layoutComplete - Resolves once the layout (a
 *   finished t-SNE run included) and the current text's paths are drawn.
 *
 * @fires peek-select - {index, char, position} when the reader selects a
 *   point or a path (click, Enter) or clears the selection (Escape).
 * @fires peek-ready - The model is loaded.
 * @fires peek-progress - Model download progress.
 * @fires peek-error - {type, message, cause} when something fails.
 * @fires peek-backend-change - {backend, previous, reason} when the
 *   running backend was lost and another took over (from PeekElement).
 *
 * @csspart controls - The toolbar.
 * @csspart plot - The scatter plot (SVG).
 * @csspart axis - Each axis.
 * @csspart paths - The residual path layers.
 * @csspart legend - The colour key.
 * @csspart neighbours - The nearest-neighbour list.
 * @csspart vector - The selected vector's strip chart.
 * @csspart note - Explanations, e.g. that paths need PCA, or what
 *   characters outside the vocabulary are read as.
 * @csspart status - The loading and error panels.
 * @csspart backend-note - The note saying Peek runs on a slower backend
 *   than it asked for, and why (from PeekElement).
 *
 * @cssprop --peek-embedding-ring - Rings and emphasised paths (default:
 *   the accent colour).
 * @cssprop --peek-embedding-path - Colour of residual paths.
 * @cssprop --peek-embedding-glyph-size - Size of the glyphs (13px).
 * @cssprop --peek-embedding-panel-width - Side panel width (220px).
 * @cssprop --peek-fg - Text colour (shared theme, as are --peek-bg,
 *   --peek-accent, --peek-muted, --peek-border, --peek-font, --peek-mono).
 */
export class PeekEmbedding extends PeekElement {
  static override styles = [...PeekElement.styles, embeddingStyles];

  static override properties = {
    method: {},
    source: {},
    // Bad text stays text, so the warning quotes it (see numberOrText).
    seed: {converter: numberOrText},
    perplexity: {converter: numberOrText},
    text: {},
    for: {},
    trajectory: {type: Boolean},
    hideControls: {type: Boolean, attribute: 'hide-controls'},
    selected: {converter: numberOrText},
    followed: {state: true},
    linkedPosition: {state: true},
    dim: {state: true},
  };

  /** Method, source, seed, perplexity and selected, as set. */
  private asSet: Partial<Record<keyof Settings | 'selected', unknown>> = {};

  /** `pca` (default) or `tsne`. */
  get method(): Settings['method'] {
    return this.settings().method;
  }
  set method(v: string | null) {
    this.asSet.method = v;
  }
  /**
   * `tokens` (default): the character vectors, drawn as glyphs; or
   * `positions`: the position vectors, numbered.
   */
  get source(): Settings['source'] {
    return this.settings().source;
  }
  set source(v: string | null) {
    this.asSet.source = v;
  }
  /** t-SNE's random start (integer, default 1); one seed, one layout. */
  get seed(): number {
    return this.settings().seed;
  }
  set seed(v: number | string | null) {
    this.asSet.seed = v;
  }
  /** t-SNE's neighbourhood size, 2..50 (default 10). */
  get perplexity(): number {
    return this.settings().perplexity;
  }
  set perplexity(v: number | string | null) {
    this.asSet.perplexity = v;
  }
  /**
   * Index of the selected point (token id, or position row), whose
   * vector is shown; -1 for none. Any other value selects nothing.
   */
  get selected(): number {
    const {source} = this.settings();
    const {vocabSize, blockSize} = this.shape;
    const n = source === 'tokens' ? vocabSize : blockSize;
    const chars = this.model?.data.vocab ?? [];
    const points = {source, n, chars};
    return readSelected(this.asSet.selected, points, this.warnOnceLoaded);
  }
  set selected(v: number | string | null) {
    this.asSet.selected = v;
  }
  /**
   * Text whose characters are ringed; its last 128 characters (what the
   * model reads) are traced for residual paths. Latest input wins.
   */
  declare text: string;
  /**
   * Id of a sampler to follow: its text replaces `text` on each step.
   * Also names the linking group (else the element's own id).
   */
  declare for: string;
  /**
   * Draws each traced position's residual stream (entering each block,
   * then leaving the last) in the plotted PCA axes. PCA only.
   */
  declare trajectory: boolean;
  /** Hides the toolbar. */
  declare hideControls: boolean;

  private declare followed: string | undefined;
  /** Full-text position a linked view highlights. */
  private declare linkedPosition: number;
  /** Dimension read in the vector strip. */
  private declare dim: number;

  private readonly layout = new LayoutController(this);
  private readonly textState = new TextController(this, (e) =>
    e === undefined ? this.clearError() : this.reportError(e)
  );
  private s: Settings = {
    method: 'pca',
    source: 'tokens',
    seed: 1,
    perplexity: 10,
    trajectory: false,
  };
  private readonly pointer = new Interaction(this, {
    points: () => this.scene?.points ?? [],
    selection: () => this.validSelection(),
    select: (i, position) => this.select(i, position),
    pathPoint: (position) => {
      const p = this.textState.paths.find((t) => t.position === position);
      if (!p) return -1;
      return this.set?.source === 'tokens' ? p.token : p.slot;
    },
    hover: (point, path) =>
      this.publish(path >= 0 ? path : this.positionOf(point), false),
    zoom: (k) => this.zoomBy(k),
  });
  private readonly zoom = new PlotZoom(() => this.requestUpdate());
  private scene: Scene | undefined;
  private unfollow: (() => void) | undefined;
  private waiters: (() => void)[] = [];

  constructor() {
    super();
    this.text = '';
    this.for = '';
    this.trajectory = false;
    this.hideControls = false;
    this.linkedPosition = -1;
    this.dim = -1;
  }

  protected get viewName(): string {
    return 'the embedding view';
  }

  /** The text in use: the followed sampler's latest, else `text`. */
  get currentText(): string {
    return this.followed ?? this.text ?? '';
  }

  /**
   * Resolves once what the attributes ask for is drawn: the layout (a
   * finished t-SNE run included) and the residual paths of the current
   * text; or once the element shows an error.
   */
  get layoutComplete(): Promise<void> {
    return new Promise((resolve) => {
      this.waiters.push(resolve);
      this.requestUpdate();
    });
  }

  private get group(): string {
    return this.for || this.id;
  }

  private get set(): PointSet | undefined {
    return this.layout.set;
  }

  private get axes() {
    const {set, fit} = this.layout;
    return set ? axisText(this.s.method, set, fit?.explained) : undefined;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.onDisconnect(
      subscribeHighlight(() => this.group, this, (h) => this.onLinked(h))
    );
    this.follow();
    this.onDisconnect(() => {
      this.unfollow?.();
      this.unfollow = undefined;
    });
  }

  private follow(): void {
    this.unfollow?.();
    this.unfollow = undefined;
    this.followed = undefined;
    if (!this.for || !this.isConnected) return;
    this.unfollow = followSource(this, this.for, (t) => {
      this.followed = t;
    });
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    if (changed.has('for') && changed.get('for') !== undefined) {
      this.follow();
    }
    if (changed.has('text') && changed.get('text') !== undefined) {
      this.followed = undefined; // a newly set text wins over the last step
    }
    this.s = this.settings();
    // A removed element starts nothing (a t-SNE run would keep its
    // timers going); its controllers ask to lay out again on reconnect.
    if (this.status.state !== 'ready' || !this.isConnected) return;
    const model = this.status.model;
    try {
      const before = this.set;
      if (this.layout.update(model, this.s)) this.zoom.reset();
      if (before && this.set?.source !== before.source) {
        this.selected = -1; // indices name other things now
        this.pointer.reset();
      }
      const paths = this.s.trajectory ? this.layout.fit : undefined;
      this.textState.update(model, this.currentText, this.set!, paths);
    } catch (e) {
      this.reportError(e);
    }
  }

  protected renderReady() {
    const {set, coords, fit, progress} = this.layout;
    const s = this.s;
    const controls = this.hideControls
      ? nothing
      : renderControls(
          {...s, progress, tracing: this.textState.tracing},
          {
            setMethod: (m) => (this.method = m),
            setSource: (v) => (this.source = v),
            setTrajectory: (on) => this.toggleAttribute('trajectory', on),
            zoom: (k) => this.zoomBy(k),
          }
        );
    if (!set || !coords) {
      return html`${controls}
        <p class="hint">Placing the points…</p>`;
    }
    const selected = this.validSelection();
    const {active, focusRing} = this.pointer;
    const focus = active >= 0 ? active : selected;
    const neighbours =
      focus >= 0
        ? neighboursOf(set.vectors, set.n, set.d, focus, NEIGHBOUR_COUNT)
        : [];
    const summary = summarise({
      ...s,
      set,
      coords,
      explained: fit?.explained,
      focus: focus >= 0 ? {index: focus, neighbours} : undefined,
    });
    const paths = this.textState.paths;
    this.scene = buildScene(set, coords, paths, this.zoom.transform);
    return renderLayout({
      controls,
      pathsNeedPca: s.trajectory && s.method === 'tsne',
      plot: renderPlot(
        this.scene,
        set,
        this.marks(selected),
        this.axes!,
        this.pointer.handlers
      ),
      legend: renderLegend(
        set.source,
        set.n,
        this.textState.window.length > 0,
        paths.length > 0,
        this.textState.standIns
      ),
      aside:
        focus >= 0
          ? renderNeighbours(set, focus, neighbours, (i) => this.select(i))
          : undefined,
      vector:
        selected >= 0
          ? renderVector(set, selected, this.dim, (j, step) => {
              this.dim = step ? stepDim(this.dim, step, set.d) : j;
            })
          : undefined,
      summary,
      live:
        focusRing && focus >= 0
          ? announcePoint(set, coords, focus, neighbours)
          : '',
    });
  }

  private marks(selected: number): PlotMarks {
    const linked =
      this.linkedPosition >= 0 && this.set && this.model
        ? this.textState.pointAt(this.linkedPosition, this.set, this.model)
        : -1;
    return {
      active: this.pointer.active,
      selected,
      linked,
      inText: this.textState.inText,
      focusRing: this.pointer.focusRing,
      emphasised: emphasisedPaths(
        this.textState.paths,
        this.set?.source === 'tokens',
        {
          hoveredPath: this.pointer.hoveredPath,
          linkedPosition: this.linkedPosition,
          point: this.pointer.active >= 0 ? this.pointer.active : selected,
        }
      ),
    };
  }

  /** The attributes, checked. */
  private settings(): Settings {
    const {method, source, seed, perplexity} = this.asSet;
    return readSettings(
      {
        method,
        source,
        seed,
        perplexity,
        trajectory: this.trajectory,
        trajectoryAttribute: this.getAttribute('trajectory'),
      },
      (code, message) => this.warn(code, message)
    );
  }

  /** The selected point, once there are points to select. */
  private validSelection(): number {
    return this.set ? this.selected : -1;
  }

  private zoomBy(k: number): void {
    if (k === 0) this.zoom.reset();
    else this.zoom.scaleBy(k);
  }

  /** The full-text position point i names (positions only), else -1. */
  private positionOf(i: number): number {
    return this.set?.source === 'positions'
      ? this.textState.positionOf(i)
      : -1;
  }

  private onLinked(h: Highlight): void {
    this.linkedPosition = h.position;
    if (!h.selected || !this.set || !this.model) return;
    const i = this.textState.pointAt(h.position, this.set, this.model);
    if (i >= 0) this.selected = i;
  }

  /** Selects point i (-1 clears) as the reader's own choice. */
  private select(i: number, position = this.positionOf(i)): void {
    const set = this.set;
    if (!set) return;
    this.selected = i;
    this.dim = -1;
    const char =
      set.source === 'tokens'
        ? (set.chars[i] ?? '')
        : (this.textState.window[i] ?? '');
    this.emit<EmbeddingSelectDetail>('peek-select', {index: i, char, position});
    if (position >= 0 || i < 0) this.publish(position, true);
  }

  private publish(position: number, selected: boolean): void {
    publishHighlight({group: this.group, position, source: this, selected});
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    this.zoom.attach(this.renderRoot.querySelector('svg.plot'));
    if (this.scene) {
      drawAxes(this.renderRoot, this.scene, this.s.method === 'pca');
    }
    if (this.settled()) {
      for (const resolve of this.waiters.splice(0)) resolve();
    }
  }

  private settled(): boolean {
    if (this.status.state === 'error' || !this.isConnected) return true;
    if (this.status.state !== 'ready' || this.textState.tracing) return false;
    // A layout that failed will not settle; its error is what shows.
    return this.layout.settled || this.localError !== undefined;
  }

  /**
   * The view as data: method and settings, each point's 2-D coordinates
   * and, with PCA, the explained variance ratios and residual paths.
   */
  toJSON() {
    return embeddingJSON(
      this.s,
      this.set,
      this.layout.coords,
      this.layout.fit?.explained,
      this.textState.paths
    );
  }

  /** The plot as a PNG image, `scale` times its 560 x 420 layout. */
  async toPNG(scale = 2): Promise<Blob> {
    await this.layoutComplete;
    const {scene, set} = this;
    if (!scene || !set) {
      throw new Error('<peek-embedding>: toPNG() needs a loaded model.');
    }
    const marks = this.marks(this.validSelection());
    const theme = themeOf(this);
    return plotPNG(scene, set, marks, this.axes!, theme, scale);
  }
}
