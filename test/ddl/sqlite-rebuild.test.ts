/** SQLite table rebuilds: rows, indexes and foreign keys in both directions survive. */
import { connect } from '../../src/db/connect';
import type { Connection } from '../../src/db/types';
import { dialectFor, renderSqliteBatch } from '../../src/ddl';
import { inspectSqliteTable, sqliteTableInspector } from '../../src/introspect/sqlite';
import type { Op } from '../../src/operations/types';
import { describeDialects } from '../helpers/databases';

const PRISMA_STYLE = [
  `CREATE TABLE "User" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "email" TEXT NOT NULL,
    "name" TEXT
)`,
  'CREATE UNIQUE INDEX "User_email_key" ON "User"("email")',
  `CREATE TABLE "Post" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "authorId" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    CONSTRAINT "Post_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User" ("id") ON DELETE NO ACTION ON UPDATE CASCADE
)`,
  'CREATE INDEX "Post_authorId_idx" ON "Post"("authorId")',
];

describeDialects('SQLite table rebuild', (_dialect, db) => {
  let conn: Connection;
  const sqlite = dialectFor('sqlite');

  beforeEach(async () => {
    conn = await connect(db().url);
    for (const sql of PRISMA_STYLE) await conn.execute(sql);
    await conn.execute(`INSERT INTO "User" ("email", "name") VALUES ('a@x.io', 'Ann'), ('b@x.io', NULL)`);
    await conn.execute(`INSERT INTO "Post" ("authorId", "title") VALUES (1, 'one'), (1, 'two'), (2, 'three')`);
  });
  afterEach(async () => {
    await conn.close();
  });

  async function apply(op: Op, inTransaction: boolean): Promise<void> {
    const statements = await sqlite.render(op, { inspectTable: sqliteTableInspector(conn) });
    if (inTransaction) await conn.begin();
    for (const sql of statements) await conn.execute(sql);
    if (inTransaction) await conn.commit();
  }

  for (const inTransaction of [false, true]) {
    it(`alters nullability of a referenced table keeping rows, indexes and both foreign keys (${inTransaction ? 'in' : 'outside'} a transaction)`, async () => {
      await apply({ kind: 'alterColumn', table: 'User', column: 'name', type: 'String', nullable: false, default: 'anon', using: `COALESCE("name", 'anon')` }, inTransaction);

      const users = await conn.query<{ id: number; name: string }>('SELECT "id", "name" FROM "User" ORDER BY "id"');
      expect(users).toEqual([{ id: 1, name: 'Ann' }, { id: 2, name: 'anon' }]);
      expect(await conn.query('SELECT "id" FROM "Post"')).toHaveLength(3);

      const user = await inspectSqliteTable(conn, 'User');
      expect(user?.columns.find((c) => c.name === 'name')).toMatchObject({ nullable: false, default: 'anon' });
      expect(user?.columns.find((c) => c.name === 'id')?.autoincrement).toBe(true);
      expect(user?.indexes).toEqual([{ name: 'User_email_key', columns: ['email'], unique: true }]);
      await expect(conn.execute(`INSERT INTO "User" ("email") VALUES ('a@x.io')`)).rejects.toThrow(/UNIQUE/);

      // Foreign keys still enforced, in both directions, after the rebuild.
      expect((await conn.query<{ foreign_keys: number }>('PRAGMA foreign_keys'))[0].foreign_keys).toBe(1);
      await expect(conn.execute(`INSERT INTO "Post" ("authorId", "title") VALUES (99, 'orphan')`)).rejects.toThrow(/FOREIGN KEY/);
      await expect(conn.execute('DELETE FROM "User" WHERE "id" = 1')).rejects.toThrow(/FOREIGN KEY/);
      expect(await conn.query('PRAGMA foreign_key_check')).toEqual([]);
    });
  }

  it('refuses, with a clear error, to rebuild a table whose children cascade while foreign keys are enforced', async () => {
    await conn.execute('DROP TABLE "Post"');
    await conn.execute(`CREATE TABLE "Post" ("id" INTEGER NOT NULL PRIMARY KEY, "authorId" INTEGER NOT NULL,
      CONSTRAINT "Post_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User" ("id") ON DELETE CASCADE)`);
    await conn.execute('INSERT INTO "Post" VALUES (1, 1)');
    await expect(apply({ kind: 'alterColumn', table: 'User', column: 'name', nullable: false, default: 'x', using: `COALESCE("name", 'x')` }, true))
      .rejects.toThrow(/foreign_keys=OFF/);
    await conn.rollback();
    expect(await conn.query('SELECT * FROM "Post"')).toHaveLength(1);
    // Outside a transaction foreign keys can be switched off, and the children survive.
    await apply({ kind: 'alterColumn', table: 'User', column: 'name', nullable: false, default: 'x', using: `COALESCE("name", 'x')` }, false);
    expect(await conn.query('SELECT * FROM "Post"')).toHaveLength(1);
  });

  it('adds a foreign key, a check and drops an indexed column on the referencing table', async () => {
    await apply({ kind: 'createCheckConstraint', table: 'Post', check: { name: 'Post_title_check', expression: `length("title") > 0` } }, true);
    await apply({ kind: 'addColumn', table: 'Post', column: { name: 'editorId', type: 'Int', nullable: false, default: 1 } }, true);
    await apply({ kind: 'createForeignKey', table: 'Post', foreignKey: { name: 'Post_editorId_fkey', columns: ['editorId'], referencedTable: 'User', referencedColumns: ['id'], onDelete: 'Restrict' } }, true);
    await expect(conn.execute(`INSERT INTO "Post" ("authorId", "title") VALUES (1, '')`)).rejects.toThrow(/CHECK/);
    await expect(conn.execute(`INSERT INTO "Post" ("authorId", "title", "editorId") VALUES (1, 'x', 42)`)).rejects.toThrow(/FOREIGN KEY/);
    const post = await inspectSqliteTable(conn, 'Post');
    expect(post?.foreignKeys?.map((f) => f.name).sort()).toEqual(['Post_authorId_fkey', 'Post_editorId_fkey']);
    expect(post?.checks).toEqual([{ name: 'Post_title_check', expression: 'length("title") > 0' }]);

    // authorId is in an index and a foreign key: DROP COLUMN would fail, so this rebuilds.
    await apply({ kind: 'dropColumn', table: 'Post', column: 'authorId' }, true);
    const after = await inspectSqliteTable(conn, 'Post');
    expect(after?.columns.map((c) => c.name)).toEqual(['id', 'title', 'editorId']);
    expect(after?.indexes).toBeUndefined();
    expect(after?.foreignKeys?.map((f) => f.name)).toEqual(['Post_editorId_fkey']);
    expect(await conn.query('SELECT "title" FROM "Post" ORDER BY "id"')).toEqual([{ title: 'one' }, { title: 'two' }, { title: 'three' }]);
  });

  it('fails a rebuild that leaves rows violating a new foreign key, changing nothing', async () => {
    await apply({ kind: 'addColumn', table: 'Post', column: { name: 'editorId', type: 'Int', nullable: false, default: 42 } }, false);
    const fk: Op = { kind: 'createForeignKey', table: 'Post', foreignKey: { name: 'Post_editorId_fkey', columns: ['editorId'], referencedTable: 'User', referencedColumns: ['id'] } };
    await expect(apply(fk, true)).rejects.toThrow(/violate a foreign key/);
    await conn.rollback();
    expect((await inspectSqliteTable(conn, 'Post'))?.foreignKeys?.map((f) => f.name)).toEqual(['Post_authorId_fkey']);
  });

  it('applies an explicit batch with one rebuild', async () => {
    const current = await inspectSqliteTable(conn, 'User');
    const statements = renderSqliteBatch(current!, [
      { kind: 'alterColumn', table: 'User', column: 'email', newName: 'mail' },
      { kind: 'addColumn', table: 'User', column: { name: 'joined', type: 'DateTime', nullable: false, default: { now: true } } },
      { kind: 'createUniqueConstraint', table: 'User', name: 'User_name_key', columns: ['name'] },
    ]);
    expect(statements.filter((s) => s.startsWith('CREATE TABLE'))).toHaveLength(1);
    for (const sql of statements) await conn.execute(sql);
    const user = await inspectSqliteTable(conn, 'User');
    expect(user?.columns.map((c) => c.name)).toEqual(['id', 'mail', 'name', 'joined']);
    expect(user?.indexes).toEqual([{ name: 'User_email_key', columns: ['mail'], unique: true }]);
    expect(user?.uniques).toEqual([{ name: 'User_name_key', columns: ['name'] }]);
    expect((await conn.query<{ mail: string }>('SELECT "mail" FROM "User" ORDER BY "id"')).map((r) => r.mail)).toEqual(['a@x.io', 'b@x.io']);
  });
}, ['sqlite']);

describe('SQLite rendering without a live connection', () => {
  const sqlite = dialectFor('sqlite');
  it('explains that a rebuild needs a connection', async () => {
    await expect(sqlite.render({ kind: 'alterColumn', table: 'User', column: 'name', nullable: false }, {}))
      .rejects.toThrow(/SQLite cannot alter column name with ALTER TABLE.*live connection/);
    await expect(sqlite.render({ kind: 'createForeignKey', table: 'Post', foreignKey: { name: 'f', columns: ['a'], referencedTable: 'User', referencedColumns: ['id'] } }, {}))
      .rejects.toThrow(/live connection/);
  });
  it('renders what ALTER TABLE can do directly', async () => {
    expect(await sqlite.render({ kind: 'addColumn', table: 'User', column: { name: 'age', type: 'Int' } }, {}))
      .toEqual(['ALTER TABLE "User" ADD COLUMN "age" INTEGER']);
    expect(await sqlite.render({ kind: 'alterColumn', table: 'User', column: 'age', newName: 'years' }, {}))
      .toEqual(['ALTER TABLE "User" RENAME COLUMN "age" TO "years"']);
  });
});
