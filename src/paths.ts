/**
 * Where Peek finds its own files. Both URLs are relative to this module,
 * not to the page, so a script tag or an installed package works from any
 * page path. The script-tag build rewrites them to sit beside the bundle.
 */

/** The embedded default model's manifest. */
export const DEFAULT_MODEL_URL = new URL(
  '../model/default/manifest.json',
  import.meta.url
).href;

/** Folder holding tfjs's `.wasm` binaries. */
export const DEFAULT_WASM_DIR = new URL('../wasm/', import.meta.url).href;
