/**
 * MySQL/MariaDB commit DDL implicitly, so a revision that stops half way leaves its first
 * statements applied. The statement journal records them; these tests pin down what every command
 * does with such a record: `current` reports it (text and --json), a downgrade or an upgrade that
 * does not finish the revision refuses and says how to finish it, a revision that now emits other
 * statements is refused, `stamp` clears the record and says so, and a statement that was running
 * when the run died and had taken effect is recognised instead of failing with "already exists".
 */
import { describeDialects, withDb } from '../helpers/databases';
import { TestProject } from '../helpers/project';
import { journalRows, versionHeads } from './kill-chain';
import { tally } from './tally';

const R1 = 'm10000000001';
const R2 = 'm10000000002';
const R3 = 'm10000000003';
const table = (name: string) => `await op.createTable('${name}', [{ name: 'id', type: 'Int', primaryKey: true, nullable: false }]);`;

describeDialects('a MySQL revision left half done', (_dialect, db) => {
  it('is reported, blocks runs that would not finish it, and is finished or cleared on request', async () => {
    const project = new TestProject(db().url);
    try {
      project.writeRevision({ id: R1, message: 'one', upgrade: table('t1'), downgrade: "await op.dropTable('t1');" });
      const writeR2 = (third: string, first = table('t2')) => project.writeRevision({
        id: R2, down: R1, message: 'two', upgrade: `${first}\n  ${table('t2b')}\n  ${third}`,
        downgrade: "await op.dropTable('t2b'); await op.dropTable('t2');",
      });
      writeR2("await op.execute('INSERT INTO missing VALUES (1)');");
      project.writeRevision({ id: R3, down: R2, message: 'three', upgrade: table('t3'), downgrade: "await op.dropTable('t3');" });

      const failed = project.run(['upgrade', 'head']);
      expect(failed.code).toBe(1);
      expect(failed.stderr).toContain(`it stopped after statement 2: CREATE TABLE \`t2b\``);
      expect(failed.stderr).toContain(`resumes ${R2} from statement 3`);
      tally.fault();

      // current, as text and as JSON.
      const current = project.run(['current']);
      expect(current.stdout).toContain(`revision ${R2} was interrupted after statement 2 of 3: CREATE TABLE \`t2b\``);
      expect(current.stdout).toContain(`\`pmig upgrade ${R2}\``);
      const json = JSON.parse(project.ok(['current', '--json']).stdout) as { interrupted: { revision: string; done: number; total: number }[] };
      expect(json.interrupted).toEqual([expect.objectContaining({ revision: R2, direction: 'upgrade', done: 2, total: 3 })]);

      // A downgrade below the half-done revision refuses and runs nothing.
      const down = project.run(['downgrade', 'base', '--yes']);
      expect(down.code).toBe(1);
      expect(down.stderr).toContain(`Nothing was run: revision ${R2} was interrupted after statement 2 of 3`);
      expect(down.stderr).toContain(`Finish it first: \`pmig upgrade ${R2}\``);
      await withDb(db().url, async (conn) => expect(await versionHeads(conn)).toEqual([R1]));
      tally.inputs();

      // A revision that now emits other first statements is refused.
      writeR2('', table('t2_renamed'));
      const changed = project.run(['upgrade', 'head']);
      expect(changed.code).toBe(1);
      expect(changed.stderr).toContain(`statement 1 it emits now is not the one that ran then`);
      expect(changed.stderr).toContain('CREATE TABLE `t2_renamed`');
      tally.inputs();

      // The run died while statement 2 was running, and it had completed: recognised, not "already exists".
      writeR2('');
      await withDb(db().url, async (conn) => {
        const [row] = await conn.query<{ hashes: string }>('SELECT hashes FROM pmig_version_journal');
        // As the journal reads when the client died during statement 2 (MySQL assigns left to right).
        await conn.execute(
          "UPDATE pmig_version_journal SET done = 1, started = 2, hashes = ?, started_statement = done_statement, done_statement = 'CREATE TABLE `t2` ...'",
          [row.hashes.split(' ')[0]],
        );
      });
      expect(project.run(['current']).stdout).toContain('statement 2 was running when it stopped and may have taken effect: CREATE TABLE `t2b`');
      const resumed = project.run(['upgrade', 'head']);
      expect(resumed.code).toBe(0);
      expect(resumed.stderr).toContain(`statement 2 of ${R2} was running when the earlier run was interrupted, and the database says it had taken effect`);
      await withDb(db().url, async (conn) => {
        expect(await versionHeads(conn)).toEqual([R3]);
        expect(await journalRows(conn)).toEqual([]);
      });
      tally.revisions(3);

      // stamp clears a record, and says so.
      project.ok(['downgrade', R1, '--yes']);
      writeR2("await op.execute('INSERT INTO missing VALUES (1)');");
      expect(project.run(['upgrade', 'head']).code).toBe(1);
      const stamped = project.run(['stamp', R2]);
      expect(stamped.code).toBe(0);
      expect(stamped.stderr).toContain(`Cleared the record that revision ${R2} was interrupted after statement 2`);
      await withDb(db().url, async (conn) => expect(await journalRows(conn)).toEqual([]));
      expect(project.run(['current']).stdout).not.toContain('interrupted');
    } finally {
      project.remove();
    }
  }, 120_000);

  it('resumes after an operation whose SQL is built from the live column it already changed', async () => {
    // MySQL's MODIFY/CHANGE COLUMN is rendered from the live column: once the rename ran, the old
    // column is gone, so rendering the op again would fail. The resume skips it by its recorded op.
    const project = new TestProject(db().url);
    try {
      await withDb(db().url, async (conn) => {
        await conn.execute('CREATE TABLE people (id INT NOT NULL PRIMARY KEY, full_name VARCHAR(20) NULL)');
        await conn.execute("INSERT INTO people VALUES (1, 'Ada'), (2, 'Grace')");
      });
      const R = 'm20000000001';
      project.writeRevision({
        id: R, message: 'rename and widen',
        upgrade: "await op.alterColumn('people', 'full_name', { newName: 'name', type: 'String', nativeType: 'VarChar(80)' });\n  await op.execute('INSERT INTO audit VALUES (1)');",
        downgrade: "await op.alterColumn('people', 'name', { newName: 'full_name', type: 'String', nativeType: 'VarChar(20)' });",
      });
      const failed = project.run(['upgrade', 'head']);
      expect(failed.code).toBe(1);
      tally.fault();
      expect(project.run(['current']).stdout).toContain(`revision ${R} was interrupted after statement 1`);

      await withDb(db().url, (conn) => conn.execute('CREATE TABLE audit (id INT NOT NULL)'));
      const resumed = project.run(['upgrade', 'head']);
      expect(resumed.stderr).toContain('resuming from statement 2');
      expect(resumed.code).toBe(0);
      await withDb(db().url, async (conn) => {
        expect(await versionHeads(conn)).toEqual([R]);
        expect(await journalRows(conn)).toEqual([]);
        const rows = await conn.query<{ id: number; name: string }>('SELECT id, name FROM people ORDER BY id');
        expect(rows).toEqual([{ id: 1, name: 'Ada' }, { id: 2, name: 'Grace' }]);
        expect(await conn.query('SELECT id FROM audit')).toEqual([{ id: 1 }]);
        tally.rows(rows.length);
      });
      tally.revisions(1);
    } finally {
      project.remove();
    }
  }, 120_000);
}, ['mysql']);
