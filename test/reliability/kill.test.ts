/**
 * The fast representative of the kill tests (kill.slow.test.ts has the many kill points): the real
 * CLI is SIGKILLed inside revision 3 of a chain of 5, after its INSERT. PostgreSQL and SQLite keep
 * revisions 1 and 2 (each committed on its own) and nothing of 3; MySQL/MariaDB keep 3's first two
 * statements, and its statement journal says so: `current --verbose` reports "interrupted after
 * statement 2 of 3", and the next `upgrade head` resumes from statement 3 and finishes the chain.
 */
import { describeDialects, withDb } from '../helpers/databases';
import { TestProject } from '../helpers/project';
import {
  appliedCount, chainTables, expectedTables, journalRows, revId, startCli, versionHeads, waitUntil,
} from './kill-chain';
import { writeChain } from './kill-chain';
import { tally } from './tally';

const COUNT = 5;

describeDialects('SIGKILL inside a revision', (dialect, db) => {
  it('loses at most the revision in progress, says where it stopped, and the next run finishes', async () => {
    const project = new TestProject(db().url);
    try {
      writeChain(project, dialect, COUNT, { holdAt: 3 });
      await withDb(db().url, async (conn) => {
        await conn.execute('CREATE TABLE control (k VARCHAR(10) NOT NULL PRIMARY KEY)');
        await conn.execute("INSERT INTO control (k) VALUES ('hold')");
      });
      const run = startCli(project, ['upgrade', 'head']);
      // Revision 3 holds after its INSERT: on MySQL its journal shows 2 statements done; elsewhere
      // its transaction is open (invisible to others) once revision 2 is recorded.
      const reached = await waitUntil(
        () => withDb(db().url, async (conn) => {
          if (dialect === 'mysql') return (await journalRows(conn)).some((r) => r.revision === revId(3) && r.done === 2);
          return (await versionHeads(conn)).includes(revId(2));
        }),
        run,
      );
      if (!reached) throw new Error(`the run ended before revision 3 held: ${(await run.exited).stderr}`);
      if (dialect !== 'mysql') await new Promise((r) => setTimeout(r, 400));
      run.child.kill('SIGKILL');
      expect((await run.exited).signal).toBe('SIGKILL');
      tally.fault();

      await withDb(db().url, async (conn) => {
        const heads = await versionHeads(conn);
        expect(heads).toEqual([revId(2)]);
        const journal = await journalRows(conn);
        const tables = await chainTables(conn, dialect);
        if (dialect === 'mysql') {
          expect(journal).toEqual([{ revision: revId(3), done: 2, started: 2 }]);
          expect(tables).toEqual(expectedTables(2, 2));
        } else {
          expect(journal).toEqual([]);
          expect(tables).toEqual(expectedTables(2));
        }
        tally.rows([...tables.values()].reduce((n, t) => n + t.rows, 0));
      });

      // `current` never runs a revision's reads on the live database: with the hold row still in
      // place it answers at once (revision 3 reads, so its statement count is not known).
      const asked = Date.now();
      const current = project.run(['current', '--verbose']);
      expect(current.code).toBe(0);
      expect(Date.now() - asked).toBeLessThan(60_000);
      await withDb(db().url, (conn) => conn.execute('DELETE FROM control'));
      if (dialect === 'mysql') {
        expect(current.stdout).toContain(`revision ${revId(3)} was interrupted after statement 2: INSERT INTO \`t_3\``);
      } else {
        expect(current.stdout).not.toContain('interrupted');
      }

      const rerun = project.run(['upgrade', 'head']);
      expect(rerun.code).toBe(0);
      if (dialect === 'mysql') expect(rerun.stderr).toContain('resuming from statement 3');
      await withDb(db().url, async (conn) => {
        expect(await versionHeads(conn)).toEqual([revId(COUNT)]);
        expect(await journalRows(conn)).toEqual([]);
        expect(await chainTables(conn, dialect)).toEqual(expectedTables(COUNT));
        expect(appliedCount(await versionHeads(conn))).toBe(COUNT);
      });
      tally.revisions(COUNT);
    } finally {
      project.remove();
    }
  }, 60_000);
});
