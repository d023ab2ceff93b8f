import {interpolateViridis, rgb} from 'd3';

/**
 * How an attention weight becomes a colour. Weights live in [0, 1] and
 * every head uses the same fixed domain, so colours compare across heads
 * and thumbnails. `sqrt` spreads out the small weights a long context
 * produces (1/128 is common); `linear` keeps colour proportional.
 */
export type WeightScale = 'sqrt' | 'linear';
export const WEIGHT_SCALES: readonly WeightScale[] = ['sqrt', 'linear'];

export type RGB = readonly [number, number, number];

/** Where a weight sits on the colour ramp, 0..1; bad values map to 0. */
export function rampPosition(w: number, scale: WeightScale): number {
  const c = Number.isFinite(w) ? Math.min(1, Math.max(0, w)) : 0;
  return scale === 'sqrt' ? Math.sqrt(c) : c;
}

/** The weight at a ramp position (inverse of rampPosition). */
export function rampWeight(t: number, scale: WeightScale): number {
  return scale === 'sqrt' ? t * t : t;
}

// Viridis is perceptually uniform and readable with the common colour
// vision deficiencies; 256 steps is finer than the eye separates.
const STEPS = 256;
const LUT: RGB[] = Array.from({length: STEPS}, (_, i) => {
  const c = rgb(interpolateViridis(i / (STEPS - 1)));
  return [c.r, c.g, c.b] as const;
});

/** The colour of a weight. */
export function weightRGB(w: number, scale: WeightScale): RGB {
  return LUT[Math.round(rampPosition(w, scale) * (STEPS - 1))];
}

/** The colour at a ramp position, as CSS. */
export function rampCSS(t: number): string {
  const [r, g, b] = LUT[Math.round(Math.min(1, Math.max(0, t)) * 255)];
  return `rgb(${r}, ${g}, ${b})`;
}

/**
 * The causal mask (keys after the query, which the model cannot see) is
 * hatched in neutral greys: viridis holds no grey, so a masked cell can
 * never be mistaken for a weight of zero (dark purple).
 */
export const MASK_BG: RGB = [118, 122, 128];
export const MASK_LINE: RGB = [160, 164, 170];
/** Side of the hatch tile, in CSS pixels. */
const HATCH = 6;

/** A tile of the hatch: two-pixel diagonal lines on the mask grey. */
export function maskTile(): HTMLCanvasElement {
  const tile = document.createElement('canvas');
  tile.width = tile.height = HATCH;
  const ctx = tile.getContext('2d')!;
  const img = ctx.createImageData(HATCH, HATCH);
  for (let y = 0; y < HATCH; y++) {
    for (let x = 0; x < HATCH; x++) {
      const line = (x + y) % HATCH < 2;
      const [r, g, b] = line ? MASK_LINE : MASK_BG;
      img.data.set([r, g, b, 255], (y * HATCH + x) * 4);
    }
  }
  ctx.putImageData(img, 0, 0);
  return tile;
}

/**
 * A T x T image with one pixel per weight (row = query). Masked cells
 * (key after query) are transparent, or flat mask grey when `flatMask`,
 * for thumbnails too small to show the hatch.
 */
export function matrixImage(
  weights: Float32Array,
  T: number,
  scale: WeightScale,
  flatMask = false
): ImageData {
  const img = new ImageData(T, T);
  const d = img.data;
  // Runs for 17 images of T * T pixels when a trace arrives, the first
  // time before V8 optimises it: weightRGB's steps inlined, with the
  // same arithmetic, and no call or array per pixel.
  const sqrt = scale === 'sqrt';
  const [mr, mg, mb] = MASK_BG;
  for (let q = 0; q < T; q++) {
    for (let k = 0; k < T; k++) {
      const o = (q * T + k) * 4;
      if (k > q) {
        if (flatMask) {
          d[o] = mr;
          d[o + 1] = mg;
          d[o + 2] = mb;
          d[o + 3] = 255;
        }
        continue;
      }
      // rampPosition: NaN and infinities map to 0, then clamp to [0, 1].
      const w = weights[q * T + k];
      const c = w > 0 && w < Infinity ? (w < 1 ? w : 1) : 0;
      const at = Math.round((sqrt ? Math.sqrt(c) : c) * (STEPS - 1)) * 3;
      d[o] = FLAT_LUT[at];
      d[o + 1] = FLAT_LUT[at + 1];
      d[o + 2] = FLAT_LUT[at + 2];
      d[o + 3] = 255;
    }
  }
  return img;
}

/** LUT as one array of r, g, b bytes, for matrixImage. */
const FLAT_LUT = Uint8Array.from(LUT.flat());
