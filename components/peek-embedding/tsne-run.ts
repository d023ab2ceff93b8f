import {tsneSteps, type TsneFrame, type TsneOptions} from '../../src/tsne.js';
import type {PointSet} from './points.js';

/** Longest stretch of t-SNE work between two chances to paint. */
const SLICE_MS = 12;

const finished = new WeakMap<PointSet, Map<string, TsneFrame>>();

const keyOf = (o: TsneOptions) => `${o.perplexity}|${o.seed}`;

/**
 * A t-SNE layout computed in slices of a few milliseconds, so the page
 * stays responsive and the view can animate it converging. A finished
 * layout is remembered per point set and options.
 */
export class TsneRun {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private cancelled = false;

  /**
   * Starts at once; `onFrame` gets a snapshot after each slice, the last
   * one with `done: true`.
   */
  constructor(
    set: PointSet,
    options: TsneOptions,
    onFrame: (frame: TsneFrame) => void
  ) {
    const known = finished.get(set)?.get(keyOf(options));
    if (known) {
      this.timer = setTimeout(() => this.cancelled || onFrame(known));
      return;
    }
    const steps = tsneSteps(set.vectors, set.n, set.d, options, 5);
    const slice = () => {
      if (this.cancelled) return;
      const start = performance.now();
      let r = steps.next();
      while (!r.done && performance.now() - start < SLICE_MS) {
        r = steps.next();
      }
      if (r.done) {
        let bySet = finished.get(set);
        if (!bySet) finished.set(set, (bySet = new Map()));
        bySet.set(keyOf(options), r.value);
      } else {
        this.timer = setTimeout(slice);
      }
      onFrame(r.value);
    };
    this.timer = setTimeout(slice);
  }

  /** Stops the run; no more frames arrive. */
  cancel(): void {
    this.cancelled = true;
    clearTimeout(this.timer);
  }
}
