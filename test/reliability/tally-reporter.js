/**
 * Prints the reliability suite's one summary line from the counts tests appended to
 * PMIG_TALLY_FILE (see tally.ts): faults injected, revisions applied, rows checked, inputs tried,
 * and lost or exposed.
 */
const { existsSync, readFileSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

class TallyReporter {
  constructor() {
    this.file = join(tmpdir(), `pmig-tally-${process.pid}.jsonl`);
    rmSync(this.file, { force: true });
    // Jest's workers inherit the environment of this process.
    process.env.PMIG_TALLY_FILE = this.file;
  }

  onRunComplete(_contexts, results) {
    const sums = { faults: 0, revisions: 0, rows: 0, inputs: 0, lostOrExposed: 0 };
    const details = [];
    if (existsSync(this.file)) {
      for (const line of readFileSync(this.file, 'utf8').split('\n')) {
        if (!line) continue;
        const { counter, n, detail } = JSON.parse(line);
        sums[counter] += n;
        if (detail) details.push(detail);
      }
      rmSync(this.file, { force: true });
    }
    for (const d of details) process.stdout.write(`LOST OR EXPOSED: ${d}\n`);
    const failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
    process.stdout.write(
      `\nreliability: faults injected ${sums.faults}, revisions applied ${sums.revisions}, rows checked ${sums.rows}, ` +
        `inputs tried ${sums.inputs}, tests failed ${failed}, lost or exposed: ${sums.lostOrExposed}\n`,
    );
  }
}
module.exports = TallyReporter;
