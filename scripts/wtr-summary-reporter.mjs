// A web-test-runner reporter whose final output line is exactly
// `N passed, N failed, N skipped`, the form CI and scripts/test.mjs read.
//
// web-test-runner's terminal flushes buffered output and blank lines after
// the reporters have stopped, so the line is written on process exit, when
// nothing else can follow it. Writes to a pipe, file or TTY are synchronous
// on Linux, so it is not lost.
//
// If PEEK_WTR_SUMMARY names a file, the counts are also written there as
// JSON, for scripts/test.mjs.
import { writeFileSync } from 'node:fs';

/** Counts the tests of one suite tree. */
function countSuite(suite, counts) {
  for (const test of suite.tests ?? []) {
    if (test.skipped) counts.skipped += 1;
    else if (test.passed) counts.passed += 1;
    else counts.failed += 1;
  }
  for (const child of suite.suites ?? []) countSuite(child, counts);
}

/**
 * Sums test results over all sessions. A session that failed without a
 * failing test (a file that did not load, a browser crash, a timeout) counts
 * as one failure, so it cannot be hidden by a zero.
 */
export function countSessions(sessions) {
  const total = { passed: 0, failed: 0, skipped: 0 };
  for (const session of sessions) {
    const counts = { passed: 0, failed: 0, skipped: 0 };
    if (session.testResults) countSuite(session.testResults, counts);
    if (!session.passed && counts.failed === 0) counts.failed = 1;
    total.passed += counts.passed;
    total.failed += counts.failed;
    total.skipped += counts.skipped;
  }
  return total;
}

export function formatCounts({ passed, failed, skipped }) {
  return `${passed} passed, ${failed} failed, ${skipped} skipped`;
}

/** @returns {import('@web/test-runner').Reporter} */
export function summaryReporter() {
  return {
    stop({ sessions }) {
      const counts = countSessions(sessions);
      const line = formatCounts(counts);
      const file = process.env.PEEK_WTR_SUMMARY;
      if (file) writeFileSync(file, JSON.stringify(counts));
      process.once('exit', () => process.stdout.write(`${line}\n`));
    },
  };
}
