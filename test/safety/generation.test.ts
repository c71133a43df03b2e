/**
 * Safety at generation time, measured on real rows: what drops destroy, the rows that a narrower
 * type, a unique key or a foreign key would reject, `--strict` refusing, and the three revisions
 * written for a NOT NULL column added to a table that has rows.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { autogenerate, check, upgrade } from '../../src';
import { describeDialects } from '../helpers/databases';
import { TestProject } from '../helpers/project';
import { q, rows, sql, writeSchema } from './helpers';

const BASE = `
model Account {
  id    Int    @id
  code  String @db.VarChar(40)
  score BigInt
  kind  String @db.VarChar(20)
  email String @db.VarChar(80)
  teamId Int?
  @@map("accounts")
}

model Team {
  id Int @id
  @@map("teams")
}
`;

const NARROWED = `
enum Kind {
  basic
  pro
}

model Account {
  id    Int    @id
  code  String @db.VarChar(5)
  score Int
  kind  Kind
  email String @unique @db.VarChar(80)
  teamId Int?
  team  Team?  @relation(fields: [teamId], references: [id])
  @@map("accounts")
}

model Team {
  id       Int       @id
  accounts Account[]
  @@map("teams")
}
`;

describeDialects('safety report at generation', (dialect, db) => {
  let project: TestProject;
  beforeEach(() => {
    project = new TestProject(db().url);
  });
  afterEach(() => project.remove());

  async function seeded(): Promise<{ cwd: string; url: string }> {
    const options = { cwd: project.dir, url: db().url };
    writeSchema(project.dir, dialect, BASE);
    await autogenerate({ ...options, message: 'initial' });
    await upgrade('head', options);
    await sql(db().url, [
      'INSERT INTO teams (id) VALUES (1)',
      `INSERT INTO accounts (id, code, score, kind, email, ${q(dialect, 'teamId')}) VALUES
        (1, 'short', 1, 'basic', 'a@x', 1),
        (2, 'much too long', 5000000000, 'pro', 'a@x', 7),
        (3, 'also too long', -5000000000, 'gold', 'b@x', 8),
        (4, 'ok', 2, 'silver', 'b@x', NULL),
        (5, 'fine', 3, 'basic', 'b@x', NULL)`,
    ]);
    return options;
  }

  it('counts the rows a narrower type, a unique key and a foreign key would reject', async () => {
    const options = await seeded();
    writeSchema(project.dir, dialect, NARROWED);
    const result = await autogenerate({ ...options, message: 'narrow' });
    const warnings = result.warnings ?? [];
    expect(warnings).toContain('narrows "accounts"."score": 2 values are outside the range of Int (-2147483648..2147483647).');
    // SQLite has neither string lengths nor enum types: nothing narrows there.
    const typed = dialect !== 'sqlite';
    expect(warnings.includes('narrows "accounts"."code": 2 values are longer than 5 characters.')).toBe(typed);
    expect(warnings.includes('narrows "accounts"."kind": 2 values are not a value of enum Kind (basic, pro).')).toBe(typed);
    expect(warnings).toHaveLength(typed ? 5 : 3);
    expect(warnings.find((w) => w.startsWith('adds a unique key on "accounts" (email)'))).toBe(
      'adds a unique key on "accounts" (email): 2 groups of duplicate values (5 rows).',
    );
    expect(warnings.find((w) => w.startsWith('adds foreign key "accounts" (teamId)'))).toBe(
      'adds foreign key "accounts" (teamId) -> "teams" (id): 2 rows reference no existing row.',
    );
    const text = readFileSync(result.written!.path, 'utf8');
    for (const w of warnings) expect(text).toContain(`// WARNING: ${w}`);
  });

  it('--strict refuses with the list and writes nothing', async () => {
    const options = await seeded();
    writeSchema(project.dir, dialect, `model Team {\n  id Int @id\n  @@map("teams")\n}\n`);
    const before = project.revisionFiles();
    const refused = project.run(['revision', '--autogenerate', '-m', 'drop accounts', '--strict']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('Refusing to write the revision (--strict): 1 change would lose or reject data:');
    expect(refused.stderr).toContain('- drops table "accounts" holding 5 rows.');
    expect(project.revisionFiles()).toEqual(before);

    const written = project.run(['revision', '--autogenerate', '-m', 'drop accounts']);
    expect(written.code).toBe(0);
    expect(written.stderr).toContain('WARNING: drops table "accounts" holding 5 rows.');
    expect(project.revisionFiles()).toHaveLength(before.length + 1);
    expect((await check(options)).clean).toBe(false);
  });

  it('a NOT NULL column on a table with rows becomes add nullable, backfill, SET NOT NULL', async () => {
    const options = await seeded();
    writeSchema(project.dir, dialect, BASE.replace('teamId Int?', 'teamId Int?\n  plan String @db.VarChar(20)'));
    const cli = project.run(['revision', '--autogenerate', '-m', 'add plan']);
    expect(cli.code).toBe(0);
    expect(cli.stdout).toContain('three chained revisions were written');
    const files = project.revisionFiles();
    expect(files).toHaveLength(4);
    const texts = files.map((f) => readFileSync(`${project.versionsDir}/${f}`, 'utf8'));
    const addNullable = texts.find((t) => t.includes("name: 'plan'") && t.includes('Added nullable'))!;
    expect(addNullable).toBeDefined();
    expect(addNullable).not.toMatch(/name: 'plan'[^}]*nullable: false/);
    const backfill = texts.find((t) => t.includes("export const kind = 'data';"))!;
    expect(backfill).toContain('"accounts"."plan": 5 rows when this revision was generated');
    expect(backfill).toContain("//   table: 'accounts',");
    const setNotNull = texts.find((t) => t.includes('NOT NULL') && t.includes('nullable: false') && !t.includes("export const kind = 'data'"))!;
    expect(setNotNull).toContain('pmig refuses this while "accounts"."plan" holds NULL');

    // The backfill stub refuses until written; SET NOT NULL refuses while NULLs remain.
    const stopped = project.run(['upgrade', 'head']);
    expect(stopped.code).not.toBe(0);
    expect(stopped.stderr).toContain('has no backfill yet');

    const backfillFile = files[texts.indexOf(backfill)];
    const partial = backfill.replace(/  throw new Error\('Data revision \w+ has no backfill yet[^\n]*\n/,
      "  await op.backfill({ table: 'accounts', set: { plan: 'free' }, where: 'id < 3' });\n");
    writeFileSync(`${project.versionsDir}/${backfillFile}`, partial);
    const refused = project.run(['upgrade', 'head']);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('refusing to set "accounts"."plan" NOT NULL: 3 rows hold NULL there.');

    // Fill the rest (a new data revision would be the way in a shared project; here the stub is fixed before it is shared).
    await sql(db().url, ["UPDATE accounts SET plan = 'free' WHERE plan IS NULL"]);
    project.ok(['upgrade', 'head']);
    expect(await rows(db().url, 'SELECT id, plan FROM accounts WHERE id < 3 ORDER BY id')).toEqual([{ id: 1, plan: 'free' }, { id: 2, plan: 'free' }]);
    expect((await check(options)).clean).toBe(true);
  });
});
