/**
 * `pmig import-prisma-migrations` on a Prisma Migrate history written for the test: tables,
 * columns, indexes, an enum and a rename done by hand in SQL. Every imported revision must upgrade
 * and downgrade to exactly the schema the Prisma migrations give, and the chain is stamped where
 * `_prisma_migrations` says Prisma stopped.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { connect } from '../../src/db/connect';
import { introspect } from '../../src/introspect';
import type { Schema } from '../../src/schema/types';
import { createTestDatabase, unreachableDialects, type TestDatabase } from '../helpers/databases';
import { TestProject } from '../helpers/project';

const MIGRATIONS: [string, string][] = [
  ['20240101000000_init', `-- CreateTable
CREATE TABLE "User" (
    "id" SERIAL NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT,

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");
`],
  ['20240102000000_posts', `-- CreateTable
CREATE TABLE "Post" (
    "id" SERIAL NOT NULL,
    "title" VARCHAR(200) NOT NULL,
    "authorId" INTEGER NOT NULL,

    CONSTRAINT "Post_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Post_authorId_idx" ON "Post"("authorId");

-- AddForeignKey
ALTER TABLE "Post" ADD CONSTRAINT "Post_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
`],
  ['20240103000000_roles', `-- CreateEnum
CREATE TYPE "Role" AS ENUM ('USER', 'ADMIN');

-- AlterTable
ALTER TABLE "User" ADD COLUMN "role" "Role" NOT NULL DEFAULT 'USER';
`],
  ['20240104000000_rename_name', `-- Renamed by hand: keep the data (a ';' in a comment must not split)
ALTER TABLE "User" RENAME COLUMN "name" TO "fullName";
`],
  ['20240105000000_published', `-- AlterTable
ALTER TABLE "Post" ADD COLUMN "published" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN "summary" TEXT DEFAULT 'n/a; see body';

-- CreateIndex
CREATE INDEX "Post_published_title_idx" ON "Post"("published", "title" DESC);
`],
];

const APPLIED_BY_PRISMA = 3;

async function run(url: string, text: string): Promise<Record<string, unknown>[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text)).rows as Record<string, unknown>[];
  } finally {
    await client.end();
  }
}

async function schemaOf(url: string): Promise<Schema> {
  const conn = await connect(url);
  try {
    return await introspect(conn);
  } finally {
    await conn.close();
  }
}

const describePg = unreachableDialects().get('postgresql') ? describe.skip : describe;

describePg('pmig import-prisma-migrations [postgresql]', () => {
  let db: TestDatabase;
  let project: TestProject;
  /** The schema after Prisma's migrations 1..k, k = 0..5, from applying the SQL files directly. */
  const expected: Schema[] = [];

  beforeAll(async () => {
    const oracle = await createTestDatabase('postgresql');
    try {
      expected.push(await schemaOf(oracle.url));
      for (const [, sql] of MIGRATIONS) {
        await run(oracle.url, sql);
        expected.push(await schemaOf(oracle.url));
      }
    } finally {
      await oracle.drop();
    }
  });

  beforeEach(async () => {
    db = await createTestDatabase('postgresql');
    project = new TestProject(db.url);
    for (const [name, sql] of MIGRATIONS) {
      mkdirSync(join(project.dir, 'prisma', 'migrations', name), { recursive: true });
      writeFileSync(join(project.dir, 'prisma', 'migrations', name, 'migration.sql'), sql);
    }
    writeFileSync(join(project.dir, 'prisma', 'migrations', 'migration_lock.toml'), 'provider = "postgresql"\n');
    writeFileSync(join(project.dir, 'prisma', 'schema.prisma'), 'datasource db {\n  provider = "postgresql"\n}\n');
    // The database as Prisma Migrate left it: the first three migrations applied, the fourth rolled back.
    await run(db.url, `CREATE TABLE "_prisma_migrations" ("id" VARCHAR(36) PRIMARY KEY, "checksum" VARCHAR(64) NOT NULL,
      "finished_at" TIMESTAMPTZ, "migration_name" VARCHAR(255) NOT NULL, "logs" TEXT, "rolled_back_at" TIMESTAMPTZ,
      "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(), "applied_steps_count" INTEGER NOT NULL DEFAULT 0)`);
    for (const [i, [name, sql]] of MIGRATIONS.slice(0, APPLIED_BY_PRISMA).entries()) {
      await run(db.url, sql);
      await run(db.url, `INSERT INTO "_prisma_migrations" VALUES ('id-${i}', 'x', now(), '${name}', NULL, NULL, now() + interval '${i} second', 1)`);
    }
    await run(db.url, `INSERT INTO "_prisma_migrations" VALUES ('id-rb', 'x', NULL, '${MIGRATIONS[3][0]}', 'failed', now(), now() + interval '9 second', 0)`);
  });
  afterEach(async () => {
    project.remove();
    await db.drop();
  });

  test('imports a chain that upgrades and downgrades step by step to the same schemas as the Prisma migrations', async () => {
    const prismaRows = await run(db.url, 'SELECT * FROM "_prisma_migrations" ORDER BY id');
    const imported = project.run(['import-prisma-migrations']);
    expect(imported.code).toBe(0);
    const files = project.revisionFiles();
    expect(files).toHaveLength(MIGRATIONS.length);
    const history = project.ok(['history']).stdout;
    const order = MIGRATIONS.map(([name]) => history.indexOf(name));
    expect(order.every((pos, i) => pos >= 0 && (i === 0 || pos < order[i - 1]))).toBe(true);

    // Stamped at the third migration: Prisma applied 1-3 and rolled back 4.
    const current = project.ok(['current', '--verbose']).stdout;
    expect(current).toContain(MIGRATIONS[APPLIED_BY_PRISMA - 1][0]);
    expect(await run(db.url, 'SELECT * FROM "_prisma_migrations" ORDER BY id')).toEqual(prismaRows);

    // The hand-written rename is undone as a rename.
    const renameFile = files.find((f) => f.includes('rename_name'))!;
    expect(project.read(`migrations/versions/${renameFile}`)).toContain("await op.renameColumn('User', 'fullName', 'name'");

    await run(db.url, `INSERT INTO "User" ("email", "name") VALUES ('ada@example.com', 'Ada')`);
    expect(project.run(['upgrade', 'head']).code).toBe(0);
    expect(await schemaOf(db.url)).toEqual(expected[MIGRATIONS.length]);
    expect(await run(db.url, 'SELECT "fullName" FROM "User"')).toEqual([{ fullName: 'Ada' }]);

    for (let k = MIGRATIONS.length - 1; k >= 0; k--) {
      // --yes: the downgrades drop the row inserted above, which only a terminal could confirm.
      const down = project.run(['downgrade', '-1', '--yes']);
      expect(down.code).toBe(0);
      expect(await schemaOf(db.url)).toEqual(expected[k]);
    }
    // The database is at base; building it again from pmig alone gives Prisma's final schema.
    expect(project.run(['upgrade', 'head']).code).toBe(0);
    expect(await schemaOf(db.url)).toEqual(expected[MIGRATIONS.length]);

    // Going through base in one go and back as well.
    expect(project.run(['downgrade', 'base', '--yes']).code).toBe(0);
    expect(await schemaOf(db.url)).toEqual(expected[0]);
    expect(project.run(['upgrade', 'head']).code).toBe(0);
    expect(await schemaOf(db.url)).toEqual(expected[MIGRATIONS.length]);
  });

  test('the rename downgrade keeps the data', async () => {
    expect(project.run(['import-prisma-migrations']).code).toBe(0);
    expect(project.run(['upgrade', 'head']).code).toBe(0);
    await run(db.url, `INSERT INTO "User" ("email", "fullName") VALUES ('ada@example.com', 'Ada')`);
    expect(project.run(['downgrade', '-2']).code).toBe(0);
    expect(await run(db.url, 'SELECT "name" FROM "User"')).toEqual([{ name: 'Ada' }]);
  });

  test('refuses a _prisma_migrations that names a migration the folder does not have, writing nothing', async () => {
    await run(db.url, `INSERT INTO "_prisma_migrations" VALUES ('id-x', 'x', now(), '20231231000000_lost', NULL, NULL, now(), 1)`);
    const r = project.run(['import-prisma-migrations']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('_prisma_migrations lists migration(s) that are not in the migrations folder: 20231231000000_lost');
    expect(project.revisionFiles()).toEqual([]);
  });
});
