#!/usr/bin/env node
// Runs a TypeScript entry point of Peek's Node tooling (trainer, eval,
// benchmark) after bundling it with esbuild.
//
// Why bundle: gradients in tfjs-core are registered by
// `@tensorflow/tfjs-core/dist/register_all_gradients`, an ES module tree
// with directory imports that Node's own ESM loader refuses. esbuild
// resolves them, and the result runs as one CommonJS file.
//
// Usage: node scripts/run-ts.mjs <entry.ts> [args...]
import {build} from 'esbuild';
import {mkdirSync, renameSync, writeFileSync} from 'node:fs';
import {createRequire} from 'node:module';
import {basename, dirname, join, resolve} from 'node:path';
import {fileURLToPath, pathToFileURL} from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const [entry, ...args] = process.argv.slice(2);
if (!entry) {
  console.error('usage: node scripts/run-ts.mjs <entry.ts> [args...]');
  process.exit(2);
}
const outDir = join(root, 'node_modules', '.cache', 'peek');
mkdirSync(outDir, {recursive: true});
const outfile = join(outDir, basename(entry).replace(/\.ts$/, '.cjs'));
const {outputFiles} = await build({
  entryPoints: [resolve(entry), join(root, 'model/training/grad-worker.ts')],
  outdir: outDir,
  entryNames: '[name]',
  outExtension: {'.js': '.cjs'},
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  mainFields: ['module', 'main'],
  logLevel: 'warning',
  sourcemap: 'inline',
  define: {PEEK_ROOT: JSON.stringify(pathToFileURL(root + '/').href)},
  write: false,
});
// Several tools (a training run, a test's eval) may build at once into the
// same folder: write beside and rename, so no process ever requires a file
// that another is halfway through writing.
for (const {path, contents} of outputFiles) {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, contents);
  renameSync(tmp, path);
}
process.argv = [process.argv[0], outfile, ...args];
createRequire(import.meta.url)(outfile);
