/**
 * Archived drops: autogenerate renders `{ archive }` on drops, the upgrade copies the data aside, and
 * `downgrade -1` brings every value back, for a dropped column and a dropped table holding rows.
 */
import { readFileSync } from 'node:fs';
import { autogenerate, downgrade, upgrade } from '../../src';
import { describeDialects } from '../helpers/databases';
import { TestProject } from '../helpers/project';
import { q, rows, sql, writeSchema } from './helpers';

const BEFORE = `
model User {
  id    Int     @id
  email String  @db.VarChar(100)
  bio   String? @db.VarChar(200)
  nick  String  @db.VarChar(50)
  @@map("users")
}

model Post {
  id    Int    @id @default(autoincrement())
  title String @db.VarChar(100)
  @@map("posts")
}
`;

const AFTER = `
model User {
  id    Int    @id
  email String @db.VarChar(100)
  @@map("users")
}
`;

describeDialects('archived drops', (dialect, db) => {
  let project: TestProject;
  beforeEach(() => {
    project = new TestProject(db().url);
  });
  afterEach(() => project.remove());

  it('drop a column and a table holding rows; downgrade puts every value back', async () => {
    const options = { cwd: project.dir, url: db().url };
    writeSchema(project.dir, dialect, BEFORE);
    await autogenerate({ ...options, message: 'initial' });
    await upgrade('head', options);
    await sql(db().url, [
      `INSERT INTO users (id, email, bio, nick) VALUES (1, 'a@x', 'likes tea', 'al'), (2, 'b@x', NULL, 'bo'), (3, 'c@x', 'writes', 'cy')`,
      `INSERT INTO posts (id, title) VALUES (10, 'first'), (11, 'second')`,
    ]);

    writeSchema(project.dir, dialect, AFTER);
    const result = await autogenerate({ ...options, message: 'drop bio nick and posts' });
    expect(result.warnings).toEqual(expect.arrayContaining([
      'drops table "posts" holding 2 rows.',
      'drops column "users"."bio": 2 non-null values in 3 rows.',
      'drops column "users"."nick": 3 non-null values in 3 rows.',
    ]));
    const text = readFileSync(result.written!.path, 'utf8');
    expect(text).toContain('// WARNING: drops column "users"."bio": 2 non-null values in 3 rows.');
    expect(text).toContain('// WARNING: drops table "posts" holding 2 rows.');
    expect(text).toMatch(/dropColumn\('bio', \{ archive: \{ key: \['id'\] \} \}\)|dropColumn\('users', 'bio', \{ archive: \{ key: \['id'\] \} \}\)/);
    expect(text).toContain("op.dropTable('posts', { archive: true })");
    expect(text).toMatch(/restoreArchive: \{ key: \['id'\] \}/);
    expect(text).toContain('restoreArchive: true');

    await upgrade('head', options);
    const listed = project.ok(['archive', 'list', '--json']);
    const archives = JSON.parse(listed.stdout) as { table: string; column: string | null; rows: number }[];
    expect(archives.map((a) => [a.table, a.column, a.rows]).sort()).toEqual([['posts', null, 2], ['users', 'bio', 2], ['users', 'nick', 3]]);

    await downgrade('-1', options);
    expect(await rows(db().url, `SELECT id, email, bio, nick FROM users ORDER BY id`)).toEqual([
      { id: 1, email: 'a@x', bio: 'likes tea', nick: 'al' },
      { id: 2, email: 'b@x', bio: null, nick: 'bo' },
      { id: 3, email: 'c@x', bio: 'writes', nick: 'cy' },
    ]);
    expect(await rows(db().url, `SELECT id, title FROM posts ORDER BY id`)).toEqual([{ id: 10, title: 'first' }, { id: 11, title: 'second' }]);
    // The sequence follows the restored ids: a new post gets a fresh one.
    await sql(db().url, [`INSERT INTO posts (title) VALUES ('third')`]);
    expect(await rows(db().url, `SELECT ${q(dialect, 'id')} FROM posts WHERE title = 'third'`)).toEqual([{ id: 12 }]);
    // Restored archives are discarded, and check is clean at the previous revision.
    expect(JSON.parse(project.ok(['archive', 'list', '--json']).stdout)).toEqual([]);
    writeSchema(project.dir, dialect, BEFORE);
    expect(project.run(['check']).code).toBe(0);
  });
});

describeDialects('archive drop and hand-written archives', (dialect, db) => {
  let project: TestProject;
  beforeEach(() => {
    project = new TestProject(db().url);
  });
  afterEach(() => project.remove());

  it('`pmig archive drop` removes an archive; the downgrade then says the data is not restored', async () => {
    await sql(db().url, [
      'CREATE TABLE notes (id INTEGER NOT NULL PRIMARY KEY, body VARCHAR(50) NULL)',
      "INSERT INTO notes (id, body) VALUES (1, 'one'), (2, 'two')",
    ]);
    project.writeRevision({
      id: 'bbb000000001', message: 'drop body',
      upgrade: "await op.dropColumn('notes', 'body', { archive: true });",
      downgrade: "await op.addColumn('notes', { name: 'body', type: 'String', nativeType: 'VarChar(50)' }, { restoreArchive: true });",
    });
    project.ok(['upgrade', 'head']);
    expect(project.ok(['archive', 'list']).stdout).toContain('pmig_archive_bbb000000001_notes__body  notes.body  2 rows  dropped by revision bbb000000001');
    expect(project.run(['archive', 'drop', 'nothing_like_it']).stderr).toContain("No archive matches 'nothing_like_it'");
    expect(project.ok(['archive', 'drop', 'notes.body']).stdout).toContain('Dropped pmig_archive_bbb000000001_notes__body (notes.body, 2 rows)');
    expect(JSON.parse(project.ok(['archive', 'list', '--json']).stdout)).toEqual([]);

    const down = project.ok(['downgrade', 'base']);
    expect(down.stderr).toContain('Archive pmig_archive_bbb000000001_notes__body not found');
    expect(await rows(db().url, 'SELECT id, body FROM notes ORDER BY id')).toEqual([{ id: 1, body: null }, { id: 2, body: null }]);
  });

  it('refuses to archive a column of a table without a primary key', async () => {
    await sql(db().url, ['CREATE TABLE logs (line VARCHAR(50) NULL, level VARCHAR(10) NULL)', "INSERT INTO logs VALUES ('x', 'info')"]);
    project.writeRevision({ id: 'bbb000000002', message: 'drop level', upgrade: "await op.dropColumn('logs', 'level', { archive: true });" });
    const r = project.run(['upgrade', 'head']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('Cannot archive "logs"."level": the table has no primary key');
    expect(await rows(db().url, 'SELECT line, level FROM logs')).toEqual([{ line: 'x', level: 'info' }]);
  });
});

// SQLite renders column drops as a table rebuild, which needs the live table: no --sql there.
describeDialects('archived drops offline (--sql)', (dialect, db) => {
  let project: TestProject;
  beforeEach(() => {
    project = new TestProject(db().url);
  });
  afterEach(() => project.remove());

  it('renders the archive and restore SQL with --sql', async () => {
    const options = { cwd: project.dir, url: db().url };
    writeSchema(project.dir, dialect, BEFORE);
    const first = await autogenerate({ ...options, message: 'initial' });
    await upgrade('head', options);
    writeSchema(project.dir, dialect, AFTER);
    const second = await autogenerate({ ...options, message: 'drops' });
    const up: string[] = [];
    await upgrade(`${first.written!.revision}:${second.written!.revision}`, { ...options, sql: true, write: (l) => up.push(l) });
    const archive = `pmig_archive_${second.written!.revision}_users__bio`;
    expect(up.join('\n')).toContain(`CREATE TABLE ${q(dialect, archive)} AS SELECT ${q(dialect, 'id')}, ${q(dialect, 'bio')} FROM ${q(dialect, 'users')}`);
    const down: string[] = [];
    await downgrade(`${second.written!.revision}:${first.written!.revision}`, { ...options, sql: true, write: (l) => down.push(l) });
    expect(down.join('\n')).toContain(`UPDATE ${q(dialect, 'users')} SET ${q(dialect, 'bio')} = (SELECT a.${q(dialect, 'bio')} FROM ${q(dialect, archive)} a`);
    expect(down.join('\n')).toContain(`INSERT INTO ${q(dialect, 'posts')} (${q(dialect, 'id')}, ${q(dialect, 'title')}) SELECT`);
  });
}, ['postgresql', 'mysql']);
