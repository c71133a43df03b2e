/**
 * Rename decisions without a terminal (CI, scripts, agents): flags, an answers file, schema hints,
 * certain renames from a changed @map, --no-renames, and the refusal that lists what to answer.
 * The CLI runs as a child process whose stdin is not a terminal.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeDialects } from '../helpers/databases';
import { expectSuccess, RenameProject } from './helpers';

const ID = 'id Int @id @default(autoincrement())';

describeDialects('rename decisions without a terminal', (dialect, db) => {
  let project: RenameProject;
  beforeEach(async () => {
    project = new RenameProject(dialect, db().url);
    await project.open();
  });
  afterEach(() => project.close());

  async function withNames(initial: string, next: string): Promise<void> {
    project.init(initial);
    await project.insert('User', [{ full_name: 'Ann' }, { full_name: 'Bob' }]);
    project.schema(next);
  }

  it('refuses with the list of questions and the flags that answer them (exit 2), writing nothing', async () => {
    await withNames(`model User {\n  ${ID}\n  full_name String\n}`, `model User {\n  ${ID}\n  fullName String\n}`);
    const before = project.revisionTexts();

    const r = project.run(['revision', '--autogenerate', '-m', 'rename']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('1 rename question needs an answer, and there is no terminal to ask in. No revision was written.');
    expect(r.stderr).toContain('Column User.fullName (String) was added and User.full_name (String) dropped: is it a rename?');
    expect(r.stderr).toContain('renamed from full_name:  --rename-column User.full_name=fullName');
    expect(r.stderr).toContain('--no-renames');
    expect(project.revisionTexts()).toEqual(before);

    const json = project.run(['revision', '--autogenerate', '-m', 'rename', '--output', 'json']);
    expect(json.code).toBe(2);
    const report = JSON.parse(json.stdout);
    expect(report).toMatchObject({
      status: 'missing_decisions',
      questions: [{
        id: 'column:User.fullName', kind: 'column', parent: 'User',
        added: { name: 'fullName', type: 'String' },
        candidates: [{ name: 'full_name', type: 'String', flag: '--rename-column User.full_name=fullName' }],
        new: { flag: '--no-renames' },
      }],
    });
    expect(project.revisionTexts()).toEqual(before);

    // A tool answers with the flag it was given and runs again.
    const again = project.run(['revision', '--autogenerate', '-m', 'rename', '--output', 'json', report.questions[0].candidates[0].flag.split(' ')[0], report.questions[0].candidates[0].flag.split(' ')[1]]);
    expectSuccess(again);
    expect(JSON.parse(again.stdout)).toMatchObject({ status: 'written', decisions: ['User.full_name → User.fullName: renamed (--rename-column User.full_name=fullName)'] });
  });

  it('takes a table and a column rename from flags (the column by its old table name)', async () => {
    await withNames(`model User {\n  ${ID}\n  full_name String\n}`, `model Person {\n  ${ID}\n  fullName String\n}`);
    const r = project.run(['revision', '--autogenerate', '-m', 'people', '--rename-table', 'User=Person', '--rename-column', 'User.full_name=fullName']);
    expectSuccess(r);
    const text = project.latestRevision();
    expect(text).toContain('User → Person: renamed (--rename-table User=Person)');
    expect(text).toContain('Person.full_name → Person.fullName: renamed (--rename-column User.full_name=fullName)');
    expect(text).toContain("await op.renameTable('User', 'Person');");
    expect(text).toContain("renameColumn('Person', 'full_name', 'fullName')");

    project.ok(['upgrade', 'head']);
    expect(await project.values('Person', 'fullName')).toEqual(['Ann', 'Bob']);
    expectSuccess(project.run(['check']));
    project.ok(['downgrade', '-1']);
    expect(await project.values('User', 'full_name')).toEqual(['Ann', 'Bob']);
  });

  it('takes answers from a file, "others": "new" settling the rest', async () => {
    project.init(`model User {\n  ${ID}\n  full_name String\n  nick String?\n}`);
    await project.insert('User', [{ full_name: 'Ann', nick: 'a' }, { full_name: 'Bob', nick: 'b' }]);
    project.schema(`model User {\n  ${ID}\n  fullName String\n  handle String?\n}`);
    const answers = join(project.dir, 'renames.json');
    writeFileSync(answers, JSON.stringify({ columns: { 'User.fullName': 'full_name' }, others: 'new' }));

    expectSuccess(project.run(['revision', '--autogenerate', '-m', 'answers', '--answers', answers]));
    const text = project.latestRevision();
    expect(text).toContain(`User.full_name → User.fullName: renamed (answers file ${answers})`);
    expect(text).toContain('User.handle: new column, not renamed from User.nick (--no-renames)');
    expect(text).toMatch(/dropColumn\(('User', )?'nick'/);

    project.ok(['upgrade', 'head']);
    expect(await project.values('User', 'fullName')).toEqual(['Ann', 'Bob']);
    expectSuccess(project.run(['check']));
    project.ok(['downgrade', '-1']);
    expect(await project.values('User', 'full_name')).toEqual(['Ann', 'Bob']);
  });

  it('--no-renames answers every question "new"', async () => {
    await withNames(`model User {\n  ${ID}\n  full_name String?\n}`, `model User {\n  ${ID}\n  fullName String?\n}`);
    expectSuccess(project.run(['revision', '--autogenerate', '-m', 'fresh', '--no-renames']));
    const text = project.latestRevision();
    expect(text).toContain('User.fullName: new column, not renamed from User.full_name (--no-renames)');
    expect(text).not.toContain('renameColumn');
  });

  it('follows a /// @pmig.renamedFrom hint, and refuses one that matches nothing', async () => {
    await withNames(`model User {\n  ${ID}\n  full_name String\n}`, `model User {\n  ${ID}\n  /// @pmig.renamedFrom("fullname")\n  fullName String\n}`);
    const wrong = project.run(['revision', '--autogenerate', '-m', 'hinted']);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('@pmig.renamedFrom("fullname") on field User.fullName matches nothing: no dropped column named "fullname" in User (dropped: full_name)');

    project.schema(`model User {\n  ${ID}\n  /// The name shown on the profile.\n  /// @pmig.renamedFrom("full_name")\n  fullName String\n}`);
    expectSuccess(project.run(['revision', '--autogenerate', '-m', 'hinted']));
    expect(project.latestRevision()).toContain('User.full_name → User.fullName: renamed (schema hint @pmig.renamedFrom("full_name") on field User.fullName)');
    project.ok(['upgrade', 'head']);
    expect(await project.values('User', 'fullName')).toEqual(['Ann', 'Bob']);
    // The hint stays in the schema once applied: it is not an error then.
    expectSuccess(project.run(['check']));
    expect(project.run(['revision', '--autogenerate', '-m', 'nothing']).stderr).toContain('No changes in schema detected');
  });

  it('renames an enum (a named type on PostgreSQL only) and one of its values from flags', async () => {
    const schema = (name: string, first: string) => `enum ${name} {\n  ${first}\n  ADMIN\n}\nmodel User {\n  ${ID}\n  role ${name}\n}`;
    project.init(schema('Role', 'USER'));
    await project.insert('User', [{ role: 'USER' }, { role: 'ADMIN' }]);
    // SQLite keeps no enum: its values are known from the stored name map, by the enum's Prisma
    // name, so there the enum keeps its name (a known limit: renaming both at once is not seen).
    const name = dialect === 'sqlite' ? 'Role' : 'Level';
    project.schema(schema(name, 'MEMBER'));
    const flags = [`--rename-enum-value=${name}.USER=MEMBER`, ...(dialect === 'postgresql' ? ['--rename-enum', 'Role=Level'] : [])];

    expectSuccess(project.run(['revision', '--autogenerate', '-m', 'levels', ...flags]));
    const text = project.latestRevision();
    expect(text).toContain(`${name}.USER → ${name}.MEMBER: renamed (--rename-enum-value ${name}.USER=MEMBER)`);
    if (dialect === 'postgresql') {
      expect(text).toContain('Role → Level: renamed (--rename-enum Role=Level)');
      expect(text).toContain(`await op.execute('ALTER TYPE "Role" RENAME TO "Level"');`);
    }
    project.ok(['upgrade', 'head']);
    expect(await project.values('User', 'role')).toEqual(['MEMBER', 'ADMIN']);
    expectSuccess(project.run(['check']));
    project.ok(['downgrade', '-1']);
    expect(await project.values('User', 'role')).toEqual(['USER', 'ADMIN']);
  });

  it('renames without a question when only @map / @@map changed (the stored name map says so)', async () => {
    project.init(`model User {\n  ${ID}\n  fullName String @map("full_name")\n  @@map("people")\n}`);
    await project.insert('people', [{ full_name: 'Ann' }, { full_name: 'Bob' }]);
    project.schema(`model User {\n  ${ID}\n  fullName String @map("display_name")\n  @@map("persons")\n}`);
    expectSuccess(project.run(['revision', '--autogenerate', '-m', 'remap']));
    const text = project.latestRevision();
    expect(text).toContain('people → persons: renamed (certain: @@map of model User changed)');
    expect(text).toContain('persons.full_name → persons.display_name: renamed (certain: @map of field fullName changed)');
    project.ok(['upgrade', 'head']);
    expect(await project.values('persons', 'display_name')).toEqual(['Ann', 'Bob']);
    expectSuccess(project.run(['check']));
    project.ok(['downgrade', '-1']);
    expect(await project.values('people', 'full_name')).toEqual(['Ann', 'Bob']);
  });
});
