#!/usr/bin/env node
// `npm test`: the Node tests, then the browser tests, then one closing line
// `N passed, N failed, N skipped` summed over both. Exits non-zero if any
// test failed, if a runner failed, or if no test ran at all.
//
//   test/**/*.node.test.ts     node --import tsx --test
//   test/**/*.browser.test.ts  web-test-runner (web-test-runner.config.mjs)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatCounts } from './wtr-summary-reporter.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'peek-test-'));

/** Files under dir whose names end with suffix (Node 20 has no fs.glob). */
function findFiles(dir, suffix) {
  const found = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory() && entry.name !== 'node_modules') {
      found.push(...findFiles(path, suffix));
    } else if (entry.isFile() && entry.name.endsWith(suffix)) {
      found.push(relative(root, path));
    }
  }
  return found.sort();
}

const plural = (n, word) => `${n} ${word}${n === 1 ? '' : 's'}`;

function run(command, args, env = {}) {
  const result = spawnSync(command, args, {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, ...env },
  });
  if (result.error) console.error(result.error);
  return result.status ?? 1;
}

/** Reads node's TAP summary: `# pass N`, `# fail N`, ... */
function readTapSummary(tap) {
  const field = (name) => {
    const match = tap.match(new RegExp(`^# ${name} (\\d+)$`, 'm'));
    return match ? Number(match[1]) : 0;
  };
  return {
    passed: field('pass'),
    // A cancelled test (a timeout, a file that threw) did not pass.
    failed: field('fail') + field('cancelled'),
    skipped: field('skipped') + field('todo'),
  };
}

function runNodeTests() {
  const files = findFiles(join(root, 'test'), '.node.test.ts');
  if (files.length === 0) return { passed: 0, failed: 0, skipped: 0 };
  console.log(`\n# Node tests: ${plural(files.length, 'file')}\n`);
  const tapFile = join(scratch, 'node.tap');
  const status = run(process.execPath, [
    '--import',
    'tsx',
    '--test',
    '--test-reporter=spec',
    '--test-reporter-destination=stdout',
    '--test-reporter=tap',
    `--test-reporter-destination=${tapFile}`,
    ...files,
  ]);
  let counts = { passed: 0, failed: 0, skipped: 0 };
  try {
    counts = readTapSummary(readFileSync(tapFile, 'utf8'));
  } catch {
    // No TAP output: the runner itself failed; counted below.
  }
  if (status !== 0 && counts.failed === 0) counts.failed = 1;
  return counts;
}

function runBrowserTests() {
  const files = findFiles(join(root, 'test'), '.browser.test.ts');
  if (files.length === 0) return { passed: 0, failed: 0, skipped: 0 };
  console.log(`\n# Browser tests: ${plural(files.length, 'file')}\n`);
  const summaryFile = join(scratch, 'wtr.json');
  const wtr = join(root, 'node_modules/@web/test-runner/dist/bin.js');
  const status = run(
    process.execPath,
    [wtr, '--config', 'web-test-runner.config.mjs'],
    { PEEK_WTR_SUMMARY: summaryFile },
  );
  let counts = { passed: 0, failed: 0, skipped: 0 };
  try {
    counts = JSON.parse(readFileSync(summaryFile, 'utf8'));
  } catch {
    // No summary: web-test-runner stopped before reporting; counted below.
  }
  if (status !== 0 && counts.failed === 0) counts.failed = 1;
  return counts;
}

const node = runNodeTests();
const browser = runBrowserTests();
rmSync(scratch, { recursive: true, force: true });

const total = {
  passed: node.passed + browser.passed,
  failed: node.failed + browser.failed,
  skipped: node.skipped + browser.skipped,
};
const ran = total.passed + total.failed;
const brief = (c) => `${c.passed}/${c.failed}/${c.skipped}`;
console.log(
  `\n# Total, passed/failed/skipped: ` +
    `node ${brief(node)}, browser ${brief(browser)}`,
);
if (ran === 0) console.log('# No test ran.');
console.log(formatCounts(total));
process.exitCode = total.failed > 0 || ran === 0 ? 1 : 0;
