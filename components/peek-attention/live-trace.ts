import type {ReactiveController, ReactiveControllerHost} from 'lit';
import {followSource} from '../../src/follow.js';
import {loadModel, type PeekModel} from '../../src/store.js';
import type {ForwardTrace} from '../../src/trace.js';
import {LatestOnly} from './latest-only.js';

/** Where the traced text comes from. */
export interface TextInput {
  text: string;
  /** Id of a sampler to follow instead of `text`, if any. */
  follow: string | null;
}

type Host = ReactiveControllerHost & Element;

/**
 * Keeps a trace of the host's current text: its `text`, or the context
 * of the sampler it follows. Each change is traced on the shared model
 * and the latest one wins (see LatestOnly).
 */
export class LiveTrace implements ReactiveController {
  trace: ForwardTrace | undefined;
  /** Code points of the full text before the traced window. */
  offset = 0;
  /** Counts traces, so canvases know when to redraw. */
  seq = 0;
  /** A trace is being computed. */
  busy = false;

  private followed: string | undefined;
  private following: string | null = null;
  private unfollow: (() => void) | undefined;
  private requested: string | undefined;
  private readonly queue: LatestOnly<string, ForwardTrace>;

  constructor(
    private readonly host: Host,
    private readonly model: () => PeekModel | undefined,
    private readonly input: () => TextInput,
    onTrace: (trace: ForwardTrace, text: string) => void,
    onError: (e: unknown) => void
  ) {
    this.queue = new LatestOnly(
      (text) => this.model()!.inference.traceText(text),
      (trace, text) => {
        this.trace = trace;
        this.seq++;
        this.busy = false;
        this.offset = Array.from(text).length - trace.T;
        onTrace(trace, text);
        host.requestUpdate();
      },
      (e) => {
        this.busy = false;
        onError(e);
        host.requestUpdate();
      }
    );
    host.addController(this);
  }

  /** The text to trace now. */
  get text(): string {
    const i = this.input();
    return i.follow ? (this.followed ?? '') : String(i.text ?? '');
  }

  hostConnected(): void {
    this.refollow();
    this.host.requestUpdate();
  }

  hostDisconnected(): void {
    this.unfollow?.();
    this.unfollow = undefined;
    // A reconnect traces again; nothing stale lands meanwhile.
    this.queue.cancel();
    this.requested = undefined;
    this.busy = false;
  }

  /** Before each render: follow a new source, trace a new text. */
  hostUpdate(): void {
    if (this.input().follow !== this.following) this.refollow();
    const text = this.text;
    if (this.model() && this.host.isConnected && text !== this.requested) {
      this.requested = text;
      this.busy = true;
      this.queue.request(text);
    }
  }

  /** Traces the text again (the model changed). */
  retrace(): void {
    this.requested = undefined;
    this.host.requestUpdate();
  }

  /** Resolves once the latest text is traced and rendered. */
  async settle(): Promise<void> {
    await loadModel().catch(() => undefined);
    await this.host.updateComplete; // requests the latest text's trace
    await this.queue.idle();
    await this.host.updateComplete;
  }

  private refollow(): void {
    this.unfollow?.();
    this.unfollow = undefined;
    this.followed = undefined;
    this.following = this.input().follow;
    if (this.following && this.host.isConnected) {
      this.unfollow = followSource(this.host, this.following, (text) => {
        this.followed = text;
        this.host.requestUpdate();
      });
    }
  }
}
