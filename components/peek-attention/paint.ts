import {nextTask, taskSlicer} from '../../src/next-task.js';
import type {ForwardTrace} from '../../src/trace.js';
import type {WeightScale} from './colour.js';
import {
  drawHeatmap,
  drawOverlay,
  drawThumbnail,
  type HeatmapData,
  type OverlayState,
  type Theme,
} from './draw.js';
import type {HeatmapLayout} from './layout.js';
import {drawLegend} from './legend.js';

/** Everything the canvases of one render show. */
export interface Scene {
  trace: ForwardTrace;
  /** Changes whenever a new trace arrives. */
  seq: number;
  layer: number;
  head: number;
  scale: WeightScale;
  layout: HeatmapLayout | undefined;
  data: HeatmapData;
  overlay: OverlayState;
  thumbSize: number;
  dpr: number;
  theme: Theme;
}

/** The element's theme colours, read from its computed style. */
export function readTheme(host: Element): Theme {
  const s = getComputedStyle(host);
  const v = (name: string) => s.getPropertyValue(name).trim();
  const bg = s.backgroundColor;
  return {
    fg: s.color,
    bg: bg && bg !== 'rgba(0, 0, 0, 0)' ? bg : '#ffffff',
    accent: v('--peek-accent-color') || '#2563eb',
    unknown: v('--peek-attention-unknown-color') || '#c2410c',
    mono: v('--peek-mono-font') || 'monospace',
  };
}

/**
 * Paints the canvases of a rendered element. Each canvas remembers what
 * it shows and is redrawn only when that changes, so hovering repaints
 * the overlay alone.
 *
 * The 16 thumbnails are painted after the heatmap, from the next task
 * on and a few per task: with the new DOM's layout, a first trace's
 * paint was one task of 60-100 ms, a third of it the thumbnails.
 * {@link settled} waits for them.
 */
export class Painter {
  private readonly drawn = new WeakMap<Element, string>();
  /** The newest key asked of each canvas, drawn or not yet. */
  private readonly wanted = new WeakMap<Element, string>();
  private pending: Promise<void> = Promise.resolve();

  /** Resolves once the thumbnails asked for so far are painted. */
  get settled(): Promise<void> {
    return this.pending;
  }

  paint(root: ParentNode, s: Scene): void {
    const q = <E extends Element>(sel: string) => root.querySelector<E>(sel);
    const base = q<HTMLCanvasElement>('canvas.base');
    const overlay = q<HTMLCanvasElement>('canvas.overlay');
    const L = s.layout;
    if (L && base) {
      const {theme: t, dpr} = s;
      const key = [s.seq, s.layer, s.head, s.scale, L.cell, dpr, t.fg, t.bg];
      this.once(base, key, () =>
        drawHeatmap(base, L, s.data, s.scale, t, dpr)
      );
    }
    if (L && overlay) {
      const chars = s.data.chars;
      drawOverlay(overlay, L, s.overlay, chars, s.theme, s.dpr);
    }
    const thumbs: (() => void)[] = [];
    for (const b of root.querySelectorAll<HTMLElement>('.thumb')) {
      const canvas = b.querySelector('canvas');
      const w = s.trace.attention[Number(b.dataset.layer)]?.[
        Number(b.dataset.head)
      ];
      if (!canvas || !w) continue;
      const key = [s.seq, s.scale, s.thumbSize, s.dpr].join('|');
      // Set even when drawn: a paint still waiting must not draw over it.
      this.wanted.set(canvas, key);
      if (this.drawn.get(canvas) === key) continue;
      thumbs.push(() => {
        // A later paint asked for something else: it draws that.
        if (this.wanted.get(canvas) !== key) return;
        this.once(canvas, [key], () =>
          drawThumbnail(canvas, w, s.trace.T, s.scale, s.thumbSize, s.dpr)
        );
      });
    }
    const legend = q('.legend');
    if (legend) this.once(legend, [s.dpr], () => drawLegend(legend, s.dpr));
    if (thumbs.length > 0) this.later(thumbs);
  }

  /**
   * Runs draws from the next task on, a few per task (each is ~1-4 ms);
   * `settled` waits for them.
   */
  private later(draws: (() => void)[]): void {
    const run = (async () => {
      await nextTask();
      const pause = taskSlicer();
      for (const draw of draws) {
        await pause();
        draw();
      }
    })();
    // A failed draw is reported as a throw from a paint would be, and
    // does not hold up `settled`.
    this.pending = Promise.all([
      this.pending,
      run.catch((e) => reportError(e)),
    ]).then(() => undefined);
  }

  private once(el: Element, key: unknown[], draw: () => void): void {
    const k = key.join('|');
    if (this.drawn.get(el) === k) return;
    draw();
    this.drawn.set(el, k);
  }
}
