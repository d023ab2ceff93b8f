import {html, nothing} from 'lit';
import {classMap} from 'lit/directives/class-map.js';
import {inlineStyle} from '../../../src/inline-style.js';
import {describeChar, glyph} from '../../../src/glyphs.js';
import {
  rank,
  type SampleStep,
  type SamplingSettings,
} from '../../../src/sampling.js';

/** How many candidates the table lists (the chosen one is added). */
export const TOP_N = 10;

/** A probability as the table prints it; 0 only when exactly 0. */
export function formatPercent(p: number): string {
  if (!(p > 0)) return '0%';
  if (p < 0.0005) return '<0.1%';
  return `${(p * 100).toFixed(1)}%`;
}

/**
 * The ids the table lists: the model's top `n` and, when sampling picked
 * something rarer, the chosen one last.
 */
export function candidateIds(step: SampleStep, n = TOP_N): number[] {
  const ids = rank(step.probs).slice(0, n);
  if (!ids.includes(step.chosen)) ids.push(step.chosen);
  return ids;
}

function temperatureLabel(s: SamplingSettings, greedy: boolean) {
  return greedy ? 'temperature 0 (greedy)' : `÷ temperature ${s.temperature}`;
}

function filterLabel(s: SamplingSettings, vocabSize: number) {
  const parts = [];
  if (s.topK > 0 && s.topK < vocabSize) parts.push(`top-k ${s.topK}`);
  if (s.topP < 1) parts.push(`top-p ${s.topP}`);
  return parts.length ? parts.join(', ') : 'no top-k / top-p cut';
}

function cell(p: number, scale: number, cut = false) {
  return html`<td>
    <span class="bar-track">
      <span class="bar" ${inlineStyle({width: `${(p / scale) * 100}%`})}
      ></span>
    </span>
    <span class="value">${cut ? 'cut' : formatPercent(p)}</span>
  </td>`;
}

/**
 * The step's leading candidates as bars before and after the settings:
 * the model's own probability, after temperature, and after top-k / top-p
 * (renormalised). Cut candidates are greyed. Each row carries the exact
 * values in data attributes. All three columns share one scale, the
 * largest value shown, so a bar that grows really grew.
 */
export function renderCandidates(
  step: SampleStep,
  settings: SamplingSettings,
  vocab: readonly string[]
) {
  const ids = candidateIds(step);
  const columns = [step.probs, step.tempered, step.filtered];
  const scale = Math.max(...ids.flatMap((id) => columns.map((c) => c[id])));
  return html`<table class="candidates" part="candidates">
    <caption class="label">
      Next-character candidates
      <span class="detail">
        top ${TOP_N} of ${vocab.length}; a full bar is
        ${formatPercent(scale)}
      </span>
    </caption>
    <thead>
      <tr>
        <th scope="col">char</th>
        <th scope="col">model</th>
        <th scope="col">${temperatureLabel(settings, step.greedy)}</th>
        <th scope="col">${filterLabel(settings, vocab.length)}</th>
      </tr>
    </thead>
    <tbody>
      ${ids.map((id) => {
        const cut = step.filtered[id] === 0;
        const chosen = id === step.chosen;
        return html`<tr
          class=${classMap({cut, chosen})}
          data-id=${id}
          data-p=${step.probs[id]}
          data-tempered=${step.tempered[id]}
          data-filtered=${step.filtered[id]}
        >
          <th scope="row" title=${describeChar(vocab[id])}>
            <span class="glyph">${glyph(vocab[id])}</span>
            ${chosen ? html`<span class="tag">chosen</span>` : nothing}
          </th>
          ${columns.map((c, i) => cell(c[id], scale, i === 2 && cut))}
        </tr>`;
      })}
    </tbody>
  </table>`;
}
