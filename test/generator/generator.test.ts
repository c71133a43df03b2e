/**
 * pmig's generator inside the real `prisma generate`, beside `prisma-client`, in a project that
 * installs pmig as a package (`provider = "pmig-generator"`, the npm bin).
 */
import { createTestDatabase, unreachableDialects, type TestDatabase } from '../helpers/databases';
import { describeRun, PrismaProject } from './prisma-project';

const SCHEMA = (pmigOptions: string) => `
generator client {
  provider = "prisma-client"
  output   = "./generated"
}

generator pmig {
  provider = "pmig-generator"
  output   = "../migrations"
${pmigOptions}
}

datasource db {
  provider = "postgresql"
}

model User {
  id    Int    @id @default(autoincrement())
  email String @unique
  posts Post[]
}

model Post {
  id       Int    @id @default(autoincrement())
  title    String
  author   User   @relation(fields: [authorId], references: [id])
  authorId Int

  @@index([authorId])
}
`;

const PRISMA_CONFIG = `import 'dotenv/config';
import { defineConfig } from 'prisma/config';
export default defineConfig({ schema: 'prisma/schema.prisma' });
`;

const pg = unreachableDialects().get('postgresql');
const describePg = pg ? describe.skip : describe;

describePg('prisma generate with the pmig generator [postgresql]', () => {
  let project: PrismaProject;
  let db: TestDatabase;

  beforeEach(async () => {
    project = new PrismaProject();
    project.write('prisma.config.ts', PRISMA_CONFIG);
    db = await createTestDatabase('postgresql');
  });
  afterEach(async () => {
    project.remove();
    await db.drop();
  });

  const pmigLine = (stdout: string) => stdout.split('\n').filter((l) => l.startsWith('pmig:'));

  test('writes a sorted, stable snapshot and reports how far behind a reachable database is', () => {
    project.write('prisma/schema.prisma', SCHEMA(''));
    const first = project.prismaGenerate({ DATABASE_URL: db.url });
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('Generated Prisma Client');
    expect(project.exists('prisma/generated/client.ts')).toBe(true);
    expect(pmigLine(first.stdout)).toEqual([
      expect.stringMatching(/^pmig: postgresql:\/\/postgres@127\.0\.0\.1:5432\/\w+ is behind the schema: autogenerate would produce \d+ operations; run `npx pmig revision --autogenerate/),
    ]);

    const snapshot = project.read('migrations/pmig-schema.json');
    const parsed = JSON.parse(snapshot) as { provider: string; schema: { tables: { name: string; indexes: { name: string }[] }[] } };
    expect(parsed.provider).toBe('postgresql');
    expect(parsed.schema.tables.map((t) => t.name)).toEqual(['Post', 'User']);
    expect(parsed.schema.tables[0].indexes.map((i) => i.name)).toEqual(['Post_authorId_idx']);
    // Nothing but the report: no revision without autogenerate = "true".
    expect(project.list('migrations/versions')).toEqual([]);

    const second = project.prismaGenerate({ DATABASE_URL: db.url });
    expect(second.code).toBe(0);
    expect(project.read('migrations/pmig-schema.json')).toBe(snapshot);
  });

  test('autogenerate = "true" writes the revision; once applied, the database matches', () => {
    project.write('prisma/schema.prisma', SCHEMA('  autogenerate = "true"\n  message = "from generate"'));
    const generated = project.prismaGenerate({ DATABASE_URL: db.url });
    expect(generated.code).toBe(0);
    const [line] = pmigLine(generated.stdout);
    expect(line).toMatch(/is behind the schema: wrote revision [0-9a-f]{12} \(\d+ operations\) to migrations\/versions\/[0-9a-f]{12}_from_generate\.ts/);
    const files = project.list('migrations/versions');
    expect(files).toHaveLength(1);
    expect(project.read(`migrations/versions/${files[0]}`)).toContain("await op.createTable('User'");

    // Unapplied, the revision stops a second one from being written.
    const again = project.prismaGenerate({ DATABASE_URL: db.url });
    expect(pmigLine(again.stdout)).toEqual([expect.stringMatching(/is at base but the revisions end at [0-9a-f]{12}: run `npx pmig upgrade head`/)]);
    expect(project.list('migrations/versions')).toHaveLength(1);

    const upgraded = project.pmig(['upgrade', 'head'], { DATABASE_URL: db.url });
    expect(upgraded.code).toBe(0);
    const clean = project.prismaGenerate({ DATABASE_URL: db.url });
    expect(pmigLine(clean.stdout)).toEqual([expect.stringMatching(/^pmig: postgresql:\/\/\S+ matches the schema\.$/)]);
    expect(project.list('migrations/versions')).toHaveLength(1);
  });

  test('an unreachable database never fails prisma generate', () => {
    project.write('prisma/schema.prisma', SCHEMA('  autogenerate = "true"\n  timeout = "2"'));
    const started = Date.now();
    const r = project.prismaGenerate({ DATABASE_URL: 'postgresql://postgres:secret@127.0.0.1:1/nowhere' });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Generated Prisma Client');
    expect(pmigLine(r.stdout)).toEqual([
      expect.stringMatching(/^pmig: database check skipped: postgresql:\/\/postgres:\*\*\*\*@127\.0\.0\.1:1\/nowhere is unreachable \(.+\)\.$/),
    ]);
    expect(`${r.stdout}${r.stderr}`).not.toContain('secret');
    expect(project.exists('migrations/pmig-schema.json')).toBe(true);
    expect(project.list('migrations/versions')).toEqual([]);
    expect(Date.now() - started).toBeLessThan(60000);
  });

  test('without a database URL the snapshot is written and the check says why it did not run', () => {
    project.write('prisma/schema.prisma', SCHEMA(''));
    const r = project.prismaGenerate();
    expect(r.code).toBe(0);
    expect(pmigLine(r.stdout)).toEqual(['pmig: no database URL configured (DATABASE_URL, pmig.config.ts or prisma.config.ts): database not checked.']);
    expect(project.exists('migrations/pmig-schema.json')).toBe(true);
  });

  test('invalid generator options fail prisma generate with a sentence naming them', () => {
    project.write('prisma/schema.prisma', SCHEMA('  autogenerate = "yes"'));
    const bad = project.prismaGenerate({ DATABASE_URL: db.url });
    expect(bad.code).not.toBe(0);
    expect(describeRun(bad)).toContain('generator pmig: autogenerate must be "true" or "false", got "yes".');

    project.write('prisma/schema.prisma', SCHEMA('  autogenrate = "true"'));
    const typo = project.prismaGenerate({ DATABASE_URL: db.url });
    expect(typo.code).not.toBe(0);
    expect(describeRun(typo)).toContain('generator pmig: unknown option "autogenrate"');
  });
});
