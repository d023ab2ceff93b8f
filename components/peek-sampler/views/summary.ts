import {describeChar} from '../../../src/glyphs.js';
import type {StepRecord} from '../history.js';

/** The step in words, for screen readers: what the picture shows. */
export function stepSummary(
  r: StepRecord | undefined,
  vocab: readonly string[],
  length: number
): string {
  if (!r) return 'No step yet.';
  const top = r.step.order
    .slice(0, 3)
    .map((id) => {
      const p = (r.step.filtered[id] * 100).toFixed(1);
      return `${describeChar(vocab[id])} ${p}%`;
    })
    .join(', ');
  const how = r.step.greedy
    ? 'greedy choice'
    : `draw ${r.step.draw.toFixed(3)}`;
  return (
    `Step ${r.index + 1} of ${length}: likeliest after the settings ` +
    `${top}; ${how}; chose ${describeChar(r.chosen)}.`
  );
}
