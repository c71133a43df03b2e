/**
 * `pmig adopt` on a database Prisma Migrate created: Prisma's own DDL (the WebAssembly schema
 * engine) plus a `_prisma_migrations` table with its row.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { createTestDatabase, unreachableDialects, type TestDatabase } from '../helpers/databases';
import { prismaDdl } from '../helpers/prisma-ddl';
import { TestProject } from '../helpers/project';

const SCHEMA = `
datasource db {
  provider = "postgresql"
}

enum Role {
  USER
  ADMIN
}

model User {
  id        Int      @id @default(autoincrement())
  email     String   @unique
  role      Role     @default(USER)
  createdAt DateTime @default(now())
  posts     Post[]
}

model Post {
  id       Int     @id @default(autoincrement())
  title    String  @db.VarChar(200)
  body     String?
  author   User    @relation(fields: [authorId], references: [id], onDelete: Cascade)
  authorId Int

  @@index([authorId, title])
}
`;

/** The table Prisma Migrate keeps (its DDL as Prisma 7 creates it) with one applied migration. */
const PRISMA_MIGRATIONS_DDL = `
CREATE TABLE "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
);
INSERT INTO "_prisma_migrations" ("id", "checksum", "finished_at", "migration_name", "applied_steps_count")
VALUES ('0c9a6f5e-0000-4000-8000-000000000001', 'abc123', now(), '20240101000000_init', 1);
`;

async function sql<T = Record<string, unknown>>(url: string, text: string): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text)).rows as T[];
  } finally {
    await client.end();
  }
}

const describePg = unreachableDialects().get('postgresql') ? describe.skip : describe;

describePg('pmig adopt [postgresql]', () => {
  let db: TestDatabase;
  let project: TestProject;
  beforeEach(async () => {
    db = await createTestDatabase('postgresql');
    project = new TestProject(db.url);
    mkdirSync(join(project.dir, 'prisma'));
    writeFileSync(join(project.dir, 'prisma', 'schema.prisma'), SCHEMA);
    await sql(db.url, await prismaDdl(SCHEMA, 'postgresql'));
    await sql(db.url, PRISMA_MIGRATIONS_DDL);
  });
  afterEach(async () => {
    project.remove();
    await db.drop();
  });

  test('writes a baseline, stamps it without running it, leaves _prisma_migrations alone; a new database builds from it', async () => {
    const prismaRowsBefore = await sql(db.url, 'SELECT * FROM "_prisma_migrations"');
    const adopted = project.run(['adopt']);
    expect(adopted.code).toBe(0);
    const [file] = project.revisionFiles();
    expect(file).toMatch(/^([0-9a-f]{12})_baseline\.ts$/);
    const rev = file.slice(0, 12);
    const text = project.read(`migrations/versions/${file}`);
    expect(text).toContain("await op.createEnum('Role'");
    expect(text).toContain("await op.createTable('User'");
    expect(text).toContain("await op.dropTable('Post'");
    expect(text).toMatch(/export const downRevision: string \| string\[\] \| null = null;/);

    expect(project.ok(['current']).stdout).toContain(rev);
    expect(project.ok(['check']).stdout).toContain('No new upgrade operations detected.');
    expect(await sql(db.url, 'SELECT * FROM "_prisma_migrations"')).toEqual(prismaRowsBefore);
    // Stamped, not run: the log says so.
    expect(await sql(db.url, 'SELECT revision, direction FROM "pmig_version_log"')).toEqual([{ revision: rev, direction: 'stamp' }]);

    const fresh = await createTestDatabase('postgresql');
    try {
      expect(project.run(['upgrade', 'head', '--url', fresh.url]).code).toBe(0);
      const check = project.run(['check', '--url', fresh.url]);
      expect(check.code).toBe(0);
      expect(project.run(['downgrade', 'base', '--url', fresh.url]).code).toBe(0);
      expect(await sql(fresh.url, "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name NOT LIKE 'pmig%'")).toEqual([]);
    } finally {
      await fresh.drop();
    }
  });

  test('refuses a drifted database, lists the drift and writes nothing', async () => {
    await sql(db.url, 'ALTER TABLE "Post" DROP COLUMN "body"; CREATE INDEX "User_createdAt_idx" ON "User"("createdAt")');
    const r = project.run(['adopt']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('The database has drifted from the Prisma schema');
    expect(r.stderr).toMatch(/- .*body/);
    expect(r.stderr).toMatch(/- .*User_createdAt_idx/);
    expect(project.revisionFiles()).toEqual([]);
    expect(await sql(db.url, "SELECT 1 FROM information_schema.tables WHERE table_name = 'pmig_version'")).toEqual([]);
  });

  test('refuses when the versions folder already has a history', () => {
    project.writeRevision({ id: 'aaaaaaaaaaaa', message: 'existing' });
    const r = project.run(['adopt']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('already holds 1 revision(s)');
  });
});
