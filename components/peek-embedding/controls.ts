import {html, nothing} from 'lit';
import {glyph} from '../../src/glyphs.js';
import {inlineStyle} from '../../src/inline-style.js';
import {CHAR_CLASSES, CLASS_NAMES, type EmbeddingSource} from './points.js';
import {CLASS_COLOURS, positionColour} from './scene.js';

/** What the toolbar shows and changes. */
export interface ControlState {
  method: 'pca' | 'tsne';
  source: EmbeddingSource;
  trajectory: boolean;
  /** t-SNE steps done and to do, while a run is going. */
  progress?: {iteration: number; total: number};
  /** Whether a trace for the residual paths is being computed. */
  tracing: boolean;
}

export interface ControlActions {
  setMethod(m: 'pca' | 'tsne'): void;
  setSource(s: EmbeddingSource): void;
  setTrajectory(on: boolean): void;
  /** Zooms by a factor; 0 shows the whole layout again. */
  zoom(k: number): void;
}

/** Toggle buttons for method, vectors and residual paths. */
export function renderControls(c: ControlState, a: ControlActions) {
  const toggle = <T>(
    label: string,
    value: T,
    current: T,
    set: (v: T) => void
  ) => html`<button
      type="button"
      aria-pressed=${value === current ? 'true' : 'false'}
      @click=${() => set(value)}
    >
      ${label}
    </button>`;
  const status = c.progress
    ? `t-SNE step ${c.progress.iteration} of ${c.progress.total}…`
    : c.tracing
      ? 'Tracing the text…'
      : '';
  return html`<div class="controls" part="controls">
    <div role="group" aria-label="Projection">
      ${toggle('PCA', 'pca', c.method, a.setMethod)}
      ${toggle('t-SNE', 'tsne', c.method, a.setMethod)}
    </div>
    <div role="group" aria-label="Vectors">
      ${toggle('Characters', 'tokens', c.source, a.setSource)}
      ${toggle('Positions', 'positions', c.source, a.setSource)}
    </div>
    <label>
      <input
        type="checkbox"
        .checked=${c.trajectory}
        @change=${(e: Event) =>
          a.setTrajectory((e.target as HTMLInputElement).checked)}
      />
      Residual paths
    </label>
    <div role="group" aria-label="Zoom" class="zoom">
      <button type="button" title="Zoom in (+)" @click=${() => a.zoom(1.5)}>
        +
      </button>
      <button
        type="button"
        title="Zoom out (−)"
        @click=${() => a.zoom(1 / 1.5)}
      >
        −
      </button>
      <button type="button" title="Show all (0)" @click=${() => a.zoom(0)}>
        Fit
      </button>
    </div>
    <span class="progress" role="status">${status}</span>
  </div>`;
}

/** Colour key: character kinds, or the position ramp. */
export function renderLegend(
  source: EmbeddingSource,
  n: number,
  hasText: boolean,
  paths: boolean,
  standIns: readonly {char: string; standIn: string}[] = []
) {
  const ramp = Array.from({length: 11}, (_, i) =>
    positionColour((i / 10) * (n - 1), n)
  ).join(', ');
  return html`<div class="legend" part="legend">
    ${source === 'tokens'
      ? CHAR_CLASSES.map(
          (c) => html`<span
            ><span
              class="swatch"
              ${inlineStyle({background: CLASS_COLOURS[c]})}
            ></span
            >${CLASS_NAMES[c]}</span
          >`
        )
      : html`<span
          >position 0<span
            class="ramp"
            ${inlineStyle({
              background: `linear-gradient(to right, ${ramp})`,
            })}
          ></span
          >${n - 1}</span
        >`}
    ${hasText
      ? html`<span
          ><span class="ring-key"></span>${source === 'tokens'
            ? 'in the text'
            : 'used by the text'}</span
        >`
      : nothing}
    ${paths
      ? html`<span>path: embedding → after block 1 … last block</span>`
      : nothing}
    ${standIns.length
      ? html`<span class="stand-ins" part="note"
          >not in the vocabulary, read as:
          ${standIns
            .map((s) => `${glyph(s.char)} → ${glyph(s.standIn)}`)
            .join(', ')}</span
        >`
      : nothing}
    <span>drag to pan; Ctrl + wheel or + − to zoom</span>
  </div>`;
}
