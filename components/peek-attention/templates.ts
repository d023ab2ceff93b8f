import {html, nothing} from 'lit';
import {inlineStyle} from '../../src/inline-style.js';
import type {HeatmapLayout} from './layout.js';

/** The text box of `editable`; read-only while following a sampler. */
export function editor(
  value: string,
  readonly: boolean,
  onInput: (e: InputEvent) => void
) {
  return html`<textarea
    part="editor"
    aria-label="Text to analyse"
    spellcheck="false"
    .value=${value}
    ?readonly=${readonly}
    @input=${onInput}
  ></textarea>`;
}

/** Listeners of the heatmap: keys on the box, pointer on the overlay. */
export interface HeatmapHandlers {
  key: (e: KeyboardEvent) => void;
  focus: (e: FocusEvent) => void;
  blur: () => void;
  move: (e: PointerEvent) => void;
  leave: () => void;
  click: (e: MouseEvent) => void;
}

/**
 * The focusable heatmap: the drawing below, hover and selection on a
 * canvas above. The base canvas carries its geometry as data attributes
 * (cell origin and size, CSS pixels) for tests and integrators.
 */
export function heatmap(
  L: HeatmapLayout,
  summary: string,
  on: HeatmapHandlers
) {
  return html`<div class="heatmap-scroll">
    <div
      class="heatmap"
      part="heatmap"
      tabindex="0"
      role="application"
      aria-roledescription="attention heatmap"
      aria-label=${summary}
      aria-describedby="keys-hint"
      @keydown=${on.key}
      @focus=${on.focus}
      @blur=${on.blur}
    >
      <canvas
        class="base"
        data-left=${L.left}
        data-top=${L.top}
        data-cell=${L.cell}
      ></canvas>
      <canvas
        class="overlay"
        aria-hidden="true"
        @pointermove=${on.move}
        @pointerleave=${on.leave}
        @click=${on.click}
      ></canvas>
    </div>
    <span id="keys-hint" class="sr-only">
      Arrow keys move between query rows and key columns; Home and End
      jump to the first key and to the query itself.
    </span>
  </div>`;
}

/** The grid of every head; the shown one is pressed and outlined. */
export function thumbnails(
  nLayer: number,
  nHead: number,
  shown: {layer: number; head: number},
  onPick: (e: MouseEvent) => void
) {
  const heads = Array.from({length: nHead}, (_, h) => h);
  const layers = Array.from({length: nLayer}, (_, l) => l);
  const thumb = (l: number, h: number) =>
    html`<button
      class="thumb"
      data-layer=${l}
      data-head=${h}
      aria-label="Layer ${l}, head ${h}"
      aria-pressed=${l === shown.layer && h === shown.head}
      @click=${onPick}
    >
      <canvas></canvas>
    </button>`;
  return html`<div
    class="thumbs"
    part="thumbnails"
    role="group"
    aria-label="All heads"
    ${inlineStyle({'--heads': String(nHead)})}
  >
    <span></span>
    ${heads.map((h) => html`<span>head ${h}</span>`)}
    ${layers.map(
      (l) => html`<span>layer ${l}</span>${heads.map((h) => thumb(l, h))}`
    )}
  </div>`;
}

/** The tooltip, at (x, y) in the frame. */
export function tooltip(lines: string[], x: number, y: number) {
  return html`<div
    class="tip"
    part="tooltip"
    role="tooltip"
    ${inlineStyle({left: `${x}px`, top: `${y}px`})}
  >
    ${lines.map((line) => html`<div>${line}</div>`)}
  </div>`;
}
