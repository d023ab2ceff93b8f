import {css} from 'lit';

export const attentionStyles = css`
  :host {
    --peek-attention-thumb: var(--peek-attention-thumb-size, 48px);
    --peek-attention-highlight-color: var(
      --peek-attention-highlight,
      #f59e0b
    );
    --peek-attention-unknown-color: var(--peek-attention-unknown, #c2410c);
  }
  @media (prefers-color-scheme: dark) {
    :host {
      --peek-attention-unknown-color: var(--peek-attention-unknown, #fb923c);
    }
  }
  .frame {
    position: relative;
    display: flex;
    flex-direction: column;
    gap: 10px;
  }
  .top {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    gap: 4px 12px;
  }
  .title {
    font-weight: 600;
  }
  .status,
  .empty {
    color: var(--peek-muted-color);
    font-size: 0.85em;
  }
  textarea {
    box-sizing: border-box;
    width: 100%;
    min-height: 4.5em;
    resize: vertical;
    font: inherit;
    font-family: var(--peek-mono-font);
    color: inherit;
    background: transparent;
    border: 1px solid var(--peek-border, #d6dbe1);
    border-radius: 4px;
    padding: 6px;
  }
  .body {
    display: flex;
    flex-wrap: wrap;
    align-items: flex-start;
    gap: 12px;
  }
  .heatmap-scroll {
    flex: 1 1 320px;
    min-width: 0;
    max-height: var(--peek-attention-max-height, 80vh);
    overflow: auto;
  }
  .heatmap {
    position: relative;
    display: inline-block;
    vertical-align: top;
    line-height: 0;
    border-radius: 2px;
  }
  .heatmap canvas {
    display: block;
  }
  .heatmap .overlay {
    position: absolute;
    inset: 0;
    cursor: crosshair;
  }
  .thumbs {
    flex: 0 0 auto;
    display: grid;
    grid-template-columns: auto repeat(var(--heads, 4), auto);
    gap: 3px;
    align-items: center;
    justify-items: center;
    font-size: 0.75em;
    color: var(--peek-muted-color);
  }
  .thumb {
    padding: 0;
    line-height: 0;
    border: 2px solid transparent;
    border-radius: 3px;
    background: none;
    cursor: pointer;
  }
  /* Sized before they are painted: the heatmap's width is measured
     beside them, and an unpainted canvas (300x150) would push the
     thumbnails below it, so the first measurement after a re-render
     (a reloaded model) came out far too wide. */
  .thumb canvas {
    display: block;
    width: var(--peek-attention-thumb);
    height: var(--peek-attention-thumb);
  }
  .thumb:hover {
    border-color: var(--peek-muted-color);
  }
  .thumb[aria-pressed='true'] {
    border-color: var(--peek-accent-color);
    box-shadow: 0 0 0 1px var(--peek-accent-color);
  }
  .legend {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 6px 18px;
    font-size: 0.8em;
    color: var(--peek-muted-color);
  }
  .legend-item {
    display: flex;
    align-items: center;
    gap: 6px;
  }
  .legend canvas {
    display: block;
  }
  .ramp {
    position: relative;
    padding-bottom: 14px;
  }
  .tick {
    position: absolute;
    top: 12px;
    transform: translateX(-50%);
    font-size: 0.9em;
  }
  .highlight-ramp {
    width: 48px;
    height: 1.2em;
    border-radius: 2px;
    /* Text highlights are this colour at (ramp position) opacity. */
    background: linear-gradient(
      to right,
      transparent,
      var(--peek-attention-highlight-color)
    );
  }
  .unknown-swatch {
    color: var(--peek-attention-unknown-color);
    text-decoration: underline;
    font-family: var(--peek-mono-font);
  }
  .text-view {
    font-family: var(--peek-mono-font);
    white-space: pre-wrap;
    overflow-wrap: anywhere;
    line-height: 1.8;
  }
  .text-view.main {
    font-size: 1.3em;
    flex: 1 1 320px;
    min-width: 0;
  }
  .ch {
    border-radius: 2px;
    background: color-mix(
      in srgb,
      var(--peek-attention-highlight-color) var(--w, 0%),
      transparent
    );
    cursor: pointer;
  }
  .ch.query {
    outline: 2px solid var(--peek-accent-color);
  }
  .ch.future {
    opacity: 0.4;
  }
  .ch.unknown {
    color: var(--peek-attention-unknown-color);
    text-decoration: underline;
  }
  .ch.linked,
  .ch.hover {
    box-shadow: inset 0 -2px 0 var(--peek-accent-color);
  }
  .tip {
    position: absolute;
    z-index: 1;
    box-sizing: border-box;
    max-width: 260px;
    padding: 4px 8px;
    border-radius: 4px;
    font-size: 0.85em;
    line-height: 1.4;
    overflow-wrap: anywhere;
    pointer-events: none;
    color: var(--peek-bg, #ffffff);
    background: var(--peek-fg, #1d232b);
  }
  @media (prefers-color-scheme: dark) {
    .tip {
      color: var(--peek-bg, #15191e);
      background: var(--peek-fg, #e6e9ee);
    }
  }
  .tip div + div {
    opacity: 0.8;
    font-size: 0.9em;
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
