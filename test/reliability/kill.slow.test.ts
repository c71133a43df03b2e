/**
 * Faults in the middle of a run, on each database, through the real CLI:
 * - SIGKILL at 20 points of a 40-revision chain (kill points spread by waiting for a random number
 *   of further revisions, then a random delay, so they land between and inside revisions). Each
 *   killed run resumes where the previous one stopped; after every kill the version table, the
 *   statement journal (MySQL) and the tables agree, and `current` reports an interrupted revision
 *   exactly. At the end the database equals one a clean run produced.
 * - SIGKILL at 20 points of a batched backfill: after each kill the rows updated are exactly those
 *   the progress table records; after the last run every row was updated exactly once.
 * - The connection cut under the run (pg_terminate_backend on PostgreSQL, KILL on MariaDB): the
 *   message says which revision was rolled back or interrupted and how to continue, and the next
 *   run does.
 */
import type { Connection, DialectName } from '../../src/db/types';
import { createTestDatabase, describeDialects, withDb, type TestDatabase } from '../helpers/databases';
import { TestProject } from '../helpers/project';
import {
  appliedCount, chainTables, expectedTables, journalRows, revId, sleep, startCli, statementsOf, versionHeads, waitUntil, writeChain,
  type TableState,
} from './kill-chain';
import { tally } from './tally';

const CHAIN = 40;
const KILLS = 20;
const PAUSE_MS = 25;

function random(n: number): number {
  return Math.floor(Math.random() * n);
}

async function upgradesLogged(conn: Connection): Promise<number> {
  const [{ n }] = await conn.query<{ n: number | string }>("SELECT COUNT(*) AS n FROM pmig_version_log WHERE direction = 'upgrade'");
  return Number(n);
}

function sameTables(actual: Map<number, TableState>, expected: Map<number, TableState>): boolean {
  return JSON.stringify([...actual].sort((a, b) => a[0] - b[0])) === JSON.stringify([...expected].sort((a, b) => a[0] - b[0]));
}

/** Checks one killed state; returns the number of rows it checked. */
async function checkAfterKill(dialect: DialectName, db: TestDatabase, project: TestProject): Promise<{ applied: number; rows: number }> {
  return withDb(db.url, async (conn) => {
    // MariaDB finishes a statement (and its journal record) after its client was killed: read the
    // state once the killed run's server thread has ended, or the journal moves under the checks.
    if (dialect === 'mysql') {
      for (let waited = 0; waited < 20_000; waited += 50) {
        const [{ n }] = await conn.query<{ n: number }>('SELECT COUNT(*) AS n FROM information_schema.PROCESSLIST WHERE DB = DATABASE() AND ID <> CONNECTION_ID()');
        if (!Number(n)) break;
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    const heads = await versionHeads(conn);
    expect(heads.length).toBeLessThanOrEqual(1);
    const applied = appliedCount(heads);
    const journal = await journalRows(conn);
    const tables = await chainTables(conn, dialect);
    const rows = [...tables.values()].reduce((n, t) => n + t.rows, 0);
    if (dialect !== 'mysql') {
      expect(journal).toEqual([]);
      if (!sameTables(tables, expectedTables(applied))) tally.lostOrExposed(`${dialect}: tables disagree with version ${heads[0] ?? 'base'}`);
      expect(tables).toEqual(expectedTables(applied));
      return { applied, rows };
    }
    expect(journal.length).toBeLessThanOrEqual(1);
    const record = journal[0];
    if (!record) {
      expect(tables).toEqual(expectedTables(applied));
      return { applied, rows };
    }
    expect(record.revision).toBe(revId(applied + 1));
    // A statement sent as the client died either completed with its record or not at all (MariaDB
    // runs statement and record as one compound statement); allow the uncertain state, never a third.
    const candidates = record.started > record.done ? [record.done, record.started] : [record.done];
    const matches = candidates.some((d) => sameTables(tables, expectedTables(applied, d)));
    if (!matches) tally.lostOrExposed(`mysql: tables disagree with the journal of ${record.revision} (done ${record.done})`);
    expect(matches).toBe(true);
    const current = project.run(['current', '--verbose']);
    expect(current.stdout).toContain(`revision ${record.revision} was interrupted after statement ${record.done} of ${statementsOf(applied + 1)}`);
    return { applied, rows };
  });
}

describeDialects('SIGKILL during a chain of revisions', (dialect, db) => {
  it(`keeps the version table and the schema in agreement at ${KILLS} kill points, and finishes as a clean run`, async () => {
    // The reference: the same chain applied without interruption.
    const reference = await createTestDatabase(dialect);
    const refProject = new TestProject(reference.url);
    const extra: TestDatabase[] = [];
    const projects: TestProject[] = [refProject];
    try {
      writeChain(refProject, dialect, CHAIN);
      refProject.ok(['upgrade', 'head']);
      const clean = await withDb(reference.url, async (conn) => ({ tables: await chainTables(conn, dialect), heads: await versionHeads(conn) }));
      expect(clean.tables).toEqual(expectedTables(CHAIN));

      let kills = 0;
      let target = db();
      while (kills < KILLS) {
        const project = new TestProject(target.url);
        projects.push(project);
        writeChain(project, dialect, CHAIN, { pauseMs: PAUSE_MS });
        for (;;) {
          const logged = await withDb(target.url, (conn) => upgradesLogged(conn).catch(() => 0));
          if (logged >= CHAIN) break;
          const run = startCli(project, ['upgrade', 'head']);
          // Wait for one to three more revisions, then up to one revision's time more.
          const goal = logged + 1 + random(3);
          await waitUntil(() => withDb(target.url, async (conn) => (await upgradesLogged(conn)) >= goal), run);
          await sleep(random(3 * PAUSE_MS));
          const killed = run.child.kill('SIGKILL');
          const end = await run.exited;
          if (end.signal !== 'SIGKILL' || !killed) {
            expect(end.code).toBe(0); // it finished before the kill
            continue;
          }
          kills += 1;
          tally.fault();
          const { rows } = await checkAfterKill(dialect, target, project);
          tally.rows(rows);
          if (kills >= KILLS) break;
        }
        // The run after the last kill finishes the chain; the result equals the clean run's.
        const last = project.run(['upgrade', 'head']);
        expect(last.code).toBe(0);
        await withDb(target.url, async (conn) => {
          const tables = await chainTables(conn, dialect);
          if (!sameTables(tables, clean.tables)) tally.lostOrExposed(`${dialect}: final state differs from a clean run`);
          expect(tables).toEqual(clean.tables);
          expect(await versionHeads(conn)).toEqual(clean.heads);
          expect(await journalRows(conn)).toEqual([]);
          tally.rows([...tables.values()].reduce((n, t) => n + t.rows, 0));
        });
        tally.revisions(CHAIN);
        if (kills < KILLS) {
          target = await createTestDatabase(dialect);
          extra.push(target);
        }
      }
    } finally {
      for (const p of projects) p.remove();
      await reference.drop();
      for (const d of extra) await d.drop();
    }
  }, 600_000);
});

const ROWS = 2000;
const BATCH = 5;

describeDialects('SIGKILL during a batched backfill', (dialect, db) => {
  it(`updates every row exactly once across ${KILLS} kills`, async () => {
    const project = new TestProject(db().url);
    try {
      await withDb(db().url, async (conn) => {
        await conn.execute('CREATE TABLE items (id INTEGER NOT NULL PRIMARY KEY, n INTEGER NOT NULL)');
        const values = Array.from({ length: ROWS }, (_, i) => `(${i + 1}, 0)`);
        await conn.execute(`INSERT INTO items (id, n) VALUES ${values.join(', ')}`);
      });
      project.writeRevision({
        id: 'b1000000001', message: 'count once', extra: 'export const transactional = false;',
        upgrade: `await op.backfill({ table: 'items', set: { n: op.raw('n + 1') }, batchSize: ${BATCH}, pauseMs: 10 });`,
      });
      const progress = (conn: Connection) =>
        conn.query<{ rows_done: number | string }>('SELECT rows_done FROM pmig_version_backfill').then((r) => (r.length ? Number(r[0].rows_done) : 0));
      const counts = async (conn: Connection) =>
        new Map((await conn.query<{ n: number; c: number | string }>('SELECT n, COUNT(*) AS c FROM items GROUP BY n')).map((r) => [Number(r.n), Number(r.c)]));

      let kills = 0;
      let finished = false;
      while (kills < KILLS && !finished) {
        const before = await withDb(db().url, (conn) => progress(conn).catch(() => 0));
        const run = startCli(project, ['upgrade', 'head']);
        const goal = before + BATCH * (1 + random(3));
        await waitUntil(() => withDb(db().url, async (conn) => (await progress(conn)) >= goal), run);
        await sleep(random(20));
        run.child.kill('SIGKILL');
        const end = await run.exited;
        if (end.signal !== 'SIGKILL') {
          if (end.code !== 0) throw new Error(`the run failed: ${end.stderr}`);
          finished = true;
          break;
        }
        kills += 1;
        tally.fault();
        await withDb(db().url, async (conn) => {
          // Once the revision is recorded, its progress row is gone and every row is done.
          const recorded = (await versionHeads(conn)).includes('b1000000001');
          const done = recorded ? ROWS : await progress(conn).catch(() => 0);
          const now = await counts(conn);
          // What the progress table says is exactly what was committed: no row lost, none done twice.
          const expected = new Map([[0, ROWS - done], [1, done]].filter(([, c]) => c > 0) as [number, number][]);
          if (JSON.stringify([...now].sort()) !== JSON.stringify([...expected].sort())) {
            tally.lostOrExposed(`${dialect}: backfill rows disagree with its progress (${done} recorded)`);
          }
          expect(now).toEqual(expected);
          tally.rows(ROWS);
        });
      }
      expect(kills).toBe(KILLS);
      const last = project.run(['upgrade', 'head']);
      expect(last.code).toBe(0);
      await withDb(db().url, async (conn) => {
        expect(await counts(conn)).toEqual(new Map([[1, ROWS]]));
        expect(await versionHeads(conn)).toEqual(['b1000000001']);
        expect(await conn.query('SELECT * FROM pmig_version_backfill')).toEqual([]);
        tally.rows(ROWS);
      });
      tally.revisions(1);
    } finally {
      project.remove();
    }
  }, 600_000);
});

/** Sleeps in SQL while the `control` table has a row: the run is held there until the test cuts it off. */
const HOLD: Partial<Record<DialectName, string>> = {
  postgresql: 'SELECT pg_sleep(CASE WHEN EXISTS (SELECT 1 FROM control) THEN 120 ELSE 0 END)',
  mysql: 'SELECT SLEEP(IF((SELECT COUNT(*) FROM control) > 0, 120, 0))',
};

/** The server connection of the pmig run that is held, and the statement that cuts it off. */
const CUT: Partial<Record<DialectName, (conn: Connection) => Promise<boolean>>> = {
  postgresql: async (conn) => {
    const rows = await conn.query<{ pid: number }>("SELECT pid FROM pg_stat_activity WHERE query LIKE '%pg_sleep(CASE%' AND pid <> pg_backend_pid()");
    for (const { pid } of rows) await conn.query('SELECT pg_terminate_backend($1)', [pid]);
    return rows.length > 0;
  },
  mysql: async (conn) => {
    const rows = await conn.query<{ id: number }>("SELECT ID AS id FROM information_schema.PROCESSLIST WHERE INFO LIKE '%SLEEP(IF(%' AND ID <> CONNECTION_ID()");
    for (const { id } of rows) await conn.execute(`KILL ${Number(id)}`);
    return rows.length > 0;
  },
};

describeDialects('the connection cut under a run', (dialect, db) => {
  it('says which revision was rolled back or interrupted and how to continue, and the next run does', async () => {
    const project = new TestProject(db().url);
    const R = (i: number) => `c${String(i).padStart(11, '0')}`;
    const table = (name: string) => `await op.createTable('${name}', [{ name: 'id', type: 'Int', primaryKey: true, nullable: false }]);`;
    try {
      await withDb(db().url, async (conn) => {
        await conn.execute('CREATE TABLE control (k INTEGER NOT NULL PRIMARY KEY)');
        await conn.execute('INSERT INTO control (k) VALUES (1)');
      });
      project.writeRevision({ id: R(1), message: 'one', upgrade: table('c1') });
      project.writeRevision({ id: R(2), down: R(1), message: 'two', upgrade: `${table('c2')}\n  await op.execute(${JSON.stringify(HOLD[dialect])});\n  ${table('c2b')}` });
      project.writeRevision({ id: R(3), down: R(2), message: 'three', upgrade: table('c3') });

      const run = startCli(project, ['upgrade', 'head']);
      const cut = await waitUntil(() => withDb(db().url, (conn) => CUT[dialect]!(conn)), run);
      if (!cut) throw new Error(`the run ended before it could be cut off: ${(await run.exited).stderr}`);
      const end = await run.exited;
      tally.fault();
      expect(end.code).toBe(1);
      expect(end.stderr).toMatch(/Upgrade c0+2 failed: the connection to \S+ was lost \(/);
      expect(end.stderr).not.toMatch(/not queryable|ECONNRESET|\n\s+at /);
      if (dialect === 'postgresql') {
        expect(end.stderr).toContain(`${R(2)} was rolled back: its transaction ended with the connection`);
        expect(end.stderr).toContain('`pmig upgrade head`');
      } else {
        expect(end.stderr).toContain(`it stopped after statement 1: CREATE TABLE \`c2\``);
        expect(end.stderr).toContain('Statement 2 was running when the connection was lost');
        expect(end.stderr).toContain(`resumes ${R(2)} from statement 2`);
      }

      await withDb(db().url, (conn) => conn.execute('DELETE FROM control'));
      const current = project.run(['current']);
      expect(current.stdout.split('\n')[0]).toBe(R(1));
      if (dialect === 'mysql') expect(current.stdout).toContain(`revision ${R(2)} was interrupted after statement 1 of 3`);

      const again = project.run(['upgrade', 'head']);
      expect(again.code).toBe(0);
      await withDb(db().url, async (conn) => {
        expect(await versionHeads(conn)).toEqual([R(3)]);
        expect(await journalRows(conn)).toEqual([]);
      });
      tally.revisions(3);
    } finally {
      project.remove();
    }
  }, 120_000);
}, ['postgresql', 'mysql']);
