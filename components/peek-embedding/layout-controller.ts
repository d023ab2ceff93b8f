import type {ReactiveController, ReactiveControllerHost} from 'lit';
import type {Pca} from '../../src/pca.js';
import type {PeekModel} from '../../src/store.js';
import {
  pcaOf,
  pointSet,
  type EmbeddingSource,
  type PointSet,
} from './points.js';
import {TsneRun} from './tsne-run.js';

/** What decides where the points go. */
export interface LayoutSettings {
  method: 'pca' | 'tsne';
  source: EmbeddingSource;
  seed: number;
  perplexity: number;
}

/**
 * Owns the 2-D layout: PCA at once (cached per model), t-SNE over the
 * next frames, redrawing the host as it converges (unless the reader
 * prefers reduced motion). A change of settings
 * cancels a run in progress, so the latest settings always win.
 */
export class LayoutController implements ReactiveController {
  /** The vectors laid out. */
  set: PointSet | undefined;
  /** The PCA of `set` (fitted with method pca; paths need it). */
  fit: Pca | undefined;
  /** Current coordinates [n * 2], undefined before the first frame. */
  coords: Float64Array | undefined;
  /** t-SNE steps done and to do while a run goes on. */
  progress: {iteration: number; total: number} | undefined;

  private run: TsneRun | undefined;
  private model: PeekModel | undefined;
  private key = '';

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  /**
   * Lays out again if the model or the settings changed; returns whether
   * it did.
   */
  update(model: PeekModel, s: LayoutSettings): boolean {
    const key = `${s.method}|${s.source}|${s.seed}|${s.perplexity}`;
    if (model === this.model && key === this.key) return false;
    this.model = model;
    this.key = key;
    this.stop();
    this.set = pointSet(model.data, s.source);
    if (s.method === 'pca') {
      this.fit = pcaOf(this.set);
      this.coords = this.fit.coords;
      this.progress = undefined;
      return true;
    }
    this.fit = undefined;
    this.coords = undefined;
    this.progress = {iteration: 0, total: 1000};
    const options = {seed: s.seed, perplexity: s.perplexity};
    // Readers who ask for less motion see the finished layout only.
    const still = matchMedia?.('(prefers-reduced-motion: reduce)').matches;
    this.run = new TsneRun(this.set, options, (frame) => {
      if (frame.done || !still) this.coords = frame.coords;
      this.progress = frame.done
        ? undefined
        : {iteration: frame.iteration, total: frame.total};
      this.host.requestUpdate();
    });
    return true;
  }

  /** Whether the layout is final. */
  get settled(): boolean {
    return this.coords !== undefined && this.progress === undefined;
  }

  hostConnected(): void {
    // A run stopped by removal starts again when the element is back.
    if (!this.key) this.host.requestUpdate();
  }

  hostDisconnected(): void {
    this.stop();
    this.key = ''; // lay out again if reconnected
  }

  private stop(): void {
    this.run?.cancel();
    this.run = undefined;
  }
}
