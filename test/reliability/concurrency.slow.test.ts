/**
 * Concurrency and interruption on each of the three databases, with real `pmig` processes
 * (issue 9, faults 9 and 11; `npm run test:reliability` only):
 * - 8 concurrent `pmig upgrade head` apply each revision exactly once, and all 8 exit 0;
 * - killing the lock holder (SIGKILL) while 7 wait: the others take over and finish, and the
 *   database ends as after one clean run;
 * - `--lock-timeout` while another run holds the lock: after 2 s a line names the holder, on
 *   timeout a message names the lock and the holder, and nothing was applied by the waiting run;
 *   a signal ends the wait at once;
 * - SIGINT and SIGTERM mid-chain stop after the revision in progress (exit 130 / 143, the
 *   database at the revision named); a second SIGINT stops at once and says what that leaves.
 * After every fault the version table and the `runs` table (one row per applied revision) agree,
 * and a rerun ends exactly where a clean run does.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DialectName } from '../../src/db/types';
import { describeDialects, withDb } from '../helpers/databases';
import { TestProject } from '../helpers/project';
import { CliProcess, occurrences } from './cli-process';
import { chainId, downgradeLackingFunction, expectedRows, runRows, upgradeCounts, versionRows, writeRunChain } from './run-chain';
import { tally } from './tally';

/** A failure among many concurrent runs shows its stack. */
const DEBUG = { PMIG_DEBUG: '1' };

/** How each database lets a waiting run name the lock's holder. */
const HOLDER: Record<DialectName, RegExp> = {
  postgresql: /held by backend pid \d+ \(application 'pmig', user \w+, from [^,]+, connected since \d{4}-\d\d-\d\dT[^,]+, now [a-z ]+\)/,
  mysql: /held by connection \d+ \(user \w+ from [^,]+, (idle|running \(\w+\)) for \d+ s\)/,
  sqlite: /held by another process \(SQLite cannot tell which\)/,
};

/** The database ends as one clean run of `count` revisions leaves it: each revision applied and logged once. */
async function expectCleanChain(url: string, count: number): Promise<void> {
  await withDb(url, async (conn) => {
    expect(await versionRows(conn)).toEqual([chainId(count)]);
    const rows = await runRows(conn);
    if (JSON.stringify(rows) !== JSON.stringify(expectedRows(count))) tally.lostOrExposed(`runs table after concurrent runs: ${rows.join(', ')}`);
    expect(rows).toEqual(expectedRows(count));
    const counts = await upgradeCounts(conn);
    expect([...counts.values()].every((n) => n === 1) && counts.size === count).toBe(true);
    tally.rows(rows.length);
  });
}

describeDialects('concurrent runs', (dialect, db) => {
  it('8 concurrent upgrade head: each revision applied exactly once, all 8 exit 0', async () => {
    const project = new TestProject(db().url);
    try {
      writeRunChain(project, dialect, 10, 300);
      const runs = Array.from({ length: 8 }, () => new CliProcess(project, ['upgrade', 'head'], DEBUG));
      tally.fault(7);
      const ended = await Promise.all(runs.map((r) => r.ended));
      expect(ended.filter((e) => e.code !== 0)).toEqual([]);
      const stderr = ended.map((e) => e.stderr).join('\n');
      for (let i = 2; i <= 10; i++) expect(occurrences(stderr, `Running upgrade ${chainId(i - 1)} -> ${chainId(i)},`)).toBe(1);
      expect(occurrences(stderr, 'Nothing to do')).toBe(7);
      // The chain takes about 3 s: runs that waited 2 s said for whom.
      expect(stderr).toMatch(new RegExp(`waiting for the migration lock ${HOLDER[dialect].source}`));
      await expectCleanChain(db().url, 10);
      tally.revisions(10);
    } finally {
      project.remove();
    }
  });

  it('killing the lock holder while 7 wait: the others take over and finish', async () => {
    const project = new TestProject(db().url);
    try {
      writeRunChain(project, dialect, 8, 400);
      const runs = Array.from({ length: 8 }, () => new CliProcess(project, ['upgrade', 'head'], DEBUG));
      const marker = `Running upgrade ${chainId(3)} -> ${chainId(4)},`;
      await Promise.any(runs.map((r) => r.waitFor(marker)));
      const holder = runs.find((r) => r.stderr.includes(marker))!;
      holder.kill('SIGKILL');
      tally.fault(8);
      const killed = await holder.ended;
      expect(killed.signal).toBe('SIGKILL');
      const others = await Promise.all(runs.filter((r) => r !== holder).map((r) => r.ended));
      expect(others.filter((e) => e.code !== 0)).toEqual([]);
      // Exactly one of the waiting runs went on from where the killed one stopped.
      const stderr = others.map((e) => e.stderr).join('\n');
      expect(occurrences(stderr, `Running upgrade ${chainId(7)} -> ${chainId(8)},`)).toBe(1);
      await expectCleanChain(db().url, 8);
      tally.revisions(8);
    } finally {
      project.remove();
    }
  });

  it('--lock-timeout while another run holds the lock: the holder named, nothing applied', async () => {
    const project = new TestProject(db().url);
    try {
      // The holder stays inside revision 2 until the test lets it go.
      const release = join(project.dir, 'release-the-lock');
      writeRunChain(project, dialect, 4, 0, release);
      const holder = new CliProcess(project, ['upgrade', 'head']);
      await holder.waitFor(`Running upgrade ${chainId(1)} -> ${chainId(2)},`);

      const quick = await new CliProcess(project, ['upgrade', 'head', '--lock-timeout', '1']).ended;
      tally.fault();
      expect(quick.code).toBe(1);
      expect(quick.stderr).toMatch(new RegExp(`Gave up after 1 s waiting for the migration lock \\(.+\\) on .+, ${HOLDER[dialect].source}`));
      expect(quick.stderr).toContain('Nothing was run');
      expect(quick.stderr).not.toContain('Running upgrade');

      const patient = await new CliProcess(project, ['upgrade', 'head', '--lock-timeout', '3']).ended;
      tally.fault();
      expect(patient.code).toBe(1);
      expect(patient.stderr).toMatch(new RegExp(`^waiting for the migration lock ${HOLDER[dialect].source} \\(giving up after 3 s\\)$`, 'm'));
      expect(patient.stderr).toContain('Gave up after 3 s');
      expect(patient.stderr).not.toContain('Running upgrade');

      // A signal ends the wait at once, with nothing run.
      const waiting = new CliProcess(project, ['stamp', 'head']);
      await waiting.waitFor('waiting for the migration lock');
      waiting.kill('SIGINT');
      tally.fault();
      const stopped = await waiting.ended;
      expect(stopped.code).toBe(130);
      expect(stopped.stderr).toContain('stopped while waiting for the migration lock: nothing was run.');

      writeFileSync(release, '');
      expect((await holder.ended).code).toBe(0);
      await expectCleanChain(db().url, 4);
      tally.revisions(4);
    } finally {
      project.remove();
    }
  });

  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
    it(`${signal} mid-chain stops after the revision in progress (exit ${code})`, async () => {
      const project = new TestProject(db().url);
      try {
        writeRunChain(project, dialect, 6, 600);
        const run = new CliProcess(project, ['upgrade', 'head']);
        await run.waitFor(`Running upgrade ${chainId(2)} -> ${chainId(3)},`);
        run.kill(signal);
        tally.fault();
        const ended = await run.ended;
        expect(ended.code).toBe(code);
        expect(ended.stderr).toContain(`Received ${signal}: pmig stops after the revision in progress`);
        expect(ended.stderr).toContain(`stopped: the database is at ${chainId(3)}; run \`pmig upgrade head\` to continue (3 of 6 revisions ran).`);
        await withDb(db().url, async (conn) => {
          expect(await versionRows(conn)).toEqual([chainId(3)]);
          expect(await runRows(conn)).toEqual(expectedRows(3));
        });
        tally.revisions(3);
        // The lock was released and the connection closed: the next run continues at once.
        const rerun = project.run(['upgrade', 'head', '--lock-timeout', '0']);
        expect(rerun.code).toBe(0);
        expect(rerun.stderr).toContain(`Running upgrade ${chainId(3)} -> ${chainId(4)},`);
        await expectCleanChain(db().url, 6);
        tally.revisions(3);
      } finally {
        project.remove();
      }
    });
  }

  it('a second SIGINT stops at once and says what that leaves', async () => {
    const project = new TestProject(db().url);
    try {
      writeRunChain(project, dialect, 5, 8000);
      const run = new CliProcess(project, ['upgrade', 'head']);
      await run.waitFor(`Running upgrade ${chainId(2)} -> ${chainId(3)},`);
      run.kill('SIGINT');
      await run.waitFor('Received SIGINT');
      const second = Date.now();
      run.kill('SIGINT');
      tally.fault(2);
      const ended = await run.ended;
      expect(ended.code).toBe(130);
      // At once: not after the 8 s the revision in progress still had to go.
      expect(Date.now() - second).toBeLessThan(4000);
      expect(ended.stderr).toContain(`Stopped at once (SIGINT). The upgrade of ${chainId(3)} was in progress`);
      const transactional = dialect !== 'mysql';
      let c3Applied = false;
      await withDb(db().url, async (conn) => {
        expect(await versionRows(conn)).toEqual([chainId(2)]);
        const rows = await runRows(conn);
        c3Applied = rows.includes(chainId(3));
        expect(rows).toEqual(c3Applied ? expectedRows(3) : expectedRows(2));
      });
      if (transactional) {
        expect(ended.stderr).toContain('its transaction dies with the connection, so the database rolls it back');
        // Rolled back: c3's row is not there.
        expect(c3Applied).toBe(false);
      } else {
        expect(ended.stderr).toContain('interrupted part-way: what it completed stays applied');
        // MySQL: the statement journal says how far c3 got, and agrees with the table.
        const current = project.run(['current', '--verbose']);
        expect(current.stdout + current.stderr).toMatch(new RegExp(`revision ${chainId(3)} was interrupted after statement ${c3Applied ? 1 : 0} of 1`));
      }
      const rerun = project.run(['upgrade', 'head']);
      expect(rerun.code).toBe(0);
      await expectCleanChain(db().url, 5);
      tally.revisions(5);
    } finally {
      project.remove();
    }
  });
});

// concurrency.test.ts runs this on SQLite in `npm test`.
describeDialects('every revision of a downgrade plan is loaded before the first runs', (_dialect, db) => {
  it('a downgrade whose 2nd revision has no downgrade(): nothing reverted, the file named', () => downgradeLackingFunction(db().url));
}, ['postgresql', 'mysql']);
