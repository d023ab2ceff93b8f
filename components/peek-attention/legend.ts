import {html, nothing} from 'lit';
import {inlineStyle} from '../../src/inline-style.js';
import {
  maskTile,
  rampCSS,
  rampPosition,
  type WeightScale,
} from './colour.js';
import {sizeCanvas} from './draw.js';

const TICKS: Record<WeightScale, number[]> = {
  sqrt: [0, 0.05, 0.25, 0.5, 1],
  linear: [0, 0.25, 0.5, 0.75, 1],
};

/**
 * The legend: the colour ramp with ticks at true weights, the hatched
 * mask, (when present) the mark of unknown characters, and (with the
 * heatmap) what rows and columns are.
 */
export function legend(
  scale: WeightScale,
  anyUnknown: boolean,
  axes: boolean
) {
  const ticks = TICKS[scale].map(
    (w) =>
      html`<span
        class="tick"
        ${inlineStyle({left: `${rampPosition(w, scale) * 100}%`})}
        >${w}</span
      >`
  );
  return html`<div class="legend" part="legend">
    <div class="legend-item ramp-item">
      <span class="ramp">
        <canvas class="ramp-bar" aria-hidden="true"></canvas>
        <span class="ticks">${ticks}</span>
      </span>
      <span
        >attention weight${scale === 'sqrt' ? ' (colour ∝ √weight)' : ''};
        each row sums to 1</span
      >
    </div>
    <div class="legend-item">
      <span class="highlight-ramp" aria-hidden="true"></span>
      <span>text: highlight as strong as the ramp</span>
    </div>
    <div class="legend-item">
      <canvas class="mask-swatch" aria-hidden="true"></canvas>
      <span>masked: a later character the query cannot see</span>
    </div>
    ${anyUnknown
      ? html`<div class="legend-item">
          <span class="unknown-swatch" aria-hidden="true">é</span>
          <span>not in the vocabulary: the model reads a stand-in</span>
        </div>`
      : nothing}
    ${axes
      ? html`<div class="legend-item axes">
          rows: the query (the character reading) · columns: the key it
          reads
        </div>`
      : nothing}
  </div>`;
}

/** Paints the legend's ramp and mask swatch. */
export function drawLegend(root: ParentNode, dpr: number): void {
  const bar = root.querySelector<HTMLCanvasElement>('canvas.ramp-bar');
  if (bar) {
    const W = 160;
    const ctx = sizeCanvas(bar, W, 10, dpr);
    for (let x = 0; x < W; x++) {
      ctx.fillStyle = rampCSS(x / (W - 1));
      ctx.fillRect(x, 0, 1.5, 10);
    }
  }
  const swatch = root.querySelector<HTMLCanvasElement>('canvas.mask-swatch');
  if (swatch) {
    const ctx = sizeCanvas(swatch, 14, 14, dpr);
    ctx.imageSmoothingEnabled = false;
    ctx.fillStyle = ctx.createPattern(maskTile(), 'repeat')!;
    ctx.fillRect(0, 0, 14, 14);
  }
}
