/**
 * Helpers for tests that drive Peek's command-line tools as a user would:
 * through scripts/run-ts.mjs, in a child process. Training needs tfjs's
 * gradients, which cannot load under the test runner's ESM loader, so the
 * trainer is only ever tested this way.
 */
import {spawnSync} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';

/** The repository root. */
export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** What a tool printed and how it ended. */
export interface ToolRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs scripts/<tool>.ts with args and waits for it. */
export function runTool(tool: 'train' | 'eval', args: string[]): ToolRun {
  const r = spawnSync(
    process.execPath,
    ['scripts/run-ts.mjs', `scripts/${tool}.ts`, ...args],
    {cwd: ROOT, encoding: 'utf8', timeout: 120_000}
  );
  return {status: r.status, stdout: r.stdout, stderr: r.stderr};
}

/** Like {@link runTool}, but fails with the tool's stderr if it failed. */
export function runToolOk(tool: 'train' | 'eval', args: string[]): ToolRun {
  const r = runTool(tool, args);
  if (r.status !== 0) {
    throw new Error(`${tool} exited with ${r.status}:\n${r.stderr}`);
  }
  return r;
}

/** A fresh scratch folder and a function that removes it. */
export function scratchDir(): {dir: string; remove: () => void} {
  const dir = mkdtempSync(join(tmpdir(), 'peek-test-'));
  return {dir, remove: () => rmSync(dir, {recursive: true, force: true})};
}

/**
 * A corpus a tiny model learns in a few dozen steps: a handful of short
 * lines repeated in a fixed order. Written to dir/name; returns the path.
 */
export function writePatternCorpus(
  dir: string,
  chars = 6000,
  name = 'pattern.txt'
): string {
  const lines = [
    'the cat sat on the mat.\n',
    'a dog ran to the log.\n',
    'to be or not to be.\n',
  ];
  let text = '';
  for (let i = 0; text.length < chars; i++) text += lines[i % lines.length];
  const path = join(dir, name);
  writeFileSync(path, text.slice(0, chars));
  return path;
}

/** The JSON object on the last non-empty line of a tool's stdout. */
export function lastJsonLine(stdout: string): Record<string, unknown> {
  const lines = stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]);
}

/** One parsed entry per line of a train-log.jsonl. */
export function readTrainLog(dir: string): Record<string, unknown>[] {
  return readFileSync(join(dir, 'train-log.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));
}
