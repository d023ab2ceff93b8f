import {html, svg} from 'lit';
import {inlineStyle} from '../../src/inline-style.js';
import {interpolateRdBu, scaleDiverging} from 'd3';
import type {Neighbour} from '../../src/neighbours.js';
import {pointName} from './summary.js';
import type {PointSet} from './points.js';

/** Neighbours listed on hover or selection. */
export const NEIGHBOUR_COUNT = 8;

/** A point as a short chip: its glyph, or "#12" for a position. */
function chip(set: PointSet, i: number): string {
  return set.source === 'tokens' ? set.labels[i] : `#${i}`;
}

/** The top-k list of a point's nearest neighbours by cosine similarity. */
export function renderNeighbours(
  set: PointSet,
  index: number,
  neighbours: Neighbour[],
  pick: (i: number) => void
) {
  return html`<section class="neighbours" part="neighbours">
    <h3>
      Nearest to <span class="chip">${chip(set, index)}</span>
      <small>cosine, all ${set.d} dims</small>
    </h3>
    <ol>
      ${neighbours.map(
        (nb) => html`<li data-index=${nb.index}>
          <button
            type="button"
            title="Select ${pointName(set, nb.index)}"
            @click=${() => pick(nb.index)}
          >
            <span class="chip">${chip(set, nb.index)}</span>
            <span class="bar" aria-hidden="true"
              ><span
                ${inlineStyle({
                  width: `${Math.max(0, nb.similarity) * 100}%`,
                })}
              ></span
            ></span>
            <span class="value">${nb.similarity.toFixed(3)}</span>
          </button>
        </li>`
      )}
    </ol>
  </section>`;
}

/**
 * The bar an arrow key moves to in a strip of d bars; from "none" (-1)
 * the first step lands on the first or the last bar.
 */
export function stepDim(current: number, step: number, d: number): number {
  const from = current < 0 ? (step > 0 ? -1 : d) : current;
  return Math.max(0, Math.min(d - 1, from + step));
}

const BAR = 4; // px per dimension in the strip
const STRIP_H = 64;

/**
 * The selected point's full vector as a strip of signed bars, coloured
 * on a diverging scale centred on zero. `dim` is the bar being read;
 * `readDim` sets it, or moves it by a step from its current value.
 */
export function renderVector(
  set: PointSet,
  index: number,
  dim: number,
  readDim: (dim: number, step?: number) => void
) {
  const {d} = set;
  const row = set.vectors.subarray(index * d, (index + 1) * d);
  let lo = 0;
  let hi = 0;
  for (let j = 1; j < d; j++) {
    if (row[j] < row[lo]) lo = j;
    if (row[j] > row[hi]) hi = j;
  }
  const m = Math.max(Math.abs(row[lo]), Math.abs(row[hi]), 1e-9);
  const colour = scaleDiverging(interpolateRdBu).domain([-m, 0, m]);
  const mid = STRIP_H / 2;
  const fromPointer = (e: PointerEvent) => {
    const box = (e.currentTarget as Element).getBoundingClientRect();
    const j = Math.floor(((e.clientX - box.left) / box.width) * d);
    readDim(Math.max(0, Math.min(d - 1, j)));
  };
  const onKey = (e: KeyboardEvent) => {
    const step = {ArrowLeft: -1, ArrowRight: 1}[e.key];
    if (step === undefined) return;
    e.preventDefault();
    readDim(-1, step);
  };
  const what =
    set.source === 'tokens'
      ? `row ${index} of the token embedding`
      : `row ${index} of the position embedding`;
  const label =
    `${d} values of ${pointName(set, index)}; largest ` +
    `${row[hi].toFixed(3)} at dimension ${hi}, smallest ` +
    `${row[lo].toFixed(3)} at dimension ${lo}. Left and right arrows ` +
    'read one dimension at a time.';
  return html`<section class="vector" part="vector">
    <h3>
      <span class="chip">${chip(set, index)}</span> as ${d} numbers
      <small>${what}</small>
    </h3>
    <svg
      viewBox="0 0 ${d * BAR} ${STRIP_H}"
      preserveAspectRatio="none"
      tabindex="0"
      role="img"
      aria-label=${label}
      @pointermove=${fromPointer}
      @pointerleave=${() => readDim(-1)}
      @keydown=${onKey}
      @blur=${() => readDim(-1)}
    >
      <line class="zero" x1="0" x2=${d * BAR} y1=${mid} y2=${mid}></line>
      ${Array.from(row, (v, j) => {
        const h = (Math.abs(v) / m) * (mid - 2);
        return svg`<rect
          class=${j === dim ? 'on' : ''}
          x=${j * BAR + 0.5}
          width=${BAR - 1}
          y=${v >= 0 ? mid - h : mid}
          height=${Math.max(h, 0.5)}
          fill=${colour(v)}
        ></rect>`;
      })}
    </svg>
    <output class="readout" aria-live="polite">
      ${dim >= 0
        ? `dimension ${dim}: ${row[dim].toFixed(4)}`
        : `range ${row[lo].toFixed(3)} … ${row[hi].toFixed(3)}`}
    </output>
  </section>`;
}
