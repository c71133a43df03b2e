/**
 * A backfill killed (SIGKILL) between batches, then run again with the real CLI: the second run
 * resumes after the last committed batch, and every row ends up updated exactly once
 * (`n = n + 1` ends at 1 everywhere). Needs `npm run build` (the CLI runs from dist/).
 */
import { spawn } from 'node:child_process';
import type { Connection } from '../../src/db/types';
import { describeDialects, withDb } from '../helpers/databases';
import { BIN, TestProject } from '../helpers/project';

const ROWS = 60;

/** rows_done of the backfill in progress, or undefined while its progress table does not exist. */
async function rowsDone(url: string): Promise<number | undefined> {
  try {
    return await withDb(url, async (conn) => {
      const rows = await conn.query<{ rows_done: number }>('SELECT rows_done FROM pmig_version_backfill');
      return rows.length ? Number(rows[0].rows_done) : undefined;
    });
  } catch {
    return undefined;
  }
}

async function counts(conn: Connection): Promise<Map<number, number>> {
  const rows = await conn.query<{ n: number; c: number }>('SELECT n, COUNT(*) AS c FROM items GROUP BY n');
  return new Map(rows.map((r) => [Number(r.n), Number(r.c)]));
}

describeDialects('interrupted backfill', (_dialect, db) => {
  it('resumes after the last committed batch and updates every row exactly once', async () => {
    const project = new TestProject(db().url);
    try {
      await withDb(db().url, async (conn) => {
        await conn.execute('CREATE TABLE items (id INTEGER NOT NULL PRIMARY KEY, n INTEGER NOT NULL)');
        const values = Array.from({ length: ROWS }, (_, i) => `(${i + 1}, 0)`);
        await conn.execute(`INSERT INTO items (id, n) VALUES ${values.join(', ')}`);
      });
      project.writeRevision({
        id: 'e1000000001', message: 'count once', extra: 'export const transactional = false;',
        upgrade: "await op.backfill({ table: 'items', set: { n: op.raw('n + 1') }, batchSize: 5, pauseMs: 150 });",
      });

      const child = spawn(process.execPath, [BIN, 'upgrade', 'head'], { cwd: project.dir, env: project.env(), stdio: 'ignore' });
      const exited = new Promise<NodeJS.Signals | null>((done) => child.on('exit', (_code, signal) => done(signal)));
      const deadline = Date.now() + 30_000;
      while (((await rowsDone(db().url)) ?? 0) < 15 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 30));
      child.kill('SIGKILL');
      expect(await exited).toBe('SIGKILL');

      await withDb(db().url, async (conn) => {
        const done = (await rowsDone(db().url))!;
        expect(done).toBeGreaterThanOrEqual(15);
        expect(done).toBeLessThan(ROWS);
        // What the progress table says is exactly what was committed.
        expect(await counts(conn)).toEqual(new Map([[0, ROWS - done], [1, done]]));
        const versions = await conn.query('SELECT version_num FROM pmig_version');
        expect(versions).toEqual([]);
      });

      const second = project.run(['upgrade', 'head']);
      expect(second.code).toBe(0);
      expect(second.stderr).toMatch(/Backfill items \(e1000000001\): started, resuming after \d+ rows/);

      await withDb(db().url, async (conn) => {
        expect(await counts(conn)).toEqual(new Map([[1, ROWS]]));
        expect(await conn.query('SELECT version_num FROM pmig_version')).toEqual([{ version_num: 'e1000000001' }]);
        expect(await conn.query('SELECT * FROM pmig_version_backfill')).toEqual([]);
      });
    } finally {
      project.remove();
    }
  }, 60_000);
});
