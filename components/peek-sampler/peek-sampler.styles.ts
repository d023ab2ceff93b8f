import {css} from 'lit';

/** Layout of <peek-sampler>; theme variables come from stateStyles. */
export const samplerStyles = css`
  :host {
    --_chip: color-mix(in srgb, currentColor 8%, transparent);
    --_gen: color-mix(in srgb, var(--peek-accent-color) 16%, transparent);
    --_track: color-mix(in srgb, currentColor 9%, transparent);
    /* The theme's own colours, for ink on accent and marks on bars. */
    --_paper: var(--peek-bg, #ffffff);
    --_ink: var(--peek-fg, #1d232b);
  }
  @media (prefers-color-scheme: dark) {
    :host {
      --_paper: var(--peek-bg, #15191e);
      --_ink: var(--peek-fg, #e6e9ee);
    }
  }
  button,
  input {
    font: inherit;
  }
  button {
    display: inline-flex;
    align-items: center;
    gap: 4px;
    padding: 4px 10px;
    border: 1px solid var(--peek-border, #c4cbd3);
    border-radius: 6px;
    background: var(--_chip);
    color: inherit;
    cursor: pointer;
  }
  button:hover:not(:disabled) {
    border-color: var(--peek-accent-color);
  }
  button:disabled {
    opacity: 0.45;
    cursor: default;
  }
  button.play {
    min-width: 6.5em;
    background: var(--peek-accent-color);
    border-color: var(--peek-accent-color);
    color: var(--_paper);
  }
  .toolbar,
  .settings {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 6px 10px;
  }
  .settings {
    margin-top: 8px;
    gap: 6px 18px;
    font-size: 0.9em;
  }
  .speed,
  .setting {
    display: inline-flex;
    align-items: center;
    gap: 6px;
    color: var(--peek-muted-color);
  }
  .speed output {
    min-width: 3.5em;
    font-variant-numeric: tabular-nums;
  }
  input[type='range'] {
    width: 96px;
    accent-color: var(--peek-accent-color);
  }
  input.num {
    width: 4.5em;
    padding: 2px 4px;
    color: inherit;
    background: transparent;
    border: 1px solid var(--peek-border, #c4cbd3);
    border-radius: 4px;
  }
  input.seed {
    width: 7em;
  }
  .label {
    margin: 0 0 6px;
    font-size: 0.8em;
    font-weight: 600;
    letter-spacing: 0.04em;
    text-transform: uppercase;
    text-align: left;
    color: var(--peek-muted-color);
  }
  .label .detail {
    margin-left: 6px;
    font-weight: 400;
    letter-spacing: 0;
    text-transform: none;
  }
  section,
  table {
    margin-top: 14px;
  }
  .output {
    margin: 0;
    max-height: 9em;
    overflow-y: auto;
    padding: 8px 10px;
    border-radius: 6px;
    background: var(--_chip);
    font-family: var(--peek-mono-font);
    white-space: pre-wrap;
    overflow-wrap: anywhere;
    line-height: 1.45;
  }
  .output .prompt {
    font-weight: 700;
  }
  .output .generated {
    color: var(--peek-accent-color);
  }
  .output .newest {
    color: var(--_paper);
    background: var(--peek-accent-color);
    border-radius: 2px;
  }
  .output .future {
    opacity: 0.35;
  }
  .panels {
    display: grid;
    grid-template-columns: minmax(0, 1fr) minmax(0, 1.2fr);
    gap: 0 24px;
  }
  @media (max-width: 720px) {
    .panels {
      grid-template-columns: minmax(0, 1fr);
    }
  }
  .chips {
    display: flex;
    flex-wrap: wrap;
    gap: 2px;
    padding: 2px;
    border-radius: 4px;
  }
  .chip {
    display: inline-block;
    min-width: 1.1em;
    padding: 1px 2px;
    border-radius: 3px;
    border-bottom: 2px solid transparent;
    font-family: var(--peek-mono-font);
    font-size: 0.85em;
    text-align: center;
    background: var(--_chip);
    cursor: pointer;
  }
  .chip.generated {
    background: var(--_gen);
  }
  .chip.space {
    color: var(--peek-muted-color);
  }
  .chip.unknown {
    border-bottom: 2px dashed #c2410c;
  }
  .chip.hover {
    outline: 1px solid var(--peek-accent-color);
  }
  .chip.selected {
    outline: 2px solid var(--peek-accent-color);
  }
  .key {
    margin: 6px 0 0;
    font-size: 0.8em;
    color: var(--peek-muted-color);
  }
  .key .chip {
    cursor: default;
    margin-left: 6px;
  }
  .unknown-key {
    color: #c2410c;
  }
  .hint {
    margin-top: 14px;
    color: var(--peek-muted-color);
  }
  .candidates {
    width: 100%;
    border-collapse: collapse;
    font-size: 0.85em;
    font-variant-numeric: tabular-nums;
  }
  .candidates caption {
    caption-side: top;
  }
  .candidates th,
  .candidates td {
    padding: 1px 4px;
    text-align: left;
    font-weight: 400;
  }
  .candidates thead th {
    color: var(--peek-muted-color);
    font-size: 0.9em;
  }
  .candidates tbody th {
    white-space: nowrap;
  }
  .candidates .glyph {
    display: inline-block;
    min-width: 1.4em;
    font-family: var(--peek-mono-font);
    font-weight: 700;
  }
  .candidates td {
    white-space: nowrap;
  }
  .bar-track {
    display: inline-block;
    width: 56px;
    height: 8px;
    background: var(--_track);
    border-radius: 2px;
    vertical-align: middle;
  }
  .bar {
    display: block;
    height: 100%;
    border-radius: 2px;
    background: var(--peek-accent-color);
  }
  .value {
    display: inline-block;
    min-width: 3.8em;
    text-align: right;
  }
  tr.cut {
    opacity: 0.4;
  }
  tr.cut .bar {
    background: var(--peek-muted-color);
  }
  tr.chosen {
    background: var(--_gen);
  }
  .tag {
    font-size: 0.8em;
    color: var(--peek-accent-color);
  }
  .stack {
    position: relative;
    margin-top: 22px;
    height: 26px;
    border-radius: 4px;
    background: var(--_track);
    overflow: visible;
  }
  .seg {
    position: absolute;
    top: 0;
    bottom: 0;
    box-sizing: border-box;
    border-right: 1px solid var(--_paper);
    font-family: var(--peek-mono-font);
    font-size: 0.8em;
    line-height: 26px;
    text-align: center;
    overflow: hidden;
  }
  .seg {
    background: color-mix(in srgb, var(--peek-accent-color) 22%, transparent);
  }
  .seg.odd {
    background: color-mix(in srgb, var(--peek-accent-color) 38%, transparent);
  }
  .seg.chosen {
    background: var(--peek-accent-color);
    color: var(--_paper);
    font-weight: 700;
  }
  .marker {
    position: absolute;
    top: -6px;
    bottom: -6px;
    width: 0;
    border-left: 2px solid var(--_ink);
    z-index: 2;
  }
  .marker-label {
    position: absolute;
    bottom: 100%;
    transform: translateX(-50%);
    padding: 0 3px;
    font-size: 0.72em;
    font-variant-numeric: tabular-nums;
    background: var(--_paper);
    white-space: nowrap;
  }
  .marker::before {
    content: '';
    position: absolute;
    top: -2px;
    left: -6px;
    border: 5px solid transparent;
    border-top: 6px solid var(--_ink);
  }
  .axis {
    display: flex;
    justify-content: space-between;
    font-size: 0.75em;
    color: var(--peek-muted-color);
  }
  .caption {
    display: flex;
    align-items: center;
    gap: 10px;
    margin: 6px 0 0;
  }
  .chosen-box {
    display: inline-grid;
    place-items: center;
    min-width: 1.8em;
    height: 1.8em;
    padding: 0 4px;
    border-radius: 6px;
    background: var(--peek-accent-color);
    color: var(--_paper);
    font-family: var(--peek-mono-font);
    font-size: 1.4em;
    font-weight: 700;
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
