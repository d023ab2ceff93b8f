import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {fileURLToPath} from 'node:url';

const PROBE = fileURLToPath(new URL('./probe.mjs', import.meta.url));

/** What probe.mjs prints. */
export interface ProbeReport {
  mode: 'bare' | 'fake-dom' | 'no-registry';
  errors: string[];
  fetches: string[];
  exports: Record<string, number>;
  defined: Record<string, string | null>;
  rendered: Record<string, string>;
  tfjs: {backend: string | null; started: string[]; pendingInit: boolean} |
    null;
  handles: string[];
}

/**
 * Runs probe.mjs in a Node process of its own (so globals and module
 * caches start clean), under tsx when importing sources. The process
 * must end by itself: a timer or socket left open fails here.
 */
export function probe(
  mode: ProbeReport['mode'],
  entries: string[],
  {tsx = false} = {}
): ProbeReport {
  const r = spawnSync(
    process.execPath,
    [...(tsx ? ['--import', 'tsx'] : []), PROBE, mode, ...entries],
    {encoding: 'utf8', timeout: 120_000}
  );
  assert.equal(
    r.status,
    0,
    `the import did not finish by itself (${r.signal ?? r.status}): ` +
      `something kept Node running\n${r.stderr}`
  );
  const line = r.stdout.trim().split('\n').at(-1) ?? '';
  return JSON.parse(line) as ProbeReport;
}

/** Nothing thrown, fetched, started or left running. */
export function assertQuiet(r: ProbeReport): void {
  assert.deepEqual(r.errors, [], 'no error');
  assert.deepEqual(r.fetches, [], 'no fetch');
  if (r.tfjs) {
    assert.equal(r.tfjs.backend, null, 'no tfjs backend chosen');
    assert.deepEqual(r.tfjs.started, [], 'no tfjs backend started');
    assert.equal(r.tfjs.pendingInit, false, 'no backend starting');
  }
  assert.deepEqual(r.handles, [], 'no timer, socket or file left open');
}
