/**
 * pmig in a Prisma 7 project: prisma.config.ts (read with Prisma's own loader) is enough to start;
 * pmig.config.ts overrides it. `.env` follows Prisma 7: nothing loads it unless the config imports
 * `dotenv/config`.
 */
import { Client } from 'pg';
import { createTestDatabase, unreachableDialects, type TestDatabase } from '../helpers/databases';
import { describeRun, PrismaProject } from '../generator/prisma-project';

const SCHEMA = `
datasource db {
  provider = "postgresql"
}

model Account {
  id    Int    @id @default(autoincrement())
  email String @unique
}
`;

const prismaConfig = (withDotenv: boolean) => `${withDotenv ? "import 'dotenv/config';\n" : ''}import { defineConfig, env } from 'prisma/config';
export default defineConfig({
  schema: 'db/schema.prisma',
  migrations: { path: 'db/migrations' },
  datasource: { url: env('DATABASE_URL') },
});
`;

async function tables(url: string): Promise<string[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ table_name: string }>(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name",
    );
    return rows.map((r) => r.table_name);
  } finally {
    await client.end();
  }
}

const describePg = unreachableDialects().get('postgresql') ? describe.skip : describe;

describePg('prisma.config.ts and pmig.config.ts [postgresql]', () => {
  let project: PrismaProject;
  let db: TestDatabase;
  beforeEach(async () => {
    project = new PrismaProject();
    project.write('db/schema.prisma', SCHEMA);
    db = await createTestDatabase('postgresql');
  });
  afterEach(async () => {
    project.remove();
    await db.drop();
  });

  test('a project with only prisma.config.ts: schema path and datasource.url (from .env via dotenv/config) need no pmig config', async () => {
    project.write('prisma.config.ts', prismaConfig(true));
    project.write('.env', `DATABASE_URL=${db.url}\n`);
    const written = project.pmig(['revision', '--autogenerate', '-m', 'accounts']);
    expect(written.code).toBe(0);
    expect(project.list('migrations/versions')).toEqual([expect.stringMatching(/^[0-9a-f]{12}_accounts\.ts$/)]);
    expect(project.pmig(['upgrade', 'head']).code).toBe(0);
    expect(await tables(db.url)).toEqual(['Account', 'pmig_version', 'pmig_version_journal', 'pmig_version_log']);
    const check = project.pmig(['check']);
    expect(check.code).toBe(0);
    expect(check.stdout).toContain('No new upgrade operations detected.');
  });

  test('.env is not read when prisma.config.ts does not import dotenv/config (as with the Prisma CLI)', () => {
    project.write('prisma.config.ts', prismaConfig(false));
    project.write('.env', `DATABASE_URL=${db.url}\n`);
    const r = project.pmig(['check']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('No database URL');
    // The Prisma CLI itself refuses the same project for the same reason.
    const prisma = project.prismaGenerate();
    expect(describeRun(prisma)).toContain('Cannot resolve environment variable: DATABASE_URL');
  });

  test('with both files, pmig.config.ts wins where it speaks and prisma.config.ts fills the rest', async () => {
    const other = await createTestDatabase('postgresql');
    try {
      project.write('prisma.config.ts', prismaConfig(true));
      project.write('.env', `DATABASE_URL=${db.url}\n`);
      project.write('pmig.config.ts', `export default { url: ${JSON.stringify(other.url)}, versionsDir: 'pmig/versions' };\n`);
      expect(project.pmig(['revision', '--autogenerate', '-m', 'accounts']).code).toBe(0);
      expect(project.list('pmig/versions')).toHaveLength(1);
      expect(project.pmig(['upgrade', 'head']).code).toBe(0);
      // The schema came from prisma.config.ts (db/schema.prisma), the URL from pmig.config.ts.
      expect(await tables(other.url)).toEqual(['Account', 'pmig_version', 'pmig_version_journal', 'pmig_version_log']);
      expect(await tables(db.url)).toEqual([]);
    } finally {
      await other.drop();
    }
  });

  test('a syntax error in prisma.config.ts is reported, not ignored', () => {
    project.write('prisma.config.ts', 'export default {\n');
    const r = project.pmig(['check'], { DATABASE_URL: db.url });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/Cannot load \S+prisma\.config\.ts: /);
  });
});
