import type {PeekModel} from '../../src/store.js';
import type {ForwardTrace} from '../../src/trace.js';

/** A finished trace and the text it was made from. */
export interface Traced {
  text: string;
  trace: ForwardTrace;
  /** Code-point index in `text` of the first traced position. */
  offset: number;
  model: PeekModel;
}

/**
 * Traces text so that the latest request wins: a result is delivered only
 * if no newer request came while it computed, so a stale trace is never
 * drawn over a newer one. Asking twice for the same text and model is a
 * no-op.
 */
export class LatestTrace {
  private id = 0;
  private last: {text: string; model: PeekModel} | undefined;
  private pending: Promise<void> = Promise.resolve();

  constructor(
    private readonly deliver: (t: Traced) => void,
    private readonly fail: (e: unknown) => void
  ) {}

  request(model: PeekModel, text: string): void {
    if (this.last?.text === text && this.last.model === model) return;
    this.last = {text, model};
    const id = ++this.id;
    this.pending = model.inference.traceText(text).then(
      (trace) => {
        if (id !== this.id) return; // a newer text is on its way
        const offset = Array.from(text).length - trace.T;
        this.deliver({text, trace, offset, model});
      },
      (e) => {
        if (id === this.id) this.fail(e);
      }
    );
  }

  /** Resolves once the latest request has been delivered (or failed). */
  async settled(): Promise<void> {
    let p: Promise<void>;
    do {
      p = this.pending;
      await p;
    } while (p !== this.pending);
  }
}
