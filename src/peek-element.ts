import {
  LitElement,
  html,
  nothing,
  type PropertyDeclarations,
  type PropertyValues,
} from 'lit';
import {DEFAULT_CONFIG, type GPTConfig} from '../model/config.js';
import type {Warn} from './attributes.js';
import {backendNote, type BackendSwitch} from './backend.js';
import {PeekError, toPeekError, type PeekErrorType} from './errors.js';
import {
  loadModel,
  modelEvents,
  modelStatus,
  type ModelStatus,
  type PeekModel,
} from './store.js';
import {stateStyles} from './state-styles.js';

/** Detail of `peek-backend-change`. */
export interface PeekBackendChangeDetail {
  /** The backend now running. */
  backend: string;
  /** The one that stopped. */
  previous: string;
  /** Why, completing a sentence about it: "stopped working (...)". */
  reason: string;
}

/** Detail of `peek-error`. */
export interface PeekErrorDetail {
  type: PeekErrorType;
  message: string;
  cause?: unknown;
}

/**
 * What every Peek element shares: it connects to the page's one model,
 * shows loading (with progress), ready and error states, reports errors
 * as a `peek-error` event instead of throwing, and warns once per problem.
 * When Peek runs on a slower backend than it asked for (WebAssembly
 * refused by the page, a WebGL context lost), it says so in a small note
 * above the view (part `backend-note`); a switch while running also fires
 * `peek-backend-change`.
 *
 * Subclasses render their view in `renderReady(model)` and react to the
 * model in `modelReady(model)`.
 */
export abstract class PeekElement extends LitElement {
  static override styles = [stateStyles];

  // Typed as the general declarations so subclasses can declare their
  // own properties without repeating these.
  static override properties: PropertyDeclarations = {
    status: {state: true},
    localError: {state: true},
  };

  /** The shared model's status as this element last saw it. */
  protected status: ModelStatus = {state: 'idle'};
  /** An error of this element's own (bad input...), shown in place. */
  protected localError: PeekError | undefined;
  protected model: PeekModel | undefined;

  private readonly warned = new Set<string>();
  private readonly cleanups: (() => void)[] = [];
  private lastReported: unknown;

  override connectedCallback(): void {
    super.connectedCallback();
    const onStatus = (e: Event) =>
      this.applyStatus((e as CustomEvent<ModelStatus>).detail);
    modelEvents.addEventListener('status', onStatus);
    this.onDisconnect(() =>
      modelEvents.removeEventListener('status', onStatus)
    );
    const onBackend = (e: Event) => {
      const {from, to, reason} = (e as CustomEvent<BackendSwitch>).detail;
      this.emit<PeekBackendChangeDetail>('peek-backend-change', {
        backend: to,
        previous: from,
        reason,
      });
      this.requestUpdate(); // the note
    };
    modelEvents.addEventListener('backend', onBackend);
    this.onDisconnect(() =>
      modelEvents.removeEventListener('backend', onBackend)
    );
    // After a failed load, loadModel() tries again and says so through
    // the status event: showing the old status first would report an
    // error that is being retried.
    const before = modelStatus();
    // Errors arrive through the status event; this catch only keeps the
    // rejection from going unhandled.
    loadModel().catch(() => undefined);
    if (modelStatus() === before) this.applyStatus(before);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    for (const f of this.cleanups.splice(0)) f();
  }

  /** Registers work to undo when the element leaves the page. */
  protected onDisconnect(f: () => void): void {
    this.cleanups.push(f);
  }

  private applyStatus(s: ModelStatus): void {
    this.status = s;
    if (s.state === 'loading') {
      this.emit('peek-progress', s.progress ?? {loaded: 0});
    } else if (s.state === 'ready' && this.model !== s.model) {
      this.model = s.model;
      this.emit('peek-ready', {backend: s.model.backend, url: s.model.url});
      this.modelReady(s.model);
    } else if (s.state === 'error') {
      this.reportError(s.error);
    }
  }

  /** Called when the shared model is (re)loaded. */
  protected modelReady(_model: PeekModel): void {}

  /**
   * Shows an error in place and fires one `peek-error` event for it.
   * Use for failures the reader should see; never throws.
   */
  protected reportError(e: unknown, type: PeekErrorType = 'internal'): void {
    const error = toPeekError(e, type);
    if (this.status.state !== 'error') this.localError = error;
    if (this.lastReported === e) return;
    this.lastReported = e;
    this.emit<PeekErrorDetail>('peek-error', {
      type: error.type,
      message: error.message,
      cause: error.cause ?? e,
    });
  }

  /** Clears an error shown by reportError. */
  protected clearError(): void {
    this.localError = undefined;
    this.lastReported = undefined;
  }

  /** Warns once per code, naming the element and pointing at it. */
  protected warn(code: string, message: string): void {
    if (this.warned.has(code)) return;
    this.warned.add(code);
    console.warn(`<${this.localName}>: ${message}`, this);
  }

  /**
   * The loaded model's shape; before it loads, the default model's, so
   * that layer, head or top-k read back a value that would be in effect
   * with the model most pages use.
   */
  protected get shape(): GPTConfig {
    return this.model?.data.config ?? DEFAULT_CONFIG;
  }

  /**
   * Like warn(), but quiet until the model is loaded: a value checked
   * against `shape` before that may well fit the model that arrives, and
   * a warning once it has arrived names that model's range.
   */
  protected readonly warnOnceLoaded: Warn = (code, message) => {
    if (this.model) this.warn(code, message);
  };

  /** Fires a bubbling, composed CustomEvent. */
  protected emit<T>(name: string, detail: T): void {
    this.dispatchEvent(
      new CustomEvent<T>(name, {detail, bubbles: true, composed: true})
    );
  }

  protected override render() {
    const s = this.status;
    if (s.state === 'error') return this.renderError(s.error);
    if (this.localError) return this.renderError(this.localError);
    if (s.state !== 'ready') return this.renderLoading(s);
    return html`${this.renderBackendNote()}${this.renderReady(s.model)}`;
  }

  /** Says why Peek runs on a slower backend, when it does. */
  private renderBackendNote() {
    const note = backendNote();
    if (!note) return nothing;
    return html`<p class="backend-note" part="backend-note" role="status">
      ${note}
    </p>`;
  }

  /** The element's own view, once the model is ready. */
  protected abstract renderReady(model: PeekModel): unknown;

  /**
   * A short name for the loading and error panels, in lower case: it is
   * used mid-sentence ("Loading the model for the sampler…") and is
   * capitalised where it starts one.
   */
  protected abstract get viewName(): string;

  private renderLoading(s: ModelStatus) {
    const p = s.state === 'loading' ? s.progress : undefined;
    const pct = p?.fraction !== undefined ? Math.round(p.fraction * 100) : 0;
    return html`<div class="state loading" part="status" role="status">
      <span>Loading the model for ${this.viewName}…</span>
      <progress
        max="100"
        .value=${pct}
        aria-label="Model download progress"
      ></progress>
      <span class="detail">
        ${p ? `${(p.loaded / 1e6).toFixed(2)} MB` : 'starting'}
      </span>
    </div>`;
  }

  private renderError(error: PeekError) {
    return html`<div class="state error" part="status error" role="alert">
      <strong>${capitalise(this.viewName)} could not run.</strong>
      <span class="message">${error.message}</span>
      ${error.type === 'network' || error.type === 'format'
        ? html`<button part="button" @click=${this.retry}>Try again</button>`
        : ''}
    </div>`;
  }

  private retry = () => {
    this.clearError();
    loadModel().catch(() => undefined);
  };

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
  }
}

/** The text with its first character in upper case. */
function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
