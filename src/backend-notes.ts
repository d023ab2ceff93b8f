/**
 * Words for the reader about tfjs backends: what each is called, and
 * whether this page lets WebAssembly run at all.
 */

const NAMES: Record<string, string> = {
  wasm: 'WebAssembly',
  webgl: 'WebGL',
  cpu: 'JavaScript',
};

/**
 * A backend's name for the reader: "the WebGL backend", or as the subject
 * of a sentence ("WebGL could not start") with `subject`. The plain
 * JavaScript backend says it is the slow one.
 */
export function backendLabel(name: string, subject = false): string {
  const word = NAMES[name] ?? name;
  if (subject) return word;
  if (name === 'cpu') return 'the slower JavaScript backend';
  return `the ${word} backend`;
}

// The smallest valid module: the magic number and version 1.
const EMPTY_MODULE = new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]);

/**
 * Why this page cannot compile WebAssembly (completing "WebAssembly
 * ..."), or undefined if it can. A Content-Security-Policy whose
 * script-src lacks 'wasm-unsafe-eval' (or 'unsafe-eval') refuses it.
 */
export function wasmRefusal(): string | undefined {
  if (typeof WebAssembly !== 'object') return 'is not in this browser';
  try {
    new WebAssembly.Module(EMPTY_MODULE);
    return undefined;
  } catch (e) {
    const message = String((e as Error)?.message ?? e);
    if (/Content.Security.Policy|unsafe-eval|\bCSP\b/i.test(message)) {
      return (
        "is blocked by this page's Content-Security-Policy (script-src " +
        "needs 'wasm-unsafe-eval')"
      );
    }
    return `could not start (${message})`;
  }
}
