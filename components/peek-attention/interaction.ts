import type {ReactiveController, ReactiveControllerHost} from 'lit';
import {cellLines, strongestKey, type Chars} from './describe.js';
import {moveCell, moveQuery, type Cell} from './keys.js';
import {cellAt, cellCentre, type HeatmapLayout} from './layout.js';
import type {HeatmapHandlers} from './templates.js';
import {charIndex} from './text-view.js';

/** The tooltip: which cell it describes and where it sits in the frame. */
export interface Tip extends Cell {
  x: number;
  y: number;
}

/** What the element shows now, as the pointer and keys need it. */
export interface Shown {
  root: ParentNode;
  layout: HeatmapLayout | undefined;
  T: number;
  weights: Float32Array; // [T * T]
  chars: Chars;
  /** The text view is the main view (no heatmap). */
  textOnly: boolean;
  selected: Cell | undefined;
}

/** What the element does when the reader points or presses keys. */
export interface Actions {
  /** Makes (q, k) the selection: fires peek-select, publishes it. */
  select(q: number, k: number): void;
  /** Publishes a hovered (or selected) position to the group; -1: none. */
  publish(i: number, selected: boolean): void;
}

/**
 * Hover, tooltip and keyboard for the heatmap and the text view. Holds
 * the transient state (hovered cell, tooltip, announcement) and asks the
 * host to re-render when it changes.
 */
export class Interaction implements ReactiveController {
  hover: Cell | undefined;
  hoverKey: number | undefined;
  tip: Tip | undefined;
  /** The last keyboard move, for the live region. */
  announce = '';

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly shown: () => Shown,
    private readonly act: Actions
  ) {
    host.addController(this);
  }

  hostDisconnected(): void {
    this.reset();
  }

  /** Forgets hover and tooltip (the text changed under them). */
  reset(): void {
    this.hover = this.hoverKey = this.tip = undefined;
  }

  /** The query whose weights the text view shows. */
  query(s = this.shown()): number {
    return this.hover?.q ?? s.selected?.q ?? s.T - 1;
  }

  readonly heatmap: HeatmapHandlers = {
    key: (e) => this.key(e),
    focus: (e) => {
      const s = this.shown();
      const el = e.currentTarget as Element;
      if (s.selected && el.matches(':focus-visible')) {
        this.set({tip: this.cellTip(s, s.selected)});
      }
    },
    blur: () => this.set({tip: undefined}),
    move: (e) => {
      const s = this.shown();
      const cell = this.cellOf(s, e);
      if (!cell) return this.leave();
      if (cell.q !== this.hover?.q) this.act.publish(cell.q, false);
      this.set({hover: cell, tip: this.tipAt(cell, e.clientX, e.clientY)});
    },
    leave: () => this.leave(),
    click: (e) => {
      const cell = this.cellOf(this.shown(), e);
      if (cell) this.act.select(cell.q, Math.min(cell.k, cell.q));
    },
  };

  readonly text = {
    over: (e: PointerEvent) => {
      const i = charIndex(e);
      const s = this.shown();
      if (i < 0 || i >= s.T) return;
      const r = (e.target as Element).getBoundingClientRect();
      const tip = this.tipAt({q: this.query(s), k: i}, r.left - 14, r.bottom);
      this.set({hoverKey: i, tip});
      this.act.publish(i, false);
    },
    leave: () => this.leave(),
    click: (e: MouseEvent) => {
      const i = charIndex(e);
      const s = this.shown();
      if (i < 0 || i >= s.T) return;
      this.act.select(i, strongestKey(s.weights, s.T, i));
    },
    key: (e: KeyboardEvent) => this.key(e),
  };

  private key(e: KeyboardEvent): void {
    const s = this.shown();
    if (!s.T || !s.selected) return;
    if (e.key === 'Escape') return this.set({tip: undefined});
    let next: Cell | undefined;
    if (s.textOnly) {
      const q = moveQuery(s.selected.q, e.key, s.T);
      if (q !== undefined) next = {q, k: strongestKey(s.weights, s.T, q)};
    } else {
      next = moveCell(s.selected, e.key, s.T);
    }
    if (!next) return;
    e.preventDefault();
    this.act.select(next.q, next.k);
    this.set({
      announce: cellLines(s.chars, s.weights, next.q, next.k)[0],
      tip: s.textOnly ? undefined : this.cellTip(s, next),
    });
  }

  private leave(): void {
    if (this.hover || this.hoverKey !== undefined) this.act.publish(-1, false);
    this.set({hover: undefined, hoverKey: undefined, tip: undefined});
  }

  private set(changes: Partial<Interaction>): void {
    Object.assign(this, changes);
    this.host.requestUpdate();
  }

  private cellOf(s: Shown, e: MouseEvent): Cell | undefined {
    const r = (e.currentTarget as Element).getBoundingClientRect();
    return s.layout && cellAt(s.layout, e.clientX - r.left, e.clientY - r.top);
  }

  /** A tooltip near a point given in viewport coordinates. */
  private tipAt(cell: Cell, clientX: number, clientY: number): Tip {
    const frame = this.shown().root.querySelector('.frame');
    const r = frame?.getBoundingClientRect() ?? new DOMRect();
    // Keep the tooltip (at most 260px wide) inside the frame.
    const x = Math.min(clientX - r.left + 14, r.width - 260);
    return {...cell, x: Math.max(0, x), y: clientY - r.top + 14};
  }

  /** A tooltip beside a cell, for keyboard moves. */
  private cellTip(s: Shown, cell: Cell): Tip | undefined {
    const canvas = s.root.querySelector('canvas.overlay');
    if (!canvas || !s.layout) return undefined;
    const r = canvas.getBoundingClientRect();
    const p = cellCentre(s.layout, cell.q, cell.k);
    return this.tipAt(cell, r.left + p.x, r.top + p.y);
  }
}
