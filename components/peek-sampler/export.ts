import {glyph} from '../../src/glyphs.js';
import type {SamplingSettings} from '../../src/sampling.js';
import type {StepHistory} from './history.js';

/** One candidate of a step, as exported. */
export interface CandidateJSON {
  char: string;
  /** The model's probability. */
  p: number;
  /** After temperature. */
  tempered: number;
  /** After top-k and top-p, renormalised (0 when cut). */
  filtered: number;
}

/** A sampler run up to the step shown, as `toJSON()` returns it. */
export interface SamplerJSON {
  prompt: string;
  seed: number;
  /** Prompt plus every shown choice. */
  text: string;
  steps: {
    index: number;
    context: string;
    chosen: string;
    draw: number;
    greedy: boolean;
    settings: SamplingSettings;
    /** The ten most likely candidates after filtering, best first. */
    top: CandidateJSON[];
  }[];
}

const TOP = 10;

/** The shown steps of a history as plain, JSON-ready data. */
export function samplerJSON(
  h: StepHistory,
  vocab: readonly string[]
): SamplerJSON {
  return {
    prompt: h.prompt,
    seed: h.seed,
    text: h.text,
    steps: h.steps.slice(0, h.cursor).map((r) => ({
      index: r.index,
      context: r.context,
      chosen: r.chosen,
      draw: r.step.draw,
      greedy: r.step.greedy,
      settings: {...r.settings},
      top: r.step.order.slice(0, TOP).map((id) => ({
        char: vocab[id],
        p: r.step.probs[id],
        tempered: r.step.tempered[id],
        filtered: r.step.filtered[id],
      })),
    })),
  };
}

/**
 * Draws the current step as a picture: the end of the text so far, then
 * the top candidates' bars after filtering with the draw's position.
 */
export function samplerPNG(
  data: SamplerJSON,
  colours: {fg: string; bg: string; accent: string},
  scale = 2
): Promise<Blob> {
  const W = 640;
  const H = 380;
  const canvas = document.createElement('canvas');
  canvas.width = W * scale;
  canvas.height = H * scale;
  const g = canvas.getContext('2d')!;
  g.scale(scale, scale);
  g.fillStyle = colours.bg;
  g.fillRect(0, 0, W, H);
  g.fillStyle = colours.fg;
  g.font = '14px ui-monospace, Menlo, monospace';
  const lines = data.text.split('\n').slice(-6);
  lines.forEach((line, i) => {
    const shown = Array.from(line).slice(-72).join('');
    g.fillText(shown, 16, 28 + i * 18);
  });
  const step = data.steps.at(-1);
  if (step) {
    const top = 150;
    g.font = '13px system-ui, sans-serif';
    g.fillText(
      `step ${step.index + 1}: chose ${JSON.stringify(step.chosen)}` +
        (step.greedy ? ' (greedy)' : `, draw ${step.draw.toFixed(3)}`),
      16,
      top - 12
    );
    step.top.forEach((c, i) => {
      const y = top + i * 22;
      g.fillStyle = colours.fg;
      g.font = '14px ui-monospace, Menlo, monospace';
      g.fillText(glyph(c.char), 16, y + 14);
      g.fillStyle = c.char === step.chosen ? colours.accent : '#8a94a0';
      g.fillRect(48, y + 2, Math.max(1, c.filtered * 480), 16);
      g.fillStyle = colours.fg;
      g.font = '12px system-ui, sans-serif';
      g.fillText(`${(c.filtered * 100).toFixed(1)}%`, 536, y + 14);
    });
  }
  return new Promise((resolve, reject) =>
    canvas.toBlob(
      (b) => (b ? resolve(b) : reject(new Error('PNG encoding failed.'))),
      'image/png'
    )
  );
}
