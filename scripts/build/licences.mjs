// Builds dist/THIRD_PARTY_LICENSES.txt: the bundle is minified with its
// comments dropped (tfjs's licence headers alone are ~0.6 MB), so the
// notices of the packages inside it ship in this one file instead.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const MARK = 'node_modules/';

/** The package a bundled module came from, or undefined for our own. */
export function packageOf(moduleId) {
  const id = moduleId.replace(/^\0/, '').split('?')[0].replaceAll('\\', '/');
  const at = id.lastIndexOf(MARK);
  if (at < 0) return undefined;
  const rest = id.slice(at + MARK.length).split('/');
  const name = rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  const dir = id.slice(0, at + MARK.length) + name;
  const json = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  return {
    dir,
    name: json.name ?? name,
    version: json.version ?? '',
    license: json.license ?? 'see below',
    file: id,
    files: [],
  };
}

function licenceFile(dir) {
  const name = readdirSync(dir).find((n) => /^(licen[cs]e|copying)/i.test(n));
  return name ? readFileSync(join(dir, name), 'utf8').trim() : undefined;
}

/** The first comment in a source file that states a licence. */
function headerNotice(file) {
  if (!existsSync(file)) return undefined;
  const source = readFileSync(file, 'utf8');
  for (const [comment] of source.matchAll(/\/\*[\s\S]*?\*\//g)) {
    if (!/licen[cs]e|copyright/i.test(comment)) continue;
    return comment
      .split('\n')
      .map((line) => line.replace(/^\s*\/?\*+\/?\s?/, '').trimEnd())
      .filter((line) => !/^[=\-\s]*$/.test(line) || line === '')
      .join('\n')
      .replace(/@license\s*/, '')
      .trim();
  }
  return undefined;
}

/** The Apache-2.0 text, which packages that only have headers point to. */
function apacheText() {
  const candidates = [
    '/usr/share/common-licenses/Apache-2.0',
    'node_modules/long/LICENSE',
  ];
  const found = candidates.find((f) => existsSync(f));
  return found
    ? readFileSync(found, 'utf8').trim()
    : 'See https://www.apache.org/licenses/LICENSE-2.0';
}

const RULE = '-'.repeat(78);

/** The whole notices file for the given packages. */
export function licenceNotice(packages) {
  const parts = [
    'Third-party software in peek.min.js',
    '',
    'peek.min.js bundles the packages below (minified, comments removed).',
    'Their licences follow. The .wasm files in wasm/ are built by',
    '@tensorflow/tfjs-backend-wasm (Apache-2.0), which links XNNPACK',
    '(BSD-3-Clause) and the Emscripten runtime (MIT).',
    '',
    ...packages.map((p) => `  ${p.name}@${p.version} (${p.license})`),
  ];
  let needsApache = false;
  for (const p of packages) {
    const text =
      licenceFile(p.dir) ??
      p.files.map(headerNotice).find((notice) => notice !== undefined);
    if (!licenceFile(p.dir) && /apache/i.test(p.license)) needsApache = true;
    parts.push('', RULE, `${p.name}@${p.version}  (${p.license})`, RULE, '');
    parts.push(text ?? `Licensed under ${p.license}; see the package.`);
  }
  if (needsApache) {
    parts.push('', RULE, 'Apache License 2.0 (full text)', RULE, '');
    parts.push(apacheText());
  }
  return parts.join('\n') + '\n';
}
