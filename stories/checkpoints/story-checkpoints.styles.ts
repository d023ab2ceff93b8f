import {css} from 'lit';

export const checkpointStyles = css`
  :host {
    display: block;
    max-width: 52rem;
    font: 14px/1.45 system-ui, sans-serif;
  }
  .picker {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 6px;
  }
  .label {
    margin-right: 4px;
  }
  button {
    font: inherit;
    padding: 4px 10px;
    border: 1px solid #8a94a3;
    border-radius: 4px;
    background: #fff;
    color: #1d232b;
    cursor: pointer;
  }
  button[aria-pressed='true'] {
    background: #2563eb;
    border-color: #2563eb;
    color: #fff;
  }
  button:focus-visible {
    outline: 2px solid #2563eb;
    outline-offset: 2px;
  }
  .facts {
    min-height: 1.5em;
  }
  .error {
    color: #b00020;
  }
  h3 {
    margin: 1.2em 0 0.2em;
    font-size: 15px;
  }
  .note {
    margin: 0 0 0.6em;
    color: #4b5563;
  }
`;
