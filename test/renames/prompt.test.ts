/**
 * Rename questions answered at the real prompt, typed through a pseudo-terminal, on each database:
 * the revision keeps every row through upgrade, gives the old name and values back on downgrade,
 * and leaves `pmig check` clean.
 */
import { describeDialects } from '../helpers/databases';
import { CTRL_C, DOWN, ENTER, expectSuccess, RenameProject } from './helpers';

const ID = 'id Int @id @default(autoincrement())';

describeDialects('rename questions at the prompt', (dialect, db) => {
  let project: RenameProject;
  beforeEach(async () => {
    project = new RenameProject(dialect, db().url);
    await project.open();
  });
  afterEach(() => project.close());

  /** upgrade head keeps the values under the new name, check is clean, downgrade -1 puts them back under the old one. */
  async function expectRoundTrip(now: [string, string], before: [string, string], values: string[]): Promise<void> {
    project.ok(['upgrade', 'head']);
    expect(await project.values(...now)).toEqual(values);
    const check = project.run(['check']);
    expect({ code: check.code, out: check.stdout + check.stderr }).toEqual({ code: 0, out: expect.any(String) });
    project.ok(['downgrade', '-1']);
    expect(await project.values(...before)).toEqual(values);
  }

  it('renames a column (Enter on "renamed from"), with the unique index Prisma names after it', async () => {
    project.init(`model User {\n  ${ID}\n  full_name String @unique\n}`);
    await project.insert('User', [{ full_name: 'Ann' }, { full_name: 'Bob' }]);
    project.schema(`model User {\n  ${ID}\n  fullName String @unique\n}`);

    const r = project.inTerminal(['revision', '--autogenerate', '-m', 'rename'], [ENTER]);
    expectSuccess(r);
    expect(r.stdout).toContain('Column User.fullName (String) was added and User.full_name (String) dropped: is it a rename?');
    const text = project.latestRevision();
    expect(text).toContain('User.full_name → User.fullName: renamed (answered at the prompt)');
    expect(text).toContain("await op.renameColumn('User', 'full_name', 'fullName');");
    expect(text).not.toMatch(/dropColumn|addColumn/);
    if (dialect !== 'sqlite') expect(text).toContain("await op.renameIndex('User', 'User_full_name_key', 'User_fullName_key');");
    await expectRoundTrip(['User', 'fullName'], ['User', 'full_name'], ['Ann', 'Bob']);
  });

  it('renames a table (arrow keys), carrying its keys, indexes and the foreign keys pointing at it', async () => {
    const post = (model: string) => `model Post {\n  ${ID}\n  title String\n  authorId Int\n  author ${model} @relation(fields: [authorId], references: [id])\n}`;
    project.init(`model User {\n  ${ID}\n  name String\n  email String @unique\n  posts Post[]\n}\n${post('User')}`);
    await project.insert('User', [{ name: 'Ann', email: 'a@x' }, { name: 'Bob', email: 'b@x' }]);
    await project.insert('Post', [{ title: 'hello', authorId: 2 }]);
    project.schema(`model Account {\n  ${ID}\n  name String\n  email String @unique\n  posts Post[]\n}\n${post('Account')}`);

    // Down then up again lands on "renamed from User": the arrow keys move the choice.
    const r = project.inTerminal(['revision', '--autogenerate', '-m', 'rename table'], [DOWN, '\x1b[A', ENTER]);
    expectSuccess(r);
    const text = project.latestRevision();
    expect(text).toContain('User → Account: renamed (answered at the prompt)');
    expect(text).toContain("await op.renameTable('User', 'Account');");
    expect(text).not.toMatch(/dropTable|createTable/);
    if (dialect === 'postgresql') expect(text).toContain("await op.renameIndex('Account', 'User_pkey', 'Account_pkey');");
    if (dialect !== 'sqlite') expect(text).toContain("await op.renameIndex('Account', 'User_email_key', 'Account_email_key');");
    await expectRoundTrip(['Account', 'email'], ['User', 'email'], ['a@x', 'b@x']);
    expect(await project.values('Post', 'authorId')).toEqual(['2']);
  });

  it('renames a column and changes its type and nullability: rename, then alter', async () => {
    project.init(`model User {\n  ${ID}\n  age Int\n}`);
    await project.insert('User', [{ age: 30 }, { age: 41 }]);
    project.schema(`model User {\n  ${ID}\n  years BigInt?\n}`);

    const r = project.inTerminal(['revision', '--autogenerate', '-m', 'rename and widen'], [ENTER]);
    expectSuccess(r);
    const text = project.latestRevision();
    const rename = text.indexOf("renameColumn('User', 'age', 'years')");
    const alter = text.search(/alterColumn\(('User', )?'years'/);
    expect(rename).toBeGreaterThan(0);
    expect(alter).toBeGreaterThan(rename);
    await expectRoundTrip(['User', 'years'], ['User', 'age'], ['30', '41']);
  });

  it('lists both candidates for one added column; a typed "2" picks the second', async () => {
    project.init(`model User {\n  ${ID}\n  first String?\n  last String?\n}`);
    await project.insert('User', [{ first: 'Ada', last: 'Lovelace' }, { first: 'Alan', last: 'Turing' }]);
    project.schema(`model User {\n  ${ID}\n  family String?\n}`);

    const r = project.inTerminal(['revision', '--autogenerate', '-m', 'family name'], ['2', ENTER]);
    expectSuccess(r);
    expect(r.stdout).toContain('Column User.family (String) was added and User.first (String), User.last (String) dropped: is it a rename?');
    const text = project.latestRevision();
    expect(text).toContain('User.last → User.family: renamed (answered at the prompt)');
    expect(text).toContain("renameColumn('User', 'last', 'family')");
    expect(text).toMatch(/dropColumn\(('User', )?'first'/);
    await expectRoundTrip(['User', 'family'], ['User', 'last'], ['Lovelace', 'Turing']);
  });

  it('renames an enum value, rows and default included', async () => {
    const schema = (values: string, dflt: string) => `enum Role {\n  ${values}\n}\nmodel User {\n  ${ID}\n  role Role @default(${dflt})\n}`;
    project.init(schema('USER\n  ADMIN', 'USER'));
    await project.insert('User', [{ role: 'USER' }, { role: 'ADMIN' }, { role: 'USER' }]);
    project.schema(schema('MEMBER\n  ADMIN', 'MEMBER'));

    const r = project.inTerminal(['revision', '--autogenerate', '-m', 'members'], [ENTER]);
    expectSuccess(r);
    expect(r.stdout).toContain('Enum value Role.MEMBER was added and Role.USER dropped: is it a rename?');
    expect(project.latestRevision()).toContain('Role.USER → Role.MEMBER: renamed (answered at the prompt)');
    project.ok(['upgrade', 'head']);
    expect(await project.values('User', 'role')).toEqual(['MEMBER', 'ADMIN', 'MEMBER']);
    await project.insert('User', [{}]);
    expect(await project.values('User', 'role')).toEqual(['MEMBER', 'ADMIN', 'MEMBER', 'MEMBER']);
    expect(project.run(['check']).code).toBe(0);
    project.ok(['downgrade', '-1']);
    expect(await project.values('User', 'role')).toEqual(['USER', 'ADMIN', 'USER', 'USER']);
  });

  it('"no, it is new": the old column is dropped and a new one added, and the revision says so', async () => {
    project.init(`model User {\n  ${ID}\n  full_name String?\n}`);
    await project.insert('User', [{ full_name: 'Ann' }]);
    project.schema(`model User {\n  ${ID}\n  fullName String?\n}`);

    const r = project.inTerminal(['revision', '--autogenerate', '-m', 'new column'], [DOWN, ENTER]);
    expectSuccess(r);
    const text = project.latestRevision();
    expect(text).toContain('User.fullName: new column, not renamed from User.full_name (answered at the prompt)');
    expect(text).not.toContain('renameColumn');
    expect(text).toMatch(/dropColumn\(('User', )?'full_name'/);
    expect(text).toMatch(/addColumn\(('User', )?\{ name: 'fullName'/);
    project.ok(['upgrade', 'head']);
    expect(project.run(['check']).code).toBe(0);
  });

  it('Ctrl-C at the question writes nothing and exits non-zero', async () => {
    project.init(`model User {\n  ${ID}\n  full_name String\n}`);
    const before = project.revisionTexts();
    // The init revision records the names it targeted.
    expect(Object.values(before).join('')).toContain('"full_name":"full_name"');
    project.schema(`model User {\n  ${ID}\n  fullName String\n}`);

    const r = project.inTerminal(['revision', '--autogenerate', '-m', 'aborted'], [CTRL_C]);
    expect(r.code).not.toBe(0);
    expect(r.stdout).toContain('no revision was written');
    expect(project.revisionTexts()).toEqual(before);
  });
});
