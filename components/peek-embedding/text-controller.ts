import type {ReactiveController, ReactiveControllerHost} from 'lit';
import type {Pca} from '../../src/pca.js';
import type {PeekModel} from '../../src/store.js';
import type {ForwardTrace} from '../../src/trace.js';
import type {PointSet} from './points.js';
import {trajectories, type Trajectory} from './trajectories.js';

/**
 * Owns what the current text contributes: the window the model reads,
 * the points it uses, and (when paths are on) its trace and residual
 * paths. Latest text wins: a trace that returns after a newer request
 * was made is dropped.
 */
export class TextController implements ReactiveController {
  /** Full-text index of the window's first character. */
  offset = 0;
  /** The characters the model reads: the last blockSize of the text. */
  window: string[] = [];
  /** Points the window uses (token ids, or position rows). */
  inText: ReadonlySet<number> = new Set();
  /** The window's characters outside the vocabulary, each once, with
   * the vocabulary character read in its place. */
  standIns: {char: string; standIn: string}[] = [];
  /** Whether a trace is being computed. */
  tracing = false;
  /** Residual paths of the window, in the fitted PCA's axes. */
  paths: Trajectory[] = [];

  private trace: ForwardTrace | undefined;
  private request = 0;
  private textKey: unknown[] = [];
  private traceKey: unknown[] = [];
  private pathsKey: unknown[] = [];

  /**
   * `onTrace` hears how each current trace went: the error, or undefined
   * when it succeeded (so an earlier failure can be cleared).
   */
  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly onTrace: (error: unknown) => void
  ) {
    host.addController(this);
  }

  /**
   * Brings everything up to date; `fit` is the PCA to project paths
   * into, or undefined when paths are off.
   */
  update(
    model: PeekModel,
    text: string,
    set: PointSet,
    fit: Pca | undefined
  ): void {
    if (changed(this.textKey, [model, text, set])) {
      this.textKey = [model, text, set];
      const chars = Array.from(text);
      this.offset = Math.max(0, chars.length - model.data.config.blockSize);
      this.window = chars.slice(this.offset);
      const {ids, unknown} = model.tokenizer.encodeDetailed(
        this.window.join('')
      );
      this.inText = new Set(
        set.source === 'tokens' ? ids : this.window.keys()
      );
      const standIns = new Map<string, string>();
      unknown.forEach((u, i) => {
        if (u) standIns.set(this.window[i], model.data.vocab[ids[i]]);
      });
      this.standIns = [...standIns].map(([char, standIn]) => ({
        char,
        standIn,
      }));
    }
    const want = fit !== undefined && text !== '';
    if (changed(this.traceKey, want ? [model, text] : [])) {
      this.traceKey = want ? [model, text] : [];
      this.startTrace(want ? model : undefined, text);
    }
    const key = want ? [this.trace, fit, this.offset] : [];
    if (changed(this.pathsKey, key)) {
      this.pathsKey = key;
      this.paths =
        want && this.trace ? trajectories(fit, this.trace, this.offset) : [];
    }
  }

  private startTrace(model: PeekModel | undefined, text: string): void {
    const request = ++this.request;
    this.trace = undefined;
    this.tracing = model !== undefined;
    if (!model) return;
    const current = () => request === this.request;
    model.inference
      .traceText(text)
      .then(
        (trace) => {
          if (!current()) return;
          this.trace = trace;
          this.onTrace(undefined);
        },
        (e) => current() && this.onTrace(e ?? new Error('Trace failed.'))
      )
      .finally(() => {
        if (!current()) return;
        this.tracing = false;
        this.host.requestUpdate();
      });
  }

  /** The point a full-text position names, or -1. */
  pointAt(position: number, set: PointSet, model: PeekModel): number {
    const slot = position - this.offset;
    if (slot < 0 || slot >= this.window.length) return -1;
    if (set.source === 'positions') return slot;
    return model.tokenizer.encode(this.window[slot])[0] ?? -1;
  }

  /** The full-text position of position row i, or -1 past the text. */
  positionOf(i: number): number {
    return i >= 0 && i < this.window.length ? this.offset + i : -1;
  }

  hostConnected(): void {
    // A trace dropped by removal is asked for again.
    this.host.requestUpdate();
  }

  hostDisconnected(): void {
    this.request++; // drop a trace in flight
    this.tracing = false;
    this.traceKey = [];
  }
}

/** Whether a memo key changed (element-wise identity). */
function changed(old: unknown[], next: unknown[]): boolean {
  return old.length !== next.length || old.some((v, i) => v !== next[i]);
}
