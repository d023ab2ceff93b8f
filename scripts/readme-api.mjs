#!/usr/bin/env node
// Writes the README's API section from custom-elements.json (itself made
// from the elements' class JSDoc by `npm run manifest`), between the
// `<!-- api:start` and `<!-- api:end -->` markers, so the README says what
// the code says.
//
//   npm run manifest && node scripts/readme-api.mjs [--check]
//
// --check exits 1 if the README is out of date, without writing it.
import { readFileSync, writeFileSync } from 'node:fs';

const ORDER = ['peek-sampler', 'peek-attention', 'peek-ffn', 'peek-embedding'];
const START = /<!-- api:start[^\n]*-->\n/;
const END = '<!-- api:end -->';

const cem = JSON.parse(readFileSync('custom-elements.json', 'utf8'));
const elements = cem.modules
  .flatMap((m) => m.declarations ?? [])
  .filter((d) => d.customElement && d.tagName)
  .sort((a, b) => ORDER.indexOf(a.tagName) - ORDER.indexOf(b.tagName));

/** One line for a table cell. */
const cell = (text = '') =>
  text.replace(/\s*\n\s*/g, ' ').replaceAll('|', '\\|').trim();

function table(head, rows) {
  if (rows.length === 0) return [];
  return [
    `| ${head.join(' | ')} |`,
    `|${head.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`),
    '',
  ];
}

const isPublic = (m) =>
  !m.static &&
  (m.privacy ?? 'public') === 'public' &&
  !m.name.startsWith('_') &&
  m.description;

/**
 * `@cssprop --a / --b / --c - Text` documents several properties at once;
 * the analyzer keeps the first name and the rest in the description.
 */
function cssPropertyRow(p) {
  const shared = (p.description ?? '').match(
    /^\/\s*((?:--[\w-]+\s*\/?\s*)+)-\s+(.*)$/s,
  );
  if (!shared) return [`\`${p.name}\``, p.description];
  const names = [p.name, ...shared[1].match(/--[\w-]+/g)];
  return [names.map((n) => `\`${n}\``).join(', '), shared[2]];
}

function section(el) {
  const attrs = el.attributes ?? [];
  const fields = new Set(attrs.map((a) => a.fieldName));
  const members = (el.members ?? []).filter(isPublic);
  const props = members.filter(
    (m) => m.kind === 'field' && !fields.has(m.name),
  );
  const methods = members.filter((m) => m.kind === 'method');
  const summary = (el.description ?? '').split(/\n\s*\n/)[0];
  const signature = (m) =>
    `\`${m.name}(${(m.parameters ?? []).map((p) => p.name).join(', ')})\``;
  return [
    `### \`<${el.tagName}>\``,
    '',
    cell(summary),
    '',
    ...table(
      ['attribute', 'property', 'description'],
      attrs.map((a) => [
        `\`${a.name}\``,
        a.fieldName ? `\`${a.fieldName}\`` : '',
        a.description,
      ]),
    ),
    ...table(
      ['property', 'type', 'description'],
      props.map((p) => [
        `\`${p.name}\``,
        p.type ? `\`${p.type.text}\`` : '',
        p.description,
      ]),
    ),
    ...table(
      ['method', 'description'],
      methods.map((m) => [signature(m), m.description]),
    ),
    ...table(
      ['event', 'description'],
      (el.events ?? [])
        .filter((e) => e.name)
        .map((e) => [`\`${e.name}\``, e.description]),
    ),
    ...table(
      ['CSS custom property', 'description'],
      (el.cssProperties ?? []).map(cssPropertyRow),
    ),
    ...table(
      ['part', 'description'],
      (el.cssParts ?? []).map((p) => [`\`${p.name}\``, p.description]),
    ),
  ].join('\n');
}

const readme = readFileSync('README.md', 'utf8');
const start = readme.match(START);
const end = readme.indexOf(END);
if (!start || end < 0) {
  console.error('README.md has no api:start / api:end markers.');
  process.exit(1);
}
const before = readme.slice(0, start.index + start[0].length);
const api = elements.map(section).join('\n');
const next = `${before}\n${api}\n${readme.slice(end)}`;
if (process.argv.includes('--check')) {
  if (next !== readme) {
    console.error('README.md API is out of date: run npm run docs:api');
    process.exit(1);
  }
} else {
  writeFileSync('README.md', next);
  console.log(`README.md: API of ${elements.length} elements`);
}
