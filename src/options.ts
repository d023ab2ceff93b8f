import {DEFAULT_MODEL_URL, DEFAULT_WASM_DIR} from './paths.js';

/** Page-wide settings of Peek; set them before the first element loads. */
export interface PeekOptions {
  /** URL of the model manifest every element shares. */
  modelUrl: string;
  /** Folder (URL ending in /) with tfjs's `.wasm` files. */
  wasmDir: string;
  /** Backends to try, fastest first; the first that starts is used. */
  backends: string[];
}

const options: PeekOptions = {
  modelUrl: DEFAULT_MODEL_URL,
  wasmDir: DEFAULT_WASM_DIR,
  backends: ['wasm', 'webgl', 'cpu'],
};

/**
 * Changes page-wide settings. Call it before any Peek element connects;
 * once the model is loading, a different `modelUrl` applies to the next
 * load only (see `reloadModel`).
 */
export function configurePeek(changes: Partial<PeekOptions>): void {
  for (const [key, value] of Object.entries(changes)) {
    if (!(key in options)) {
      throw new Error(
        `configurePeek: unknown option "${key}"; valid options are ` +
          `${Object.keys(options).join(', ')}.`
      );
    }
    (options as unknown as Record<string, unknown>)[key] = value;
  }
}

/** The current settings (read-only view). */
export function peekOptions(): Readonly<PeekOptions> {
  return options;
}
