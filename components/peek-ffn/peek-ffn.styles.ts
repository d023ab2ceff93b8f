import {css} from 'lit';

/** Styles of <peek-ffn>, on top of PeekElement's shared ones. */
export const ffnStyles = css`
  .controls {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 6px 16px;
    margin-bottom: 8px;
  }
  .controls label {
    display: inline-flex;
    align-items: center;
    gap: 6px;
  }
  .readout {
    color: var(--peek-muted-color);
    font-family: var(--peek-mono-font);
    font-size: 0.85em;
    min-width: 20ch;
  }
  .heatmap {
    overflow-x: auto;
    border-radius: 4px;
  }
  canvas {
    display: block;
    cursor: crosshair;
  }
  .panels {
    display: flex;
    flex-wrap: wrap;
    gap: 12px 24px;
    margin-top: 10px;
  }
  .panel {
    flex: 1 1 260px;
    min-width: 0;
  }
  h3 {
    margin: 0 0 6px;
    font-size: 1em;
  }
  h4 {
    margin: 10px 0 4px;
    font-size: 0.9em;
  }
  .hint,
  .empty {
    color: var(--peek-muted-color);
    font-size: 0.85em;
    margin: 2px 0 6px;
  }
  ol {
    list-style: none;
    margin: 0;
    padding: 0;
  }
  .bar {
    display: grid;
    grid-template-columns: 5ch 1fr 6ch;
    align-items: center;
    gap: 8px;
    width: 100%;
    padding: 1px 4px;
    border: 1px solid transparent;
    border-radius: 3px;
    background: none;
    color: inherit;
    font: inherit;
    font-family: var(--peek-mono-font);
    font-size: 0.85em;
    text-align: left;
    cursor: pointer;
  }
  .bar:hover {
    border-color: var(--peek-muted-color);
  }
  .bar.selected {
    border-color: var(--peek-accent-color);
  }
  .track {
    height: 10px;
    background: color-mix(in srgb, currentColor 8%, transparent);
  }
  .fill {
    display: block;
    height: 100%;
  }
  .bar .value {
    text-align: right;
  }
  .neuron-text {
    font-family: var(--peek-mono-font);
    white-space: pre-wrap;
    overflow-wrap: anywhere;
    line-height: 1.6;
    margin: 0;
    max-height: 12em;
    overflow-y: auto;
  }
  .ch {
    cursor: pointer;
    padding: 1px 0;
  }
  .ch.unknown {
    text-decoration: underline dotted;
  }
  .ch.linked {
    outline: 1px dashed currentColor;
  }
  .ch.selected {
    outline: 2px solid var(--peek-accent-color);
    outline-offset: 1px;
  }
  .dla {
    display: flex;
    flex-wrap: wrap;
    gap: 8px 24px;
  }
  .dla h4 {
    margin-top: 4px;
  }
  .chips {
    display: flex;
    flex-wrap: wrap;
    gap: 4px;
  }
  .chip {
    display: inline-flex;
    gap: 6px;
    padding: 1px 6px;
    border-radius: 3px;
    font-family: var(--peek-mono-font);
    font-size: 0.85em;
  }
  .chip .char {
    font-weight: 600;
  }
  .sr-only {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
`;
