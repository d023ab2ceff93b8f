import {glyph} from '../../src/glyphs.js';
import {magnitudeLut} from './colours.js';
import type {LayerView, NeuronOrder} from './ffn-data.js';
import {cellImage, type HeatmapScene} from './heatmap.js';

const LUT = magnitudeLut();
const images = new WeakMap<LayerView, HTMLCanvasElement>();
/** Rows between neuron ticks: 512 / 64 gives eight labels. */
const TICK_STEP = 64;

/** The cells of a layer view as an image (made once per view). */
export function cellImageOf(v: LayerView): HTMLCanvasElement {
  let image = images.get(v);
  if (!image) {
    image = cellImage(v.acts, v.T, v.M, v.rows, v.max, LUT);
    images.set(v, image);
  }
  return image;
}

/** Everything the heatmap paints besides its cells. */
export function heatmapScene(o: {
  view: LayerView;
  chars: string[];
  unknown: boolean[];
  /** Selected position (-1: none) and neuron (-1: none). */
  t: number;
  neuron: number;
  linkedT: number;
  order: NeuronOrder;
  /** The host's computed style, for theme colours and fonts. */
  style: CSSStyleDeclaration;
}): HeatmapScene {
  const {view: v, style: cs} = o;
  const prop = (name: string, fallback: string) =>
    cs.getPropertyValue(name).trim() || fallback;
  const byMean = o.order === 'mean';
  return {
    max: v.max,
    lut: LUT,
    labels: o.chars.map(glyph),
    unknown: o.unknown,
    selected:
      o.t < 0 ? null : {t: o.t, row: o.neuron < 0 ? -1 : v.rowOf[o.neuron]},
    linked: o.linkedT,
    rowTitle: byMean ? 'neuron, by mean ↓' : 'neuron ↓',
    rowTicks: Array.from({length: Math.ceil(v.M / TICK_STEP)}, (_, i) => {
      const row = i * TICK_STEP;
      return {row, label: byMean ? `#${v.rows[row]}` : String(row)};
    }),
    ink: {
      fg: cs.color,
      muted: prop('--peek-muted-color', cs.color),
      accent: prop('--peek-accent-color', '#2563eb'),
      font: prop('--peek-mono-font', 'monospace'),
    },
  };
}

/** Row height from --peek-ffn-row-height, 1..4 CSS pixels. */
export function rowHeight(cs: CSSStyleDeclaration): number {
  const h = Number.parseFloat(cs.getPropertyValue('--peek-ffn-row-height'));
  return Number.isFinite(h) ? Math.min(4, Math.max(1, h)) : 1;
}

/**
 * Calls `onChange` whenever devicePixelRatio changes (browser zoom, a
 * window moved to another screen), so the canvas can be redrawn crisp.
 * Returns the unsubscribe call.
 */
export function watchPixelRatio(onChange: () => void): () => void {
  let stop = () => {};
  const watch = () => {
    const mq = matchMedia(`(resolution: ${devicePixelRatio}dppx)`);
    const changed = () => {
      onChange();
      watch(); // the old query no longer describes the screen
    };
    mq.addEventListener('change', changed, {once: true});
    stop = () => mq.removeEventListener('change', changed);
  };
  watch();
  return () => stop();
}
