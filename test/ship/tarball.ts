// What `npm pack` puts in the tarball: the weights and .wasm binaries
// once each (in dist/model/ and dist/wasm/, beside the script-tag bundle,
// where the npm build's paths.js points too), and no threaded .wasm:
// Peek runs tfjs's wasm single-threaded.
import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {readFileSync} from 'node:fs';
import {before, describe, it} from 'node:test';
import {pathToFileURL} from 'node:url';
import {ROOT} from './build.js';

interface PackedFile {
  path: string;
  size: number;
}

/** The files `npm pack` would write, without packing or building. */
function packedFiles(): PackedFile[] {
  const args = ['pack', '--dry-run', '--json', '--ignore-scripts'];
  const r = spawnSync('npm', args, {cwd: ROOT, encoding: 'utf8'});
  assert.equal(r.status, 0, `npm ${args.join(' ')}: ${r.stderr}`);
  // The JSON is on stdout; npm's notices, if any, go to stderr.
  const [report] = JSON.parse(r.stdout);
  return report.files;
}

/** Where `url` (a file: URL under ROOT) sits in the package. */
const inPackage = (url: string) =>
  decodeURIComponent(new URL(url).pathname).slice(
    decodeURIComponent(pathToFileURL(ROOT).pathname).length
  );

/** Registers the describe block; run after `npm run build`. */
export function describeTarball(): void {
  describe('the npm tarball', () => {
    let files: PackedFile[];
    const paths = () => files.map((f) => f.path);
    const WASM = ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm'];

    before(() => {
      files = packedFiles();
    });

    it('carries the weights, manifest and each .wasm file once', () => {
      const manifest = JSON.parse(
        readFileSync(`${ROOT}dist/model/default/manifest.json`, 'utf8')
      );
      const names = ['manifest.json', manifest.weights, ...WASM];
      const basename = (p: string) => p.slice(p.lastIndexOf('/') + 1);
      for (const name of names) {
        const copies = paths().filter((p) => basename(p) === name);
        // custom-elements.json is no manifest.json; package.json neither.
        assert.equal(copies.length, 1, `${name}: ${copies.join(', ')}`);
      }
      const binaries = paths().filter((p) => /\.(wasm|bin)$/.test(p));
      assert.deepEqual(binaries.sort(), [
        `dist/model/default/${manifest.weights}`,
        'dist/wasm/tfjs-backend-wasm-simd.wasm',
        'dist/wasm/tfjs-backend-wasm.wasm',
      ]);
    });

    it('holds the files the npm build looks for by default', async () => {
      const esm = `${ROOT}dist/esm/src/paths.js`;
      const {DEFAULT_MODEL_URL, DEFAULT_WASM_DIR} = await import(
        pathToFileURL(esm).href
      );
      assert.ok(
        paths().includes(inPackage(DEFAULT_MODEL_URL)),
        `${inPackage(DEFAULT_MODEL_URL)} is packed`
      );
      for (const wasm of WASM) {
        const path = inPackage(new URL(wasm, DEFAULT_WASM_DIR).href);
        assert.ok(paths().includes(path), `${path} is packed`);
      }
    });
  });
}
