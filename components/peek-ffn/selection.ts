import type {ReactiveController, ReactiveControllerHost} from 'lit';
import {describeChar} from '../../src/glyphs.js';
import {publishHighlight, subscribeHighlight} from '../../src/linking.js';
import type {FfnSettings} from './ffn-attributes.js';
import type {LayerView} from './ffn-data.js';
import {hitCell, type HeatmapLayout} from './heatmap.js';
import {keyAction} from './keys.js';
import type {Traced} from './latest-trace.js';
import {cellReadout} from './summary.js';

/** Detail of `peek-select`. */
export interface FfnSelectDetail {
  /** Code-point index into the whole text. */
  position: number;
  char: string;
  layer: number;
  /** -1 when no neuron is selected. */
  neuron: number;
}

/** What <peek-ffn> shows now. */
export interface Shown {
  traced: Traced;
  view: LayerView;
  settings: FfnSettings;
  layout: HeatmapLayout | undefined;
}

/**
 * Pointer, keyboard and linked selection of <peek-ffn>: hovering and
 * selecting positions publish highlights to the group, and highlights
 * from others in the group mark (or, when selected, move to) a position.
 */
export class FfnSelection implements ReactiveController {
  /** The cell under the pointer. */
  hover: {t: number; row: number} | null = null;
  /** Position highlighted by the group (whole-text index), or -1. */
  linked = -1;
  /** The last keyboard move, read out by screen readers. */
  announce = '';
  private unlink: (() => void) | undefined;

  constructor(
    private readonly host: ReactiveControllerHost & EventTarget,
    private readonly o: {
      group: () => string;
      shown: () => Shown | undefined;
      /** Applies a selection: whole-text position and, if given, the
       * neuron (-1 for none). */
      select: (position: number, neuron?: number) => void;
      /** Fires `peek-select`. */
      commit: (detail: FfnSelectDetail) => void;
    }
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.unlink = subscribeHighlight(this.o.group, this.host, (h) =>
      this.onLinked(h.position, h.selected)
    );
  }

  hostDisconnected(): void {
    this.unlink?.();
    this.unlink = undefined;
  }

  /** The trace index to mark: hovered here, or linked by the group. */
  linkedT(): number {
    if (this.hover) return this.hover.t;
    const offset = this.o.shown()?.traced.offset ?? 0;
    return this.linked < 0 ? -1 : this.linked - offset;
  }

  /** The hovered cell in words, or a hint. */
  hoverText(): string {
    const s = this.o.shown();
    const h = this.hover;
    if (!s || !h) {
      return 'Hover a cell, or focus the heatmap and use the arrow keys.';
    }
    return this.readout(s, h.t, s.view.rows[h.row]);
  }

  /** Selects a cell; `commit` (click, Enter) also fires `peek-select`. */
  moveTo(t: number, neuron: number, commit: boolean): void {
    const s = this.o.shown();
    if (!s || t < 0 || t >= s.traced.trace.T) return;
    const position = s.traced.offset + t;
    this.o.select(position, neuron);
    this.publish(position, commit);
    if (!commit) return;
    this.o.commit({
      position,
      char: s.traced.trace.chars[t],
      layer: s.settings.layer,
      neuron,
    });
  }

  /** Publishes a hover over trace index t (-1: none). */
  hoverAt = (t: number): void => {
    const s = this.o.shown();
    this.linked = t < 0 || !s ? -1 : s.traced.offset + t;
    this.publish(this.linked, false);
    this.host.requestUpdate();
  };

  onPointer = (e: PointerEvent): void => {
    const cell = this.cellAt(e);
    const h = this.hover;
    if (cell?.t === h?.t && cell?.row === h?.row) return;
    this.hover = cell;
    if (cell?.t !== h?.t) this.hoverAt(cell ? cell.t : -1);
    this.host.requestUpdate();
  };

  onLeave = (): void => {
    this.hover = null;
    this.hoverAt(-1);
  };

  onClick = (e: MouseEvent): void => {
    const cell = this.cellAt(e);
    const s = this.o.shown();
    if (cell && s) this.moveTo(cell.t, s.view.rows[cell.row], true);
  };

  onKey = (e: KeyboardEvent): void => {
    const s = this.o.shown();
    if (!s) return;
    const {t, neuron} = s.settings;
    const action = keyAction(e.key, e.shiftKey, {t, neuron, view: s.view});
    if (!action) return;
    e.preventDefault();
    if (action.kind === 'commit') {
      this.moveTo(t, neuron, true);
      return;
    }
    this.moveTo(action.t, action.neuron, false);
    const {offset, trace} = s.traced;
    this.announce =
      action.neuron < 0
        ? `Position ${offset + action.t} ` +
          describeChar(trace.chars[action.t])
        : this.readout(s, action.t, action.neuron);
    this.host.requestUpdate();
  };

  private readout(s: Shown, t: number, neuron: number): string {
    return cellReadout({
      position: s.traced.offset + t,
      char: s.traced.trace.chars[t],
      neuron,
      value: s.view.acts[t * s.view.M + neuron],
    });
  }

  private publish(position: number, selected: boolean): void {
    const group = this.o.group();
    publishHighlight({group, position, source: this.host, selected});
  }

  private onLinked(position: number, selected: boolean): void {
    this.linked = position;
    this.host.requestUpdate();
    const s = this.o.shown();
    if (!selected || !s) return;
    const t = position - s.traced.offset;
    if (t >= 0 && t < s.traced.trace.T) this.o.select(position);
  }

  private cellAt(e: MouseEvent) {
    const r = (e.currentTarget as HTMLElement).getBoundingClientRect();
    const l = this.o.shown()?.layout;
    return l ? hitCell(l, e.clientX - r.left, e.clientY - r.top) : null;
  }
}
