import type {ReactiveController, ReactiveControllerHost} from 'lit';

/**
 * Watches the width of one element of the host's shadow root, which may
 * come and go between renders (it follows the model's state), and asks
 * for an update when it changes.
 */
export class Watched implements ReactiveController {
  /** Its content width in CSS pixels, 0 while absent. */
  width = 0;
  private el: Element | undefined;
  private observer: ResizeObserver | undefined;

  constructor(
    private readonly host: ReactiveControllerHost & {renderRoot: ParentNode},
    private readonly selector: string
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.observer = new ResizeObserver(([entry]) => {
      const width = entry?.contentRect.width ?? 0;
      if (width === this.width) return;
      this.width = width;
      this.host.requestUpdate();
    });
  }

  hostDisconnected(): void {
    this.observer?.disconnect();
    this.observer = this.el = undefined;
  }

  hostUpdated(): void {
    const el = this.host.renderRoot.querySelector(this.selector) ?? undefined;
    if (el === this.el) return;
    this.observer?.disconnect();
    this.el = el;
    this.width = (el as HTMLElement | undefined)?.clientWidth ?? 0;
    if (el) this.observer?.observe(el);
  }
}
