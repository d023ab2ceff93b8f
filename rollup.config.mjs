// npm run build:
//   dist/esm/            the npm build: one ES module per source module,
//                        with .d.ts; lit, tfjs and d3 stay external (the
//                        app's bundler resolves them from dependencies)
//   dist/peek.min.js     one self-contained ES module for a <script> tag,
//   dist/model/default/, dist/wasm/
//                        with the model and .wasm files beside it; the
//                        npm build's dist/esm/src/paths.js points there
//                        too, so the package carries each file once
//   dist/THIRD_PARTY_LICENSES.txt
//                        the notices of the code inside peek.min.js
//
// The bundle finds its assets relative to itself, never the page, so it
// works from any page path or CDN folder. An app that bundles dist/esm
// copies the assets and points configurePeek at them (see README).
//
// The model files are copied from model/default/ as one consistent pair,
// and never its checkpoints/ or training log.
import { isAbsolute } from 'node:path';
import commonjs from '@rollup/plugin-commonjs';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import typescript from '@rollup/plugin-typescript';
import MagicString from 'magic-string';
import {
  clean,
  copyModel,
  copyWasm,
  oncePerPage,
  reportSize,
  stubModules,
  thirdPartyLicenses,
  withoutPackages,
} from './scripts/build/plugins.mjs';

const OUT = 'dist';
const ESM = `${OUT}/esm`;

const WASM_OUT = '@tensorflow/tfjs-backend-wasm/wasm-out';
/** The bundle's own URL, captured from import.meta by oncePerPage. */
const BUNDLE_URL = '__peekBundleUrl';

const ELEMENTS = [
  'peek-sampler',
  'peek-attention',
  'peek-ffn',
  'peek-embedding',
];

/**
 * The npm build's entry modules (package.json `exports`): the API, the
 * registration of every element, and each element's own registration.
 */
const LIBRARY_ENTRIES = [
  'src/index.ts',
  'src/define-all.ts',
  ...ELEMENTS.map((tag) => `components/${tag}/define.ts`),
];
/** The script-tag entry: registers every element, exports the API. */
const BUNDLE_ENTRY = 'src/peek.ts';

/** Above this the build warns: a blog post should not wait on Peek. */
const BUNDLE_BUDGET_KB = 180;

// The library's own sources are the files TypeScript should compile.
const SOURCES = ['src/**/*.ts', 'components/**/*.ts', 'model/**/*.ts'];
// The trainer runs in Node; the browser build neither needs nor ships it.
const NOT_SOURCES = ['**/*.test.ts', '**/*.stories.ts', 'model/training/**'];

/** Bare imports (lit, @tensorflow/*, d3) are the app's to resolve. */
const isPackage = (id) =>
  !id.startsWith('.') && !id.startsWith('\0') && !isAbsolute(id);

const library = {
  input: LIBRARY_ENTRIES,
  external: isPackage,
  output: {
    dir: ESM,
    format: 'es',
    preserveModules: true,
    sourcemap: true,
  },
  plugins: [
    clean([ESM]),
    typescript({
      include: SOURCES,
      exclude: NOT_SOURCES,
      noEmit: false,
      declaration: true,
      declarationMap: true,
      declarationDir: ESM,
      outDir: ESM,
      rootDir: '.',
      sourceMap: true,
    }),
    // The assets ship once, beside the script-tag bundle (see below).
    assetsAt('../../'),
  ],
};

/**
 * src/paths.ts finds the assets one folder up from src/ (the repository's
 * model/ and wasm/ folders while developing). The builds move them: one
 * copy in dist/model/ and dist/wasm/, which is beside the bundle, and two
 * folders up from dist/esm/src/paths.js. With `urlName`, import.meta.url
 * becomes that name: the bundle's body runs inside a function (see
 * oncePerPage), where import.meta is not allowed; the wrapper captures it.
 */
function assetsAt(prefix, { urlName } = {}) {
  const manifest = 'model/default/manifest.json';
  const swaps = [
    [`'../${manifest}'`, `'${prefix}${manifest}'`],
    ["'../wasm/'", `'${prefix}wasm/'`],
    ...(urlName ? [['import.meta.url', urlName]] : []),
  ];
  return {
    name: 'peek-assets-at',
    transform(code, id) {
      if (!id.replaceAll('\\', '/').endsWith('/src/paths.ts')) return null;
      const out = new MagicString(code);
      for (const [from, to] of swaps) {
        if (!code.includes(from)) {
          this.error(`src/paths.ts no longer contains ${from}; update ` +
            'rollup.config.mjs so the builds find their assets.');
        }
        out.replaceAll(from, to);
      }
      return { code: out.toString(), map: out.generateMap({ hires: true }) };
    },
  };
}

const bundle = {
  input: BUNDLE_ENTRY,
  output: {
    file: `${OUT}/peek.min.js`,
    // An IIFE that oncePerPage wraps into an ES module.
    format: 'iife',
    name: '__peekApi',
    exports: 'named',
    inlineDynamicImports: true,
    sourcemap: true,
    // Names and lines only: tfjs's sources would make the map 6 MB.
    sourcemapExcludeSources: true,
  },
  plugins: [
    clean(
      [
        'peek.min.js',
        'peek.min.js.map',
        'THIRD_PARTY_LICENSES.txt',
        'model',
        'wasm',
      ].map((name) => `${OUT}/${name}`),
    ),
    assetsAt('./', { urlName: BUNDLE_URL }),
    // src/peek.ts asks for wasm and cpu only, and WebGL's backend alone
    // adds 75 KB gzipped: src/webgl-backend.ts's dynamic import of it
    // finds an empty module, inlined (no chunk of its own).
    withoutPackages(['@tensorflow/tfjs-backend-webgl']),
    // src/backend.ts turns tfjs's multithreaded wasm off (it needs a
    // cross-origin-isolated page), so its emscripten glue (~55 KB) and
    // worker are never run: leave them, and their .wasm, out.
    stubModules({
      [`${WASM_OUT}/tfjs-backend-wasm-threaded-simd.js`]:
        "export default () => { throw new Error('no threaded wasm'); };",
      [`${WASM_OUT}/tfjs-backend-wasm-threaded-simd.worker.js`]:
        "export const wasmWorkerContents = '';",
    }),
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
    oncePerPage({ name: '__peekApi', urlName: BUNDLE_URL, key: 'peek-gpt' }),
    // tfjs's licence headers alone are ~0.6 MB, so none are kept here;
    // THIRD_PARTY_LICENSES.txt carries them instead.
    terser({ module: true, format: { comments: false } }),
    thirdPartyLicenses('THIRD_PARTY_LICENSES.txt'),
    copyModel('model/default'),
    copyWasm('wasm', { threaded: false }),
    reportSize(BUNDLE_BUDGET_KB),
  ],
};

export default [library, bundle];
