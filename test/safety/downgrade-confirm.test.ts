/**
 * `pmig downgrade` asks before it destroys, as upgrade does: the warning with the rows counted on
 * the database, the question in a terminal, --yes; and without a terminal a downgrade that would
 * lose rows is refused unless --yes (the revision is left applied, exit non-zero).
 */
import { TestProject } from '../helpers/project';
import { describeDialects } from '../helpers/databases';
import { rows, sql } from './helpers';
import { runInTerminal } from './terminal';

const CREATE_NOTES = "await op.createTable('notes', [{ name: 'id', type: 'Int', primaryKey: true, nullable: false }, { name: 'body', type: 'String', nullable: true }]);";
const ADD_INDEX = "await op.createIndex('notes_body_idx', 'notes', ['body']);";
const DROP_INDEX = "await op.dropIndex('notes_body_idx', { table: 'notes' });";
const ROWS = 500;
const LOST_WARNING = `WARNING: Revision aaa000000001 drops table "notes" holding ${ROWS} rows: they will be lost.`;

describeDialects('downgrade asks before it destroys', (dialect, db) => {
  let project: TestProject;

  const noteCount = async () => Number((await rows<{ n: number }>(db().url, 'SELECT COUNT(*) AS n FROM notes'))[0].n);
  const current = () => project.ok(['current']).stdout.trim();
  const notesExists = () => rows(db().url, 'SELECT 1 FROM notes').then(() => true, () => false);

  beforeEach(async () => {
    project = new TestProject(db().url);
    project.writeRevision({ id: 'aaa000000001', message: 'create notes', upgrade: CREATE_NOTES, downgrade: "await op.dropTable('notes');" });
    project.writeRevision({ id: 'aaa000000002', down: 'aaa000000001', message: 'index body', upgrade: ADD_INDEX, downgrade: DROP_INDEX });
    project.ok(['upgrade', 'aaa000000001']);
  });
  afterEach(() => project.remove());

  const fill = () => sql(db().url, [`INSERT INTO notes (id, body) VALUES ${Array.from({ length: ROWS }, (_, i) => `(${i + 1}, 'note ${i + 1}')`).join(', ')}`]);

  it('without a terminal and without --yes: warns with the live count, refuses, keeps the rows and the revision', async () => {
    await fill();
    const r = project.run(['downgrade', '-1']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(LOST_WARNING);
    expect(r.stderr).toContain('there is no terminal to confirm it; run again with --yes to accept the loss.');
    expect(r.stderr).not.toMatch(/\n\s+at /); // a message, not a stack
    expect(await noteCount()).toBe(ROWS);
    expect(current()).toContain('aaa000000001');
  });

  it('with --yes: warns with the count and drops', async () => {
    await fill();
    const r = project.run(['downgrade', '-1', '--yes']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(LOST_WARNING);
    expect(await notesExists()).toBe(false);
    expect(current()).not.toContain('aaa000000001');
  });

  it('an empty table is dropped without a question: there is nothing to lose', async () => {
    const r = project.run(['downgrade', '-1']);
    expect(r.code).toBe(0);
    expect(r.stderr).not.toContain('WARNING');
    expect(await notesExists()).toBe(false);
  });

  it('a run that reaches a destructive step stops there: the revisions before it stay downgraded', async () => {
    project.ok(['upgrade', 'head']);
    await fill();
    const r = project.run(['downgrade', 'base']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('completed before it: aaa000000002');
    expect(r.stderr).toContain(LOST_WARNING);
    expect(current()).toContain('aaa000000001');
    expect(current()).not.toContain('aaa000000002');
    expect(await noteCount()).toBe(ROWS);
  });

  it('in a terminal: asks; "no" stops with the rows kept, "yes" drops', async () => {
    await fill();
    const declined = await runInTerminal(project, ['downgrade', '-1'], 'n\r');
    expect(declined.asked).toBe(true);
    expect(declined.output).toContain(`drops table "notes" holding ${ROWS} rows: they will be lost.`);
    expect(declined.output).toContain('the destructive step was declined');
    expect(declined.code).not.toBe(0);
    expect(await noteCount()).toBe(ROWS);
    expect(current()).toContain('aaa000000001');

    const accepted = await runInTerminal(project, ['downgrade', '-1'], 'y\r');
    expect(accepted.asked).toBe(true);
    expect(accepted.code).toBe(0);
    expect(await notesExists()).toBe(false);
    expect(current()).not.toContain('aaa000000001');
  });

  it('--sql with --yes is refused: there is nothing to confirm offline', () => {
    const r = project.run(['downgrade', 'aaa000000001:base', '--sql', '--yes']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/--yes.*--sql|--sql.*--yes/);
  });
});
