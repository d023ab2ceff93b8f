import type {ReactiveController, ReactiveControllerHost} from 'lit';
import {arrowDirection, stepToward} from './keyboard.js';
import type {PlotHandlers} from './view.js';

/** What the plot's pointer and keyboard handling asks of the element. */
export interface InteractionDeps {
  /** Points as drawn, for arrow-key moves. */
  points(): readonly {px: number; py: number}[];
  /** The selected point, or -1. */
  selection(): number;
  /** Selects point i (-1 clears); position if a path was chosen. */
  select(i: number, position?: number): void;
  /** The point a path (by full-text position) belongs to, or -1. */
  pathPoint(position: number): number;
  /** Tells linked views what is hovered (a point, or -1). */
  hover(point: number, path: number): void;
  /** Zooms by a factor; 0 shows the whole layout again. */
  zoom(k: number): void;
}

/** Keys that zoom, and by how much (0: show everything). */
const ZOOM_KEYS: Record<string, number> = {
  '+': 1.5,
  '=': 1.5,
  '-': 1 / 1.5,
  '0': 0,
};

/**
 * Hover, focus and keys on the scatter: which point is being inspected,
 * which path is under the pointer, and whether the focus ring shows.
 */
export class Interaction implements ReactiveController {
  /** Point under the pointer or the keyboard focus, or -1. */
  active = -1;
  /** Full-text position of the path under the pointer, or -1. */
  hoveredPath = -1;
  /** Whether the keyboard is driving (draws the focus ring). */
  focusRing = false;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly deps: InteractionDeps
  ) {
    host.addController(this);
  }

  hostDisconnected(): void {
    this.reset();
  }

  /** Forgets hover and focus (e.g. when the points change meaning). */
  reset(): void {
    this.active = this.hoveredPath = -1;
    this.focusRing = false;
  }

  private set(active: number, path: number, ring: boolean): void {
    this.active = active;
    this.hoveredPath = path;
    this.focusRing = ring;
    this.host.requestUpdate();
  }

  readonly handlers: PlotHandlers = {
    pointerover: (e) => {
      const {point, path} = hit(e);
      this.set(point, path, false);
      this.deps.hover(point, path);
    },
    pointerleave: () => {
      this.set(-1, -1, false);
      this.deps.hover(-1, -1);
    },
    click: (e) => {
      const {point, path} = hit(e);
      if (point >= 0) this.deps.select(point);
      else if (path >= 0 && this.deps.pathPoint(path) >= 0) {
        this.deps.select(this.deps.pathPoint(path), path);
      }
    },
    focus: (e) => {
      if (!(e.target as Element).matches(':focus-visible')) return;
      const start = this.active >= 0 ? this.active : this.deps.selection();
      this.set(Math.max(0, start), -1, true);
    },
    blur: () => this.set(-1, -1, false),
    keydown: (e) => this.onKey(e),
  };

  private onKey(e: KeyboardEvent): void {
    if (e.key in ZOOM_KEYS && !e.ctrlKey && !e.metaKey) {
      e.preventDefault();
      this.deps.zoom(ZOOM_KEYS[e.key]);
      return;
    }
    const points = this.deps.points();
    const from = this.active >= 0 ? this.active : this.deps.selection();
    const direction = arrowDirection(e.key);
    let next: number | undefined;
    if (direction) {
      next = from < 0 ? 0 : stepToward(points, from, direction);
    } else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = points.length - 1;
    else if ((e.key === 'Enter' || e.key === ' ') && from >= 0) {
      this.deps.select(from);
    } else if (e.key === 'Escape') this.deps.select(-1);
    else return;
    e.preventDefault();
    this.set(next ?? this.active, -1, true);
    if (next !== undefined) this.deps.hover(next, -1);
  }
}

/** The point or path an event happened on (-1 for none). */
function hit(e: Event): {point: number; path: number} {
  const el = (e.target as Element).closest?.('[data-index],[data-position]');
  const read = (name: string) => Number(el?.getAttribute(name) ?? -1);
  return {point: read('data-index'), path: read('data-position')};
}
