import {
  decodeModelAsync,
  ModelFormatError,
  type ModelData,
} from '../model/format.js';
import {PeekError} from './errors.js';
import {taskSlicer} from './next-task.js';

/** Bytes received so far and, when the server says, the total. */
export interface LoadProgress {
  loaded: number;
  total: number | undefined;
  /** 0..1 when the total is known. */
  fraction: number | undefined;
}

/**
 * Where the README says how an app serves the model; named in errors that
 * usually mean the app has not (a 404, or the app's own HTML page).
 */
const SERVE_HINT =
  ' An app that bundles Peek must serve the model files and point ' +
  'configurePeek({modelUrl}) at the manifest (README, "In an app: npm").';

/**
 * Fetches a model (manifest, then its weights file, resolved relative to
 * the manifest) and validates it, decoding in tasks of a few
 * milliseconds so that the page stays responsive. Failures are
 * PeekErrors of type `network` or `format` whose message names the file
 * and the problem.
 */
export async function fetchModel(
  manifestUrl: string,
  onProgress?: (p: LoadProgress) => void,
  signal?: AbortSignal
): Promise<ModelData> {
  const manifestRes = await get(manifestUrl, signal, SERVE_HINT);
  const text = await manifestRes.text();
  let manifest: {weights?: unknown; weightsBytes?: unknown};
  try {
    manifest = JSON.parse(text);
  } catch {
    // Dev servers answer unknown paths with the app's index.html.
    const html = /^\s*</.test(text);
    throw new PeekError(
      'format',
      `Model manifest at ${manifestUrl} is not valid JSON` +
        (html ? `: the server sent an HTML page.${SERVE_HINT}` : '.')
    );
  }
  if (typeof manifest?.weights !== 'string') {
    throw new PeekError(
      'format',
      `Model manifest at ${manifestUrl} names no weights file.`
    );
  }
  const weightsUrl = new URL(manifest.weights, manifestRes.url || manifestUrl)
    .href;
  const declared =
    typeof manifest.weightsBytes === 'number'
      ? manifest.weightsBytes
      : undefined;
  const bin = await readWithProgress(
    weightsUrl,
    await get(weightsUrl, signal),
    declared,
    onProgress
  );
  try {
    return await decodeModelAsync(manifest, bin, taskSlicer());
  } catch (e) {
    if (e instanceof ModelFormatError) {
      throw new PeekError('format', `${e.message} (${weightsUrl})`, e);
    }
    throw e;
  }
}

async function get(
  url: string,
  signal?: AbortSignal,
  notFoundHint = ''
): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(url, {signal});
  } catch (e) {
    throw new PeekError(
      'network',
      `Could not fetch ${url}: ${(e as Error).message}.`,
      e
    );
  }
  if (!res.ok) {
    const status = `${res.status} ${res.statusText}`.trim();
    const hint = res.status === 404 ? notFoundHint : '';
    throw new PeekError(
      'network',
      `Could not fetch ${url}: HTTP ${status}.${hint}`
    );
  }
  return res;
}

/**
 * Reads a response's body, reporting progress. A connection lost part of
 * the way is a `network` error, like one that never connected, so the
 * elements offer to try again.
 */
async function readWithProgress(
  url: string,
  res: Response,
  declared: number | undefined,
  onProgress?: (p: LoadProgress) => void
): Promise<ArrayBuffer> {
  try {
    return await readBody(res, declared, onProgress);
  } catch (e) {
    throw new PeekError(
      'network',
      `Could not fetch ${url}: the download stopped part of the way ` +
        `(${(e as Error).message}).`,
      e
    );
  }
}

async function readBody(
  res: Response,
  declared: number | undefined,
  onProgress?: (p: LoadProgress) => void
): Promise<ArrayBuffer> {
  const header = Number(res.headers.get('content-length'));
  // A compressed response's length is not the body's; prefer the manifest.
  const total = declared ?? (header > 0 ? header : undefined);
  if (!res.body) {
    const buf = await res.arrayBuffer();
    onProgress?.({loaded: buf.byteLength, total, fraction: 1});
    return buf;
  }
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let loaded = 0;
  for (;;) {
    const {done, value} = await reader.read();
    if (done) break;
    chunks.push(value);
    loaded += value.byteLength;
    onProgress?.({
      loaded,
      total,
      fraction: total ? Math.min(1, loaded / total) : undefined,
    });
  }
  const out = new Uint8Array(loaded);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.byteLength;
  }
  return out.buffer;
}
