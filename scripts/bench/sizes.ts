/** What a reader downloads: the weights and the script-tag bundle. */
import {existsSync, readFileSync, statSync} from 'node:fs';
import {join} from 'node:path';
import {gzipSync} from 'node:zlib';
import type {Manifest} from '../../model/format.js';

export interface Sizes {
  /** weights.bin as served (float16 when dtypes says so). */
  weights_bytes: number;
  weights_gzip_bytes: number;
  /** The tensor dtypes the manifest declares, e.g. "float16". */
  weights_dtype: string;
  manifest_bytes: number;
  /** dist/peek.min.js, plain and gzipped; null before `npm run build`. */
  bundle_js_bytes: number | null;
  bundle_js_gzip_bytes: number | null;
}

/** Sizes of the model in dir and of dist/peek.min.js under root. */
export function measureSizes(root: string, dir: string): Sizes {
  const manifestText = readFileSync(join(dir, 'manifest.json'), 'utf8');
  const manifest = JSON.parse(manifestText) as Manifest;
  const weights = readFileSync(join(dir, manifest.weights));
  const bundle = join(root, 'dist', 'peek.min.js');
  const js = existsSync(bundle) ? readFileSync(bundle) : undefined;
  return {
    weights_bytes: weights.byteLength,
    weights_gzip_bytes: gzipSync(weights, {level: 9}).byteLength,
    weights_dtype: [...new Set(manifest.tensors.map((t) => t.dtype))].join('+'),
    manifest_bytes: statSync(join(dir, 'manifest.json')).size,
    bundle_js_bytes: js ? js.byteLength : null,
    bundle_js_gzip_bytes: js ? gzipSync(js, {level: 9}).byteLength : null,
  };
}
