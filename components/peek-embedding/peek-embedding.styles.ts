import {css} from 'lit';

export const embeddingStyles = css`
  :host {
    container-type: inline-size;
    --ring: var(--peek-embedding-ring, var(--peek-accent-color));
    --path: var(--peek-embedding-path, var(--peek-muted-color));
    /* The background, for halos behind glyphs and text on the accent. */
    --halo: var(--peek-bg, #ffffff);
  }
  @media (prefers-color-scheme: dark) {
    :host {
      --halo: var(--peek-bg, #15191e);
    }
  }
  .controls {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 8px 14px;
    margin-bottom: 8px;
  }
  .controls [role='group'] {
    display: inline-flex;
  }
  .controls button {
    font: inherit;
    font-size: 0.9em;
    padding: 3px 10px;
    border: 1px solid var(--peek-border, #c3cad3);
    background: transparent;
    color: inherit;
    cursor: pointer;
  }
  .controls [role='group'] button:first-child {
    border-radius: 6px 0 0 6px;
  }
  .controls [role='group'] button:last-child {
    border-radius: 0 6px 6px 0;
  }
  .controls [role='group'] button + button {
    border-left: none;
  }
  .controls button[aria-pressed='true'] {
    background: var(--peek-accent-color);
    border-color: var(--peek-accent-color);
    color: var(--halo);
  }
  .controls .progress {
    color: var(--peek-muted-color);
    font-size: 0.85em;
    font-variant-numeric: tabular-nums;
  }
  .body {
    display: grid;
    grid-template-columns:
      minmax(0, 1fr)
      var(--peek-embedding-panel-width, 220px);
    gap: 12px;
    align-items: start;
  }
  @container (max-width: 620px) {
    .body {
      grid-template-columns: minmax(0, 1fr);
    }
  }
  svg.plot {
    display: block;
    width: 100%;
    height: auto;
    border-radius: 4px;
    touch-action: manipulation;
  }
  .axis {
    color: var(--peek-muted-color);
    font-size: 11px;
  }
  .axis-title {
    fill: currentColor;
    font-size: 12px;
    text-anchor: middle;
  }
  .frame {
    fill: none;
    stroke: var(--peek-muted-color);
    stroke-opacity: 0.35;
  }
  .point {
    cursor: pointer;
  }
  .point .hit {
    fill: transparent;
  }
  .point .ring {
    fill: none;
    stroke: none;
  }
  .point.in-text .ring {
    stroke: var(--ring);
    stroke-width: 1.5;
  }
  .point.linked .ring {
    stroke: var(--ring);
    stroke-width: 2;
    stroke-dasharray: 3 2;
  }
  .point.selected .ring {
    stroke: var(--ring);
    stroke-width: 2.5;
    fill: color-mix(in srgb, var(--ring) 15%, transparent);
  }
  .point.active .ring {
    stroke: currentColor;
    stroke-width: 1.5;
  }
  .point.focus .ring {
    stroke: var(--peek-accent-color);
    stroke-width: 3;
  }
  .glyph {
    font-family: var(--peek-mono-font);
    font-size: var(--peek-embedding-glyph-size, 13px);
    font-weight: 600;
    text-anchor: middle;
    dominant-baseline: central;
    paint-order: stroke;
    stroke: var(--halo);
    stroke-width: 2.5px;
  }
  .num {
    font-size: 8px;
    fill: var(--peek-muted-color);
    opacity: 0;
  }
  .positions .point:is(.active, .selected, .linked, .focus) .num,
  .positions.few .in-text .num {
    opacity: 1;
  }
  .point.active .num {
    font-weight: 700;
  }
  .path {
    fill: none;
    stroke: var(--path);
    stroke-opacity: 0.45;
    stroke-width: 1;
    stroke-linejoin: round;
    cursor: pointer;
  }
  .paths.faint .path {
    stroke-opacity: 0.12;
  }
  .path.strong {
    stroke: var(--ring);
    stroke-opacity: 0.9;
    stroke-width: 2;
  }
  .layer {
    fill: var(--ring);
  }
  .layer.start {
    fill: var(--halo);
    stroke: var(--ring);
    stroke-width: 1.5;
  }
  .layer-label {
    font-size: 9px;
    fill: currentColor;
  }
  .legend {
    display: flex;
    flex-wrap: wrap;
    gap: 4px 12px;
    font-size: 0.8em;
    color: var(--peek-muted-color);
    margin-top: 4px;
  }
  .legend .swatch {
    display: inline-block;
    width: 10px;
    height: 10px;
    border-radius: 50%;
    margin-right: 4px;
    vertical-align: -1px;
  }
  .legend .ramp {
    display: inline-block;
    width: 120px;
    height: 10px;
    vertical-align: -1px;
    margin: 0 4px;
    border-radius: 2px;
  }
  .legend .ring-key {
    display: inline-block;
    width: 9px;
    height: 9px;
    border: 1.5px solid var(--ring);
    border-radius: 50%;
    margin-right: 4px;
    vertical-align: -1px;
  }
  .note {
    font-size: 0.85em;
    color: var(--peek-muted-color);
    border-left: 3px solid var(--peek-accent-color);
    padding-left: 8px;
    margin: 6px 0;
  }
  aside h3,
  .vector h3 {
    font-size: 0.9em;
    font-weight: 600;
    margin: 0 0 6px;
  }
  h3 small {
    font-weight: 400;
    color: var(--peek-muted-color);
    margin-left: 4px;
  }
  .hint {
    font-size: 0.85em;
    color: var(--peek-muted-color);
    margin: 0;
  }
  .chip {
    font-family: var(--peek-mono-font);
    font-weight: 600;
  }
  .neighbours ol {
    list-style: none;
    margin: 0;
    padding: 0;
  }
  .neighbours button {
    display: grid;
    grid-template-columns: 2.6em 1fr 3.6em;
    align-items: center;
    gap: 6px;
    width: 100%;
    font: inherit;
    font-size: 0.9em;
    color: inherit;
    background: none;
    border: none;
    padding: 2px 0;
    cursor: pointer;
    text-align: left;
  }
  .neighbours .bar {
    height: 8px;
    background: color-mix(in srgb, var(--peek-muted-color) 18%, transparent);
    border-radius: 2px;
  }
  .neighbours .bar span {
    display: block;
    height: 100%;
    background: var(--peek-accent-color);
    border-radius: 2px;
  }
  .neighbours .value {
    font-family: var(--peek-mono-font);
    font-variant-numeric: tabular-nums;
    text-align: right;
  }
  .vector {
    margin-top: 10px;
  }
  .vector svg {
    display: block;
    width: 100%;
    height: 64px;
  }
  .vector .zero {
    stroke: var(--peek-muted-color);
    stroke-width: 0.5;
  }
  .vector rect.on {
    stroke: currentColor;
    stroke-width: 1;
  }
  .readout {
    display: block;
    font-family: var(--peek-mono-font);
    font-size: 0.85em;
    color: var(--peek-muted-color);
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
`;
