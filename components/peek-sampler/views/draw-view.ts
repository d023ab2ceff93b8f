import {html, nothing} from 'lit';
import {classMap} from 'lit/directives/class-map.js';
import {inlineStyle} from '../../../src/inline-style.js';
import {describeChar, glyph} from '../../../src/glyphs.js';
import type {SampleStep} from '../../../src/sampling.js';

/** A kept candidate's stretch of the cumulative distribution. */
export interface Segment {
  id: number;
  start: number;
  end: number;
}

/** The kept candidates in ranked order, laid end to end over [0, 1]. */
export function segments(step: SampleStep): Segment[] {
  const out: Segment[] = [];
  let start = 0;
  for (const id of step.order) {
    const p = step.filtered[id];
    if (!(p > 0)) break;
    out.push({id, start, end: start + p});
    start += p;
  }
  return out;
}

function segmentTitle(s: Segment, vocab: readonly string[]) {
  const range = `${s.start.toFixed(3)}–${s.end.toFixed(3)}`;
  return `${describeChar(vocab[s.id])}: ${range}`;
}

function caption(step: SampleStep, vocab: readonly string[], hit?: Segment) {
  const chosen = describeChar(vocab[step.chosen]);
  if (step.greedy) {
    return `Temperature 0: the most likely character, ${chosen}, is taken ` +
      'without a draw.';
  }
  const range = hit
    ? ` (its stretch runs ${hit.start.toFixed(3)}–${hit.end.toFixed(3)})`
    : '';
  return `The draw ${step.draw.toFixed(3)} fell on ${chosen}${range}.`;
}

/**
 * The kept candidates as one stacked bar, widths their renormalised
 * probabilities, with a marker where the uniform draw fell; the candidate
 * under the marker is the choice.
 */
export function renderDraw(step: SampleStep, vocab: readonly string[]) {
  const segs = segments(step);
  const hit = segs.find((s) => s.id === step.chosen);
  const text = caption(step, vocab, hit);
  return html`<section class="draw" part="draw">
    <h3 class="label">
      Where the draw fell
      <span class="detail">${segs.length} kept, cumulative</span>
    </h3>
    <div class="stack" role="img" aria-label=${text}>
      ${segs.map((s, i) => {
        const width = (s.end - s.start) * 100;
        // Neighbours alternate in shade so narrow stretches stay apart.
        return html`<span
          class=${classMap({
            seg: true,
            odd: i % 2 === 1,
            chosen: s.id === step.chosen,
          })}
          data-id=${s.id}
          title=${segmentTitle(s, vocab)}
          ${inlineStyle({left: `${s.start * 100}%`, width: `${width}%`})}
          >${width > 3 ? glyph(vocab[s.id]) : nothing}</span
        >`;
      })}
      ${step.greedy
        ? nothing
        : html`<span
            class="marker"
            data-draw=${step.draw}
            ${inlineStyle({left: `${step.draw * 100}%`})}
            ><span
              class="marker-label"
              ${inlineStyle({transform: `translateX(-${step.draw * 100}%)`})}
              >${step.draw.toFixed(3)}</span
            ></span
          >`}
    </div>
    <div class="axis" aria-hidden="true"><span>0</span><span>1</span></div>
    <p class="caption">
      <span class="chosen-box" part="chosen" title=${describeChar(
        vocab[step.chosen]
      )}>${glyph(vocab[step.chosen])}</span>
      <span>${text}</span>
    </p>
  </section>`;
}
