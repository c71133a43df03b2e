/**
 * Data revisions as a user makes them: `revision({ data: true })` from the template, a revision that
 * opts out of the transaction, CREATE INDEX CONCURRENTLY on PostgreSQL, what `--sql` can and cannot
 * print, and the downgrade stub that refuses unless `--data-downgrade=skip` is given.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { Connection } from '../../src/db/types';
import { downgrade, revision, upgrade } from '../../src';
import { describeDialects, withDb } from '../helpers/databases';
import { TestProject } from '../helpers/project';

async function createUsers(url: string): Promise<void> {
  await withDb(url, async (conn) => {
    await conn.execute('CREATE TABLE users (id INTEGER NOT NULL PRIMARY KEY, email VARCHAR(80) NULL, plan VARCHAR(20) NULL)');
    await conn.execute("INSERT INTO users (id, email, plan) VALUES (1, 'a@x', NULL), (2, 'b@x', 'pro'), (3, NULL, NULL)");
  });
}

/** Writes a data revision with the template, then replaces the upgrade stub's body. */
async function dataRevision(project: TestProject, url: string, upgradeBody: string): Promise<string> {
  const written = await revision({ cwd: project.dir, url, data: true, message: 'default plan' });
  const text = readFileSync(written.path, 'utf8');
  const stub = /throw new Error\('Data revision \w+ has no upgrade yet[^\n]*\n/;
  expect(text).toMatch(stub);
  writeFileSync(written.path, text.replace(stub, `${upgradeBody}\n`));
  return written.revision;
}

describeDialects('data revisions', (dialect, db) => {
  let project: TestProject;
  beforeEach(() => {
    project = new TestProject(db().url);
  });
  afterEach(() => project.remove());

  it('are written from the data template, run, and show as (data) in history', async () => {
    await createUsers(db().url);
    const rev = await dataRevision(project, db().url, "  await op.backfill({ table: 'users', set: { plan: 'free' }, where: 'plan IS NULL' });");
    const text = readFileSync(`${project.versionsDir}/${project.revisionFiles()[0]}`, 'utf8');
    expect(text).toContain("export const kind = 'data';");
    expect(text).toContain('export const transactional = false;');

    await upgrade('head', { cwd: project.dir, url: db().url });

    await withDb(db().url, async (conn) => {
      expect(await conn.query('SELECT id, plan FROM users ORDER BY id')).toEqual([
        { id: 1, plan: 'free' }, { id: 2, plan: 'pro' }, { id: 3, plan: 'free' },
      ]);
    });
    const cli = project.ok(['history']);
    expect(cli.stdout).toMatch(new RegExp(`${rev}.*\\(data\\)|\\(data\\).*${rev}`));
  });

  it('refuse to downgrade past the stub, unless --data-downgrade=skip', async () => {
    await createUsers(db().url);
    const rev = await dataRevision(project, db().url, "  await op.backfill({ table: 'users', set: { plan: 'free' }, where: 'plan IS NULL' });");
    project.ok(['upgrade', 'head']);

    const refused = project.run(['downgrade', 'base']);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain(`Data revision ${rev} has no downgrade: write one in its file, or pass --data-downgrade=skip`);
    expect(project.ok(['current']).stdout).toContain(rev);

    await expect(downgrade('base', { cwd: project.dir, url: db().url })).rejects.toThrow(/has no downgrade/);
    const skipped = project.run(['downgrade', 'base', '--data-downgrade=skip']);
    expect(skipped.code).toBe(0);
    expect(`${skipped.stdout}${skipped.stderr}`).toContain(`Skipping the downgrade of ${rev}`);
    await withDb(db().url, async (conn) => {
      expect(await conn.query('SELECT version_num FROM pmig_version')).toEqual([]);
      // Skipping changes no rows.
      expect(await conn.query("SELECT COUNT(*) AS c FROM users WHERE plan = 'free'")).toEqual([{ c: 2 }]);
    });
  });

  it('that opt out of the transaction keep what ran before a failure, and say so', async () => {
    await createUsers(db().url);
    project.writeRevision({
      id: 'a1000000001', message: 'half a data change', extra: 'export const transactional = false;',
      upgrade: `await op.execute("UPDATE users SET plan = 'trial' WHERE plan IS NULL");
        await op.execute('UPDATE no_such_table SET x = 1');`,
    });

    await expect(upgrade('head', { cwd: project.dir, url: db().url })).rejects.toThrow(
      /(This revision ran outside a transaction|MySQL commits DDL implicitly), so each statement of a1000000001 stays applied as it completes; it stopped after statement 1: UPDATE users/,
    );
    await withDb(db().url, async (conn) => {
      expect(await conn.query("SELECT COUNT(*) AS c FROM users WHERE plan = 'trial'")).toEqual([{ c: 2 }]);
      expect(await conn.query('SELECT version_num FROM pmig_version')).toEqual([]);
    });
  });

  it('render their static SQL with --sql, and name the revision that needs a live connection', async () => {
    project.writeRevision({
      id: 'b1000000001', message: 'static data change', extra: "export const kind = 'data';\nexport const transactional = false;",
      upgrade: "await op.execute(op.sql`UPDATE users SET plan = ${'free'} WHERE plan IS NULL`);",
    });
    const lines: string[] = [];
    await upgrade('head', { cwd: project.dir, url: db().url, sql: true, write: (l) => lines.push(l) });
    expect(lines).toContain("UPDATE users SET plan = 'free' WHERE plan IS NULL;");
    // Outside a transaction in the script too.
    expect(lines).not.toContain('BEGIN;');

    project.writeRevision({
      id: 'b1000000002', down: 'b1000000001', message: 'batched', extra: 'export const transactional = false;',
      upgrade: "await op.backfill({ table: 'users', set: { plan: 'free' } });",
    });
    await expect(upgrade('head', { cwd: project.dir, url: db().url, sql: true, write: () => undefined })).rejects.toThrow(
      /Revision b1000000002 backfills "users" in batches chosen from the live data \(op\.backfill\), so it needs a live connection/,
    );
  });
});

describeDialects('concurrent index creation', (_dialect, db) => {
  let project: TestProject;
  beforeEach(() => {
    project = new TestProject(db().url);
  });
  afterEach(() => project.remove());

  const indexValid = (conn: Connection) =>
    conn.query<{ indisvalid: boolean }>(
      "SELECT i.indisvalid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relname = 'users_email_idx'",
    );

  it('runs in a revision outside a transaction, and its drop too', async () => {
    await createUsers(db().url);
    project.writeRevision({
      id: 'c1000000001', message: 'index email', extra: 'export const transactional = false;',
      upgrade: "await op.createIndex('users_email_idx', 'users', ['email'], { concurrently: true });",
      downgrade: "await op.dropIndex('users_email_idx', { concurrently: true });",
    });

    await upgrade('head', { cwd: project.dir, url: db().url });
    expect(await withDb(db().url, indexValid)).toEqual([{ indisvalid: true }]);

    await downgrade('base', { cwd: project.dir, url: db().url });
    expect(await withDb(db().url, indexValid)).toEqual([]);
  });

  it('is refused inside a transactional revision, with the fix', async () => {
    await createUsers(db().url);
    project.writeRevision({
      id: 'c1000000002', message: 'index email in a transaction',
      upgrade: "await op.createIndex('users_email_idx', 'users', ['email'], { concurrently: true });",
    });

    await expect(upgrade('head', { cwd: project.dir, url: db().url })).rejects.toThrow(
      /createIndex\('users_email_idx', \{ concurrently: true \}\) cannot run inside the revision's transaction\. Add `export const transactional = false;`/,
    );
    expect(await withDb(db().url, indexValid)).toEqual([]);
  });

  it('adds an enum value usable in the same revision only outside a transaction', async () => {
    await withDb(db().url, async (conn) => {
      await conn.execute("CREATE TYPE mood AS ENUM ('ok')");
      await conn.execute("CREATE TABLE feelings (id INTEGER PRIMARY KEY, m mood NOT NULL DEFAULT 'ok')");
      await conn.execute('INSERT INTO feelings (id) VALUES (1)');
    });
    const body = "await op.addEnumValue('mood', 'happy'); await op.execute(\"UPDATE feelings SET m = 'happy'\");";
    project.writeRevision({ id: 'c1000000003', message: 'in a transaction', upgrade: body });
    await expect(upgrade('head', { cwd: project.dir, url: db().url })).rejects.toThrow(/unsafe use of new value "happy" of enum type mood/);

    // Same change in a fresh project, in a revision that opts out of the transaction.
    project.remove();
    project = new TestProject(db().url);
    project.writeRevision({ id: 'c1000000004', message: 'outside', extra: 'export const transactional = false;', upgrade: body });
    await upgrade('head', { cwd: project.dir, url: db().url });
    expect(await withDb(db().url, (conn) => conn.query('SELECT m FROM feelings'))).toEqual([{ m: 'happy' }]);
  });
}, ['postgresql']);
