/**
 * Where Peek finds its own files. Both URLs are relative to this module,
 * not to the page, so a script tag or an installed package works from any
 * page path. The script-tag build rewrites them to sit beside the bundle.
 */

// Through a function on purpose: bundlers (Vite, webpack) rewrite a literal
// `new URL('...', import.meta.url)` into a hashed copy of that one file,
// which would move the manifest away from its weights and fail on the
// `.wasm` folder. An app that bundles Peek calls configurePeek instead.
const besideThisModule = (path: string) => new URL(path, import.meta.url).href;

/** The embedded default model's manifest. */
export const DEFAULT_MODEL_URL = besideThisModule(
  '../model/default/manifest.json'
);

/** Folder holding tfjs's `.wasm` binaries. */
export const DEFAULT_WASM_DIR = besideThisModule('../wasm/');
