/** The SQLite introspector on a database created from Prisma's own DDL. */
import { connect } from '../../src/db/connect';
import type { Connection } from '../../src/db/types';
import { introspectSqlite, inspectSqliteTable } from '../../src/introspect/sqlite';
import { describeDialects } from '../helpers/databases';

/** What `prisma migrate diff --script` writes for a small SQLite schema (Prisma 7.10). */
const PRISMA_DDL = [
  `CREATE TABLE "User" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "email" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "role" TEXT NOT NULL DEFAULT 'USER',
    "data" JSONB,
    "big" BIGINT NOT NULL DEFAULT 5,
    "b" BLOB NOT NULL,
    "d" DECIMAL NOT NULL DEFAULT 1.5,
    "f" REAL NOT NULL,
    "ok" BOOLEAN NOT NULL DEFAULT true,
    "s" TEXT NOT NULL DEFAULT 'it''s',
    "x" INTEGER NOT NULL DEFAULT (1 + 2),
    "geo" POINT
)`,
  `CREATE TABLE "Post" (
    "authorId" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "editor" INTEGER,

    PRIMARY KEY ("authorId", "title"),
    CONSTRAINT "Post_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    FOREIGN KEY ("editor") REFERENCES "User" ("id") ON DELETE SET NULL,
    CONSTRAINT "title_not_empty" CHECK (length("title") > 0)
)`,
  'CREATE UNIQUE INDEX "User_email_key" ON "User"("email")',
  'CREATE INDEX "Post_title_idx" ON "Post"("title" DESC) WHERE "editor" IS NOT NULL',
  'CREATE TABLE "pmig_version" ("version_num" TEXT NOT NULL PRIMARY KEY)',
  'CREATE TABLE "_prisma_migrations" ("id" TEXT PRIMARY KEY)',
];

describeDialects('SQLite introspection', (_dialect, db) => {
  let conn: Connection;
  beforeEach(async () => {
    conn = await connect(db().url);
    for (const sql of PRISMA_DDL) await conn.execute(sql);
  });
  afterEach(async () => {
    await conn.close();
  });

  it('reads tables in Prisma vocabulary, skipping system and version tables', async () => {
    const schema = await introspectSqlite(conn);
    expect(schema.enums).toEqual([]);
    expect(schema.tables.map((t) => t.name)).toEqual(['Post', 'User']);
    const user = schema.tables.find((t) => t.name === 'User')!;
    expect(user).toEqual({
      name: 'User',
      columns: [
        { name: 'id', type: 'Int', nullable: false, autoincrement: true },
        { name: 'email', type: 'String', nullable: false },
        { name: 'createdAt', type: 'DateTime', nullable: false, default: { now: true } },
        { name: 'role', type: 'String', nullable: false, default: 'USER' },
        { name: 'data', type: 'Json', nullable: true },
        { name: 'big', type: 'BigInt', nullable: false, default: 5 },
        { name: 'b', type: 'Bytes', nullable: false },
        { name: 'd', type: 'Decimal', nullable: false, default: 1.5 },
        { name: 'f', type: 'Float', nullable: false },
        { name: 'ok', type: 'Boolean', nullable: false, default: true },
        { name: 's', type: 'String', nullable: false, default: "it's" },
        { name: 'x', type: 'Int', nullable: false, default: { sql: '1 + 2' } },
        { name: 'geo', type: 'Unsupported', nativeType: 'POINT', nullable: true },
      ],
      primaryKey: { columns: ['id'] },
      indexes: [{ name: 'User_email_key', columns: ['email'], unique: true }],
    });
  });

  it('reads composite keys, named and unnamed foreign keys with actions, checks and partial indexes', async () => {
    const post = await inspectSqliteTable(conn, 'Post');
    expect(post?.primaryKey).toEqual({ columns: ['authorId', 'title'] });
    expect(post?.columns.every((c) => !c.autoincrement)).toBe(true);
    expect(post?.foreignKeys).toEqual([
      { name: 'Post_authorId_fkey', columns: ['authorId'], referencedTable: 'User', referencedColumns: ['id'], onDelete: 'Cascade', onUpdate: 'Cascade' },
      { name: 'Post_editor_fkey', columns: ['editor'], referencedTable: 'User', referencedColumns: ['id'], onDelete: 'SetNull', onUpdate: 'NoAction' },
    ]);
    expect(post?.checks).toEqual([{ name: 'title_not_empty', expression: 'length("title") > 0' }]);
    expect(post?.indexes).toEqual([{ name: 'Post_title_idx', columns: [{ name: 'title', order: 'desc' }], where: '"editor" IS NOT NULL' }]);
    expect(await inspectSqliteTable(conn, 'Nope')).toBeUndefined();
  });

  it('limits to the tables asked for', async () => {
    const schema = await introspectSqlite(conn, { tables: ['Post'] });
    expect(schema.tables.map((t) => t.name)).toEqual(['Post']);
  });
}, ['sqlite']);
