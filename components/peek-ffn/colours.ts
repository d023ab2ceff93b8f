import {
  color,
  interpolateRdBu,
  interpolateViridis,
  scaleDiverging,
  scaleSequential,
} from 'd3';

/**
 * Colours of <peek-ffn>. Magnitudes (ReLU activations, never negative)
 * use viridis, which is perceptually even and readable with colour
 * blindness; signed pushes on logits use red-blue, centred on zero.
 */
export const magnitudeInterpolator = interpolateViridis;
export const signedInterpolator = interpolateRdBu;

/** Steps of the lookup table the heatmap paints from. */
export const LUT_STEPS = 256;

/** [LUT_STEPS * 3] RGB bytes of the magnitude scale, from 0 to max. */
export function magnitudeLut(): Uint8ClampedArray {
  const lut = new Uint8ClampedArray(LUT_STEPS * 3);
  for (let i = 0; i < LUT_STEPS; i++) {
    const c = color(magnitudeInterpolator(i / (LUT_STEPS - 1)))!.rgb();
    lut.set([c.r, c.g, c.b], i * 3);
  }
  return lut;
}

/** Index into the lookup table for value v of a [0, max] scale. */
export function lutIndex(v: number, max: number): number {
  if (!(max > 0) || !(v > 0)) return 0;
  return Math.min(LUT_STEPS - 1, Math.round((v / max) * (LUT_STEPS - 1)));
}

/** CSS colour of activation v on a [0, max] scale. */
export function magnitudeColour(max: number): (v: number) => string {
  const s = scaleSequential(magnitudeInterpolator).domain([0, max || 1]);
  return (v) => s(Math.max(0, v));
}

/** CSS colour of a signed value on a [-extent, extent] scale. */
export function signedColour(extent: number): (v: number) => string {
  const e = extent || 1;
  // RdBu runs red (0) to blue (1): negative pushes red, positive blue.
  const s = scaleDiverging(signedInterpolator).domain([-e, 0, e]);
  return (v) => s(v);
}

/** Black or white, whichever reads better on a background colour. */
export function inkOn(background: string): string {
  const c = color(background)?.rgb();
  if (!c) return 'inherit';
  const lin = (x: number) => {
    const s = x / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  const y = 0.2126 * lin(c.r) + 0.7152 * lin(c.g) + 0.0722 * lin(c.b);
  // Contrast with black beats contrast with white above y ≈ 0.18.
  return y > 0.18 ? '#000' : '#fff';
}
