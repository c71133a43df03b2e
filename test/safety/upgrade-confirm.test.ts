/**
 * `pmig upgrade` and destructive steps of hand-written revisions: the warning with its count, the
 * question in a terminal (driven through a pseudo-terminal made by `script`), --yes, and no terminal.
 */
import { TestProject } from '../helpers/project';
import { describeDialects } from '../helpers/databases';
import { rows, sql } from './helpers';
import { runInTerminal } from './terminal';

describeDialects('upgrade warns before destructive steps', (dialect, db) => {
  let project: TestProject;
  beforeEach(async () => {
    project = new TestProject(db().url);
    await sql(db().url, [
      'CREATE TABLE notes (id INTEGER NOT NULL PRIMARY KEY, body VARCHAR(100) NULL, tag VARCHAR(30) NULL)',
      "INSERT INTO notes (id, body, tag) VALUES (1, 'one', 'a-very-long-tag'), (2, 'two', 'b'), (3, NULL, NULL)",
    ]);
    project.writeRevision({ id: 'aaa000000001', message: 'drop body', upgrade: "await op.dropColumn('notes', 'body');" });
  });
  afterEach(() => project.remove());

  it('without a terminal: prints the count and goes on', async () => {
    const r = project.run(['upgrade', 'head']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('WARNING: Revision aaa000000001 drops column "notes"."body" holding 2 non-null values: they will be lost.');
    expect(await rows(db().url, 'SELECT * FROM notes ORDER BY id')).toEqual([{ id: 1, tag: 'a-very-long-tag' }, { id: 2, tag: 'b' }, { id: 3, tag: null }]);
  });

  it('with --yes: prints the count and goes on, also for a narrowing type change', async () => {
    project.writeRevision({
      id: 'aaa000000002', down: 'aaa000000001', message: 'narrow tag',
      upgrade: "await op.alterColumn('notes', 'tag', { type: 'String', nativeType: 'VarChar(5)', existing: { type: 'String', nativeType: 'VarChar(30)', nullable: true } });",
    });
    const r = project.run(['upgrade', 'aaa000000001', '--yes']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('drops column "notes"."body" holding 2 non-null values');
    if (dialect === 'sqlite') return; // SQLite has no string lengths: nothing to narrow
    await sql(db().url, ["UPDATE notes SET tag = 'short' WHERE id = 2"]);
    const narrowed = project.run(['upgrade', 'head', '--yes']);
    expect(narrowed.stderr).toContain('WARNING: Revision aaa000000002 narrows "notes"."tag": 1 value is longer than 5 characters');
  });

  it('in a terminal: asks, and "no" stops before the drop', async () => {
    const declined = await runInTerminal(project, ['upgrade', 'head'], 'n\r');
    expect(declined.output).toContain('drops column "notes"."body" holding 2 non-null values');
    expect(declined.code).not.toBe(0);
    expect(declined.output).toContain('the destructive step was declined');
    expect((await rows(db().url, 'SELECT body FROM notes ORDER BY id')).map((r) => r.body)).toEqual(['one', 'two', null]);

    const accepted = await runInTerminal(project, ['upgrade', 'head'], 'y\r');
    expect(accepted.code).toBe(0);
    expect(await rows(db().url, 'SELECT * FROM notes ORDER BY id')).toEqual([{ id: 1, tag: 'a-very-long-tag' }, { id: 2, tag: 'b' }, { id: 3, tag: null }]);
  });
});
