/**
 * op.backfill through `upgrade()` on each database: batches by a composite primary key, a filter
 * with NULLs, values and SQL expressions with bound parameters, progress cleared at the end, and the
 * refusal to run inside a transactional revision.
 */
import type { Connection } from '../../src/db/types';
import { upgrade } from '../../src';
import { describeDialects, withDb } from '../helpers/databases';
import { TestProject } from '../helpers/project';

const NON_TRANSACTIONAL = 'export const transactional = false;';

/** 3 tenants x 20 ids; status is NULL for every third id, 'retry' for every fifth, else 'ok'. */
async function createEvents(conn: Connection): Promise<void> {
  await conn.execute(
    'CREATE TABLE events (tenant INTEGER NOT NULL, id INTEGER NOT NULL, status VARCHAR(20) NULL, ' +
      'n INTEGER NOT NULL DEFAULT 0, label VARCHAR(40) NULL, PRIMARY KEY (tenant, id))',
  );
  const values: string[] = [];
  for (let tenant = 1; tenant <= 3; tenant++) {
    for (let id = 1; id <= 20; id++) {
      const status = id % 3 === 0 ? 'NULL' : id % 5 === 0 ? "'retry'" : "'ok'";
      values.push(`(${tenant}, ${id}, ${status})`);
    }
  }
  await conn.execute(`INSERT INTO events (tenant, id, status) VALUES ${values.join(', ')}`);
}

interface EventRow { tenant: number; id: number; status: string | null; n: number; label: string | null }

async function events(conn: Connection): Promise<EventRow[]> {
  const rows = await conn.query<EventRow>('SELECT tenant, id, status, n, label FROM events ORDER BY tenant, id');
  return rows.map((r) => ({ ...r, tenant: Number(r.tenant), id: Number(r.id), n: Number(r.n) }));
}

describeDialects('op.backfill', (dialect, db) => {
  let project: TestProject;
  beforeEach(() => {
    project = new TestProject(db().url);
  });
  afterEach(() => project.remove());

  it('updates exactly the rows matching a filter with NULLs, in batches over a composite key', async () => {
    await withDb(db().url, createEvents);
    project.writeRevision({
      id: 'd1000000001', message: 'label unknown statuses', extra: NON_TRANSACTIONAL,
      upgrade: `await op.backfill({
        table: 'events',
        set: { label: 'unknown', n: op.raw('n + 1') },
        where: 'status IS NULL',
        batchSize: 7,
      });`,
    });

    const result = await upgrade('head', { cwd: project.dir, url: db().url });

    expect(result.headsAfter).toEqual(['d1000000001']);
    await withDb(db().url, async (conn) => {
      const rows = await events(conn);
      const expected = rows.map((r) => (r.status === null ? { ...r, n: 1, label: 'unknown' } : { ...r, n: 0, label: null }));
      expect(rows).toEqual(expected);
      // 3 tenants x 6 ids with a NULL status (3, 6, ..., 18), across batches that span tenants.
      expect(rows.filter((r) => r.label === 'unknown')).toHaveLength(18);
      // The revision is recorded, so its progress is gone.
      expect(await conn.query('SELECT * FROM pmig_version_backfill')).toEqual([]);
    });
  });

  it('binds values of op.sql filters and op.raw expressions as parameters', async () => {
    await withDb(db().url, createEvents);
    project.writeRevision({
      id: 'd1000000002', message: 'parameters', extra: NON_TRANSACTIONAL,
      upgrade: `const marker = "it's retried";
      await op.backfill({
        table: 'events',
        set: { label: op.raw(op.sql\`COALESCE(label, \${marker})\`), n: op.raw(op.sql\`n + \${2}\`) },
        where: op.sql\`status = \${'retry'} AND tenant <> \${3}\`,
        batchSize: 2,
      });`,
    });

    await upgrade('head', { cwd: project.dir, url: db().url });

    await withDb(db().url, async (conn) => {
      const changed = (await events(conn)).filter((r) => r.n !== 0);
      // ids 5, 10 and 20 (15 has a NULL status) of tenants 1 and 2.
      expect(changed.map((r) => [r.tenant, r.id, r.n, r.label])).toEqual([
        [1, 5, 2, "it's retried"], [1, 10, 2, "it's retried"], [1, 20, 2, "it's retried"],
        [2, 5, 2, "it's retried"], [2, 10, 2, "it's retried"], [2, 20, 2, "it's retried"],
      ]);
    });
  });

  it('refuses to run inside a transactional revision and says how to fix it', async () => {
    await withDb(db().url, createEvents);
    project.writeRevision({
      id: 'd1000000003', message: 'forgot the flag',
      upgrade: "await op.backfill({ table: 'events', set: { n: op.raw('n + 1') } });",
    });

    await expect(upgrade('head', { cwd: project.dir, url: db().url })).rejects.toThrow(
      /op\.backfill\('events'\) cannot run inside the revision's transaction\. Add `export const transactional = false;`/,
    );
    await withDb(db().url, async (conn) => {
      expect((await events(conn)).every((r) => r.n === 0)).toBe(true);
    });
  });

  it('says when the table has no key to page by', async () => {
    if (dialect === 'sqlite') return; // SQLite pages by rowid.
    await withDb(db().url, (conn) => conn.execute('CREATE TABLE loose (a INTEGER NULL, b INTEGER NULL)'));
    project.writeRevision({
      id: 'd1000000004', message: 'no key', extra: NON_TRANSACTIONAL,
      upgrade: "await op.backfill({ table: 'loose', set: { b: 1 } });",
    });
    await expect(upgrade('head', { cwd: project.dir, url: db().url })).rejects.toThrow(/"loose" has no primary key to page by; pass `key: \[\.\.\.\]`/);
  });
});
