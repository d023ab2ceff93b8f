import type {ForwardTrace} from '../../src/trace.js';
import type {WeightScale} from './colour.js';
import {drawHeatmap, type HeatmapData, type Theme} from './draw.js';
import type {HeatmapLayout} from './layout.js';

/** The shown head as plain data, for `toJSON()`. */
export interface AttentionJSON {
  /** The analysed text (the last blockSize characters). */
  text: string;
  chars: string[];
  /** Per position, whether the character was outside the vocabulary. */
  unknown: boolean[];
  layer: number;
  head: number;
  /** [T][T], row = query; masked (later) keys are 0. */
  weights: number[][];
}

export function attentionJSON(
  trace: ForwardTrace | undefined,
  weights: Float32Array,
  layer: number,
  head: number
): AttentionJSON {
  const T = trace?.T ?? 0;
  return {
    text: trace?.chars.join('') ?? '',
    chars: [...(trace?.chars ?? [])],
    unknown: [...(trace?.unknown ?? [])],
    layer,
    head,
    weights: Array.from({length: T}, (_, q) =>
      Array.from(weights.subarray(q * T, (q + 1) * T))
    ),
  };
}

/**
 * The heatmap drawn on a fresh canvas (no hover or selection marks) as
 * a PNG blob, at the screen's pixel ratio.
 */
export function heatmapPNG(
  L: HeatmapLayout,
  data: HeatmapData,
  scale: WeightScale,
  theme: Theme,
  dpr: number
): Promise<Blob> {
  const canvas = document.createElement('canvas');
  drawHeatmap(canvas, L, data, scale, theme, dpr);
  return new Promise((resolve, reject) =>
    canvas.toBlob(
      (blob) =>
        blob
          ? resolve(blob)
          : reject(new Error('<peek-attention>: PNG encoding failed.')),
      'image/png'
    )
  );
}
