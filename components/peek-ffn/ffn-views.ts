import {html, nothing} from 'lit';
import {inlineStyle} from '../../src/inline-style.js';
import type {Attribution} from '../../src/dla.js';
import {describeChar, glyph, visibleText} from '../../src/glyphs.js';
import {inkOn, magnitudeColour, signedColour} from './colours.js';
import {
  DLA_DIGITS,
  fmt,
  maxOf,
  type NeuronOrder,
  type NeuronValue,
} from './ffn-data.js';

/**
 * The HTML parts of <peek-ffn> around the heatmap. Every character from
 * the text or vocabulary goes through lit bindings, never markup.
 */

/** Layer choice, neuron order, and the hovered cell's readout. */
export function controls(o: {
  nLayer: number;
  layer: number;
  order: NeuronOrder;
  readout: string;
  onLayer: (layer: number) => void;
  onOrder: (order: NeuronOrder) => void;
}) {
  const pickLayer = (e: Event) =>
    o.onLayer(Number((e.target as HTMLSelectElement).value));
  const pickOrder = (e: Event) =>
    o.onOrder((e.target as HTMLInputElement).checked ? 'mean' : 'index');
  return html`<div class="controls" part="controls">
    <label
      >Layer
      <select @change=${pickLayer}>
        ${Array.from(
          {length: o.nLayer},
          (_, l) =>
            html`<option value=${l} ?selected=${l === o.layer}>${l}</option>`
        )}
      </select></label
    >
    <label
      ><input
        type="checkbox"
        .checked=${o.order === 'mean'}
        @change=${pickOrder}
      />
      Sort neurons by mean activation</label
    >
    <span class="readout" part="readout">${o.readout}</span>
  </div>`;
}

/** The most active neurons at the selected position, as bars. */
export function topList(o: {
  heading: string;
  items: NeuronValue[];
  max: number;
  selected: number;
  onPick: (neuron: number) => void;
}) {
  const colour = magnitudeColour(o.max);
  return html`<section class="panel" part="top-list">
    <h3>${o.heading}</h3>
    <ol class="bars">
      ${o.items.map(({neuron, value}) => {
        const pct = o.max > 0 ? (value / o.max) * 100 : 0;
        const on = neuron === o.selected;
        return html`<li>
          <button
            part="bar"
            class=${on ? 'bar selected' : 'bar'}
            data-neuron=${neuron}
            aria-pressed=${on ? 'true' : 'false'}
            @click=${() => o.onPick(neuron)}
          >
            <span class="label">#${neuron}</span>
            <span class="track"
              ><span
                class="fill"
                ${inlineStyle({
                  width: `${pct.toFixed(1)}%`,
                  background: colour(value),
                })}
              ></span
            ></span>
            <span class="value">${fmt(value)}</span>
          </button>
        </li>`;
      })}
    </ol>
  </section>`;
}

/** The selected neuron: its activation over the text, and its DLA. */
export function neuronPanel(o: {
  layer: number;
  neuron: number;
  chars: string[];
  unknown: boolean[];
  series: Float32Array;
  offset: number;
  selectedT: number;
  linkedT: number;
  dla: {up: Attribution[]; down: Attribution[]} | undefined;
  onPick: (t: number) => void;
  onHover: (t: number) => void;
}) {
  if (o.neuron < 0 || !o.dla) {
    return html`<section class="panel" part="neuron-panel">
      <h3>No neuron selected</h3>
      <p class="hint">
        Click a cell or a bar, or use the arrow keys on the heatmap, to see
        one neuron over the text and what it writes.
      </p>
    </section>`;
  }
  return html`<section class="panel" part="neuron-panel">
    <h3>Neuron ${o.neuron} · layer ${o.layer}</h3>
    <p class="hint">
      Its activation over the text, from 0 to its largest here,
      ${fmt(maxOf(o.series))}.
    </p>
    ${neuronText(o)}
    <h4 class="dla-title">Direct logit attribution</h4>
    <p class="hint">
      Output characters whose logits one unit of this neuron raises or
      lowers, through the final LayerNorm's gain and the output head.
    </p>
    ${dlaLists(o.dla)}
  </section>`;
}

function neuronText(o: {
  chars: string[];
  unknown: boolean[];
  series: Float32Array;
  offset: number;
  selectedT: number;
  linkedT: number;
  onPick: (t: number) => void;
  onHover: (t: number) => void;
}) {
  const colour = magnitudeColour(maxOf(o.series));
  // No whitespace between the spans: the paragraph is pre-wrap.
  const chars = o.chars.map((ch, t) => {
    const bg = colour(o.series[t]);
    const cls = [
      'ch',
      t === o.selectedT ? 'selected' : '',
      t === o.linkedT ? 'linked' : '',
      o.unknown[t] ? 'unknown' : '',
    ].join(' ');
    const label =
      `position ${o.offset + t}, ${describeChar(ch)}: ` + fmt(o.series[t]);
    return html`<span
        class=${cls}
        ${inlineStyle({background: bg, color: inkOn(bg)})}
        title=${label}
        @click=${() => o.onPick(t)}
        @mouseenter=${() => o.onHover(t)}
        >${ch === '\n' ? glyph(ch) : visibleText(ch)}</span
      >${ch === '\n' ? html`<br />` : nothing}`;
  });
  return html`<p
    class="neuron-text"
    part="neuron-text"
    @mouseleave=${() => o.onHover(-1)}
  >${chars}</p>`;
}

function dlaLists(o: {up: Attribution[]; down: Attribution[]}) {
  const extent = maxOf([
    ...o.up.map((a) => a.value),
    ...o.down.map((a) => -a.value),
  ]);
  const colour = signedColour(extent);
  const list = (name: string, title: string, items: Attribution[]) =>
    html`<div class="dla-col">
      <h4>${title}</h4>
      <ol class="chips" part=${`dla-${name}`}>
        ${items.map((a) => {
          const bg = colour(a.value);
          const value = fmt(a.value, DLA_DIGITS);
          return html`<li
            class="chip"
            part="chip"
            data-char=${a.char}
            aria-label=${`${describeChar(a.char)} ${value}`}
            ${inlineStyle({background: bg, color: inkOn(bg)})}
          >
            <span class="char">${glyph(a.char)}</span>
            <span class="value">${value}</span>
          </li>`;
        })}
      </ol>
    </div>`;
  return html`<div class="dla" part="dla">
    ${list('up', 'Pushes up', o.up)} ${list('down', 'Pushes down', o.down)}
  </div>`;
}

/** Shown while the first trace of the text computes. */
export const running = html`<div class="state" part="status" role="status">
  Running the model…
</div>`;

/** Shown when there is no text to trace. */
export const noText = html`<p class="empty" part="empty">
  No text yet: set the <code>text</code> attribute, or follow a sampler with
  <code>for</code>.
</p>`;

/** The focusable box holding the heatmap canvas. */
export function heatmapBox(o: {
  summary: string;
  announce: string;
  onKey: (e: KeyboardEvent) => void;
  onPointer: (e: PointerEvent) => void;
  onLeave: () => void;
  onClick: (e: MouseEvent) => void;
}) {
  return html`<div
      class="heatmap"
      part="heatmap"
      tabindex="0"
      role="group"
      aria-roledescription="heatmap"
      aria-label=${o.summary}
      @keydown=${o.onKey}
    >
      <canvas
        part="canvas"
        aria-hidden="true"
        @pointermove=${o.onPointer}
        @pointerleave=${o.onLeave}
        @click=${o.onClick}
      ></canvas>
    </div>
    <div class="sr-only" role="status">${o.announce}</div>`;
}
