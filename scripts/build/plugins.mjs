// Small rollup plugins for Peek's build (rollup.config.mjs). Assets are
// emitted through rollup, so they land under each build's output folder.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import MagicString from 'magic-string';
import { packageOf, licenceNotice } from './licences.mjs';

const MODEL_DIR = 'model/default';
const WASM_DIR = 'node_modules/@tensorflow/tfjs-backend-wasm/dist';

/**
 * Reads the model's manifest and weights as one consistent pair. A
 * training run may replace both while we read (each by an atomic rename),
 * so read the manifest on both sides of the weights and retry on change,
 * or when the weights are not the ones the manifest's SHA-256 names.
 */
function readModel() {
  for (let attempt = 0; attempt < 10; attempt++) {
    const before = readFileSync(join(MODEL_DIR, 'manifest.json'));
    const weights = readFileSync(join(MODEL_DIR, 'weights.bin'));
    const after = readFileSync(join(MODEL_DIR, 'manifest.json'));
    if (!before.equals(after)) continue;
    const manifest = JSON.parse(before.toString('utf8'));
    if (manifest.weightsBytes !== weights.length) continue;
    const digest = createHash('sha256').update(weights).digest('hex');
    if (manifest.weightsSha256 && manifest.weightsSha256 !== digest) continue;
    return { manifest: before, weights, weightsName: manifest.weights };
  }
  throw new Error(`${MODEL_DIR} kept changing while it was read`);
}

/**
 * Emits the default model (manifest and weights only: the checkpoints
 * and training log are not needed to run it) into `folder`.
 */
export function copyModel(folder) {
  return {
    name: 'peek-copy-model',
    generateBundle() {
      let model;
      try {
        model = readModel();
      } catch (e) {
        this.error(`cannot ship the model: ${e.message}`);
      }
      const emit = (name, source) =>
        this.emitFile({ type: 'asset', fileName: `${folder}/${name}`, source });
      emit('manifest.json', model.manifest);
      emit(model.weightsName, model.weights);
    },
  };
}

/**
 * Emits tfjs's .wasm binaries (plain, SIMD and, unless `threaded` is
 * false, the threaded SIMD build) into folder.
 */
export function copyWasm(folder, { threaded = true } = {}) {
  return {
    name: 'peek-copy-wasm',
    generateBundle() {
      const names = existsSync(WASM_DIR)
        ? readdirSync(WASM_DIR).filter(
            (n) => n.endsWith('.wasm') && (threaded || !n.includes('threaded')),
          )
        : [];
      if (names.length === 0) this.error(`no .wasm files in ${WASM_DIR}/`);
      for (const name of names) {
        this.emitFile({
          type: 'asset',
          fileName: `${folder}/${name}`,
          source: readFileSync(join(WASM_DIR, name)),
        });
      }
    },
  };
}

/** Deletes a build's old outputs first, so nothing stale ships. */
export function clean(paths) {
  return {
    name: 'peek-clean',
    buildStart() {
      for (const path of paths) rmSync(path, { recursive: true, force: true });
    },
  };
}

/** Resolves the named packages to an empty module. */
export function withoutPackages(names) {
  const prefix = '\0peek-empty:';
  return {
    name: 'peek-without-packages',
    resolveId: (id) => (names.includes(id) ? prefix + id : null),
    load: (id) => (id.startsWith(prefix) ? 'export {};' : null),
  };
}

/**
 * Turns rollup's IIFE output (`var ${name} = (function (exports) {...})`)
 * into an ES module that runs its body only once per page: a second copy
 * (two script tags, or a CDN copy and a local one) re-exports the first
 * copy's API and warns once, instead of registering tfjs's kernels again
 * (hundreds of warnings) and racing the first for the tags.
 * `import.meta.url` is captured outside the IIFE as `urlName`.
 *
 * Outside a browser (a server-side import in Node) the body does not run
 * at all: the browser builds of lit and tfjs inside it need a real DOM.
 * The module then starts nothing and its exports are undefined.
 */
export function oncePerPage({ name, urlName, key }) {
  return {
    name: 'peek-once-per-page',
    renderChunk(code, chunk) {
      const names = chunk.exports.filter((e) => e !== 'default');
      const out = new MagicString(code);
      out.prepend(
        `const ${urlName} = import.meta.url;\n` +
          `const __peekKey = Symbol.for(${JSON.stringify(key)});\n` +
          'const __peekInBrowser = typeof document !== "undefined" &&\n' +
          '  typeof HTMLElement !== "undefined";\n' +
          'if (__peekInBrowser && globalThis[__peekKey]) console.warn(' +
          '`Peek is loaded twice on this page (again from ${' +
          urlName +
          '}); the copy loaded first is used. Load Peek once.`);\n' +
          'const __peekRun = () => {\n',
      );
      out.append(
        `\nreturn ${name};\n};\n` +
          'const __peekExports = __peekInBrowser\n' +
          '  ? (globalThis[__peekKey] ??= __peekRun())\n' +
          '  : {};\n' +
          `export const { ${names.join(', ')} } = __peekExports;\n`,
      );
      return { code: out.toString(), map: out.generateMap({ hires: true }) };
    },
  };
}

/** Replaces modules whose path ends with a key by that key's code. */
export function stubModules(stubs) {
  return {
    name: 'peek-stub-modules',
    load(id) {
      const path = id.replaceAll('\\', '/');
      const key = Object.keys(stubs).find((k) => path.endsWith(k));
      return key ? stubs[key] : null;
    },
  };
}

/**
 * Emits `fileName` with the licence of every package that has code in
 * the bundle, found from the modules rollup actually included.
 */
export function thirdPartyLicenses(fileName) {
  return {
    name: 'peek-third-party-licenses',
    generateBundle(_options, bundle) {
      const packages = new Map();
      for (const chunk of Object.values(bundle)) {
        if (chunk.type !== 'chunk') continue;
        for (const [id, info] of Object.entries(chunk.modules)) {
          if (info.renderedLength === 0) continue;
          const pkg = packageOf(id);
          if (!pkg) continue;
          if (!packages.has(pkg.dir)) packages.set(pkg.dir, pkg);
          // Packages without a licence file state it in a file's header.
          packages.get(pkg.dir).files.push(pkg.file);
        }
      }
      const list = [...packages.values()].sort((a, b) =>
        a.name.localeCompare(b.name),
      );
      this.emitFile({
        type: 'asset',
        fileName,
        source: licenceNotice(list),
      });
    },
  };
}

/** Prints each chunk's size and gzipped size; warns over budgetKb. */
export function reportSize(budgetKb) {
  return {
    name: 'peek-report-size',
    writeBundle(options, bundle) {
      const out = options.dir ?? dirname(options.file);
      const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
      for (const chunk of Object.values(bundle)) {
        if (chunk.type !== 'chunk') continue;
        const raw = Buffer.byteLength(chunk.code);
        const gz = gzipSync(chunk.code, { level: 9 }).length;
        console.log(
          `${out}/${chunk.fileName}: ${kb(raw)}, ${kb(gz)} gzipped ` +
            `(budget ${budgetKb} KB)`,
        );
        if (gz > budgetKb * 1024) {
          this.warn(`${chunk.fileName} is over its ${budgetKb} KB budget`);
        }
      }
    },
  };
}
