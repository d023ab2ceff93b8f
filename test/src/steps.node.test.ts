/**
 * Work run in one go or in pieces (src/steps.ts), and the pause that
 * cuts it into tasks (taskSlicer, src/next-task.ts).
 */
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {taskSlicer} from '../../src/next-task.js';
import {runNow, runSliced, type Steps} from '../../src/steps.js';

/** Three steps that log what they do, then return 'done'. */
function* logged(log: string[]): Steps<string> {
  try {
    for (let i = 0; i < 3; i++) {
      log.push(`step ${i}`);
      yield;
    }
    return 'done';
  } finally {
    log.push('finally');
  }
}

/** Whether awaiting `p` let a macrotask (setImmediate) run first. */
async function yieldedToMacrotask(p: () => Promise<void>): Promise<boolean> {
  let ran = false;
  setImmediate(() => (ran = true));
  await p();
  return ran;
}

describe('runNow()', () => {
  it('runs every step and returns the result', () => {
    const log: string[] = [];
    assert.equal(runNow(logged(log)), 'done');
    assert.deepEqual(log, ['step 0', 'step 1', 'step 2', 'finally']);
  });
});

describe('runSliced()', () => {
  it('awaits the pause after each step and returns the result', async () => {
    const log: string[] = [];
    const pause = async () => void log.push('pause');
    assert.equal(await runSliced(logged(log), pause), 'done');
    assert.deepEqual(log, [
      'step 0', 'pause', 'step 1', 'pause', 'step 2', 'pause', 'finally',
    ]);
  });

  it('closes the steps when the pause throws, and throws on', async () => {
    const log: string[] = [];
    let calls = 0;
    const pause = async () => {
      if (++calls === 2) throw new Error('backend changed');
    };
    await assert.rejects(runSliced(logged(log), pause), /backend changed/);
    // Stopped after the second step; its finally block ran.
    assert.deepEqual(log, ['step 0', 'step 1', 'finally']);
  });

  it('passes on an error thrown by a step', async () => {
    function* failing(): Steps<number> {
      yield;
      throw new Error('bad weights');
    }
    await assert.rejects(
      runSliced(failing(), async () => undefined),
      /bad weights/
    );
  });
});

describe('taskSlicer()', () => {
  it('goes straight on while the budget lasts', async () => {
    const pause = taskSlicer(60_000);
    for (let i = 0; i < 3; i++) {
      assert.equal(await yieldedToMacrotask(pause), false);
    }
  });

  it('yields once the budget is spent, then starts anew', async () => {
    // A generous budget: a busy machine may stall between two lines.
    const pause = taskSlicer(150);
    const start = performance.now();
    while (performance.now() - start < 160) {
      // Busy: the work of a piece.
    }
    assert.equal(await yieldedToMacrotask(pause), true);
    assert.equal(await yieldedToMacrotask(pause), false);
  });

  it('with a budget of 0, yields every time', async () => {
    const pause = taskSlicer(0);
    assert.equal(await yieldedToMacrotask(pause), true);
    assert.equal(await yieldedToMacrotask(pause), true);
  });
});
