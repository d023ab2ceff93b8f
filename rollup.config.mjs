// npm run build:
//   dist/esm/         one ES module per source module, with .d.ts, for npm
//                     (lit, tfjs and d3 stay external: the app bundles them)
//   dist/peek.min.js  one self-contained ES module for a <script> tag, with
//                     the model and tfjs's .wasm files copied beside it
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import { basename, isAbsolute, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import commonjs from '@rollup/plugin-commonjs';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import typescript from '@rollup/plugin-typescript';

/** The npm entry: re-exports the public classes and helpers. */
const LIBRARY_ENTRY = 'src/index.ts';
/** The script-tag entry: registers every element and sets asset paths. */
const BUNDLE_ENTRY = 'src/peek.ts';

const OUT = 'dist';
const BUNDLE_FILE = `${OUT}/peek.min.js`;
/** Copied flat beside the bundle, where src/peek.ts expects them. */
const BUNDLE_ASSETS = [
  { dir: 'model/default', match: () => true },
  {
    dir: 'node_modules/@tensorflow/tfjs-backend-wasm/dist',
    match: (name) => name.endsWith('.wasm'),
  },
];

// The library's own sources are the files TypeScript should compile.
const SOURCES = ['src/**/*.ts', 'components/**/*.ts', 'model/**/*.ts'];
const NOT_SOURCES = ['**/*.test.ts', '**/*.stories.ts'];

/** Bare imports (lit, @tensorflow/*, d3) are the app's to resolve. */
const isPackage = (id) =>
  !id.startsWith('.') && !id.startsWith('\0') && !isAbsolute(id);

function copyAssets(assets) {
  return {
    name: 'peek-copy-assets',
    writeBundle() {
      for (const { dir, match } of assets) {
        // Missing files fail the build: a bundle without them cannot run.
        const names = readdirSync(dir).filter(match);
        if (names.length === 0) this.error(`no assets to copy in ${dir}/`);
        for (const name of names) {
          copyFileSync(join(dir, name), join(OUT, basename(name)));
        }
      }
    },
  };
}

function reportSize() {
  return {
    name: 'peek-report-size',
    writeBundle(_options, bundle) {
      for (const chunk of Object.values(bundle)) {
        if (chunk.type !== 'chunk') continue;
        const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;
        const raw = Buffer.byteLength(chunk.code);
        const gz = gzipSync(chunk.code, { level: 9 }).length;
        console.log(`${OUT}/${chunk.fileName}: ${kb(raw)}, ${kb(gz)} gzipped`);
      }
    },
  };
}

const library = {
  input: LIBRARY_ENTRY,
  external: isPackage,
  output: {
    dir: `${OUT}/esm`,
    format: 'es',
    preserveModules: true,
    sourcemap: true,
  },
  plugins: [
    typescript({
      include: SOURCES,
      exclude: NOT_SOURCES,
      noEmit: false,
      declaration: true,
      declarationMap: true,
      declarationDir: `${OUT}/esm`,
      outDir: `${OUT}/esm`,
      rootDir: '.',
      sourceMap: true,
    }),
  ],
};

const bundle = {
  input: BUNDLE_ENTRY,
  output: {
    file: BUNDLE_FILE,
    format: 'es',
    inlineDynamicImports: true,
    sourcemap: true,
  },
  plugins: [
    mkdirPlugin(OUT),
    nodeResolve({ browser: true }),
    // tfjs's CommonJS parts (long, seedrandom, the wasm glue) expect
    // hoisted require() calls.
    commonjs({ strictRequires: false }),
    typescript({
      include: SOURCES,
      exclude: NOT_SOURCES,
      noEmit: false,
      declaration: false,
      outDir: OUT,
      sourceMap: true,
    }),
    // tfjs's licence headers alone are ~0.6 MB, so none are kept here.
    terser({ format: { comments: false } }),
    copyAssets(BUNDLE_ASSETS),
    reportSize(),
  ],
};

function mkdirPlugin(dir) {
  return {
    name: 'peek-mkdir',
    buildStart: () => void mkdirSync(dir, { recursive: true }),
  };
}

export default [library, bundle];
