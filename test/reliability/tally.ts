/**
 * The reliability suite's counters: each test says what it did (faults injected, revisions applied,
 * rows checked, inputs tried) and anything lost or exposed. Jest runs test files in several worker
 * processes, so counts are appended as JSON lines to one file that the tally reporter adds up and
 * prints as the run's last line. Outside the reliability run (plain `npm test`) counting is a no-op.
 */
import { appendFileSync } from 'node:fs';

export type Counter = 'faults' | 'revisions' | 'rows' | 'inputs' | 'lostOrExposed';

function add(counter: Counter, n: number, detail?: string): void {
  const file = process.env.PMIG_TALLY_FILE;
  if (!file || !n) return;
  appendFileSync(file, `${JSON.stringify({ counter, n, detail })}\n`);
}

export const tally = {
  /** A fault was injected: a kill, a cut connection, a signal, a concurrent run. */
  fault: (n = 1) => add('faults', n),
  /** Revisions applied (or rolled back and re-applied) under test. */
  revisions: (n: number) => add('revisions', n),
  /** Rows whose content the test checked after a fault. */
  rows: (n: number) => add('rows', n),
  /** Bad inputs fed to pmig. */
  inputs: (n = 1) => add('inputs', n),
  /** Something lost or exposed; a test that calls this must also fail. */
  lostOrExposed: (detail: string) => add('lostOrExposed', 1, detail),
};
