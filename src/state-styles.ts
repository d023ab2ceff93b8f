import {css} from 'lit';

/**
 * Styles shared by every element: theme variables with fallbacks, and the
 * loading and error panels. Light and dark follow prefers-color-scheme
 * unless the page sets the variables.
 */
export const stateStyles = css`
  :host {
    display: block;
    box-sizing: border-box;
    font-family: var(--peek-font, system-ui, sans-serif);
    font-size: var(--peek-font-size, 14px);
    color: var(--peek-fg, #1d232b);
    background: var(--peek-bg, #ffffff);
    border: 1px solid var(--peek-border, #d6dbe1);
    border-radius: var(--peek-radius, 8px);
    padding: var(--peek-padding, 12px);
    --peek-accent-color: var(--peek-accent, #2563eb);
    --peek-muted-color: var(--peek-muted, #5c6670);
    --peek-mono-font: var(--peek-mono, ui-monospace, Menlo, monospace);
  }
  @media (prefers-color-scheme: dark) {
    :host {
      color: var(--peek-fg, #e6e9ee);
      background: var(--peek-bg, #15191e);
      border-color: var(--peek-border, #343b44);
      --peek-accent-color: var(--peek-accent, #7aa7ff);
      --peek-muted-color: var(--peek-muted, #9aa4ae);
    }
  }
  :host([hidden]) {
    display: none;
  }
  .state {
    display: flex;
    flex-direction: column;
    gap: 6px;
    min-height: 64px;
    justify-content: center;
  }
  .state progress {
    width: 100%;
    accent-color: var(--peek-accent-color);
  }
  .state .detail {
    color: var(--peek-muted-color);
    font-size: 0.85em;
  }
  .state.error {
    border-left: 4px solid #c2410c;
    padding-left: 10px;
  }
  .state.error .message {
    font-family: var(--peek-mono-font);
    font-size: 0.85em;
    overflow-wrap: anywhere;
  }
  .state button {
    align-self: flex-start;
  }
  :focus-visible {
    outline: 2px solid var(--peek-accent-color);
    outline-offset: 2px;
  }
  .backend-note {
    margin: 0 0 8px;
    padding: 4px 8px;
    border-left: 3px solid var(--peek-accent-color);
    color: var(--peek-muted-color);
    font-size: 0.85em;
  }
`;
