/**
 * A failing revision in the middle of a chain: the database and the version table stay at the last
 * good revision (PostgreSQL and SQLite roll the revision back; MySQL, which commits DDL implicitly,
 * names the statement that failed and what had been applied).
 */
import { connect } from '../../src/db/connect';
import { describeDialects } from '../helpers/databases';
import { TestProject } from '../helpers/project';

describeDialects('failing revision', (dialect, db) => {
  it('stops at the last good revision and says what happened', async () => {
    const project = new TestProject(db().url);
    try {
      project.writeRevision({
        id: 'f1000000001', message: 'create things',
        upgrade: "await op.createTable('things', [{ name: 'id', type: 'Int', primaryKey: true, nullable: false }]);",
        downgrade: "await op.dropTable('things');",
      });
      project.writeRevision({
        id: 'f1000000002', down: 'f1000000001', message: 'half done',
        upgrade: `await op.addColumn('things', { name: 'note', type: 'String', nullable: true });
          await op.execute('INSERT INTO no_such_table VALUES (1)');`,
        downgrade: "await op.dropColumn('things', 'note');",
      });
      project.writeRevision({
        id: 'f1000000003', down: 'f1000000002', message: 'never reached',
        upgrade: "await op.createTable('later', [{ name: 'id', type: 'Int', primaryKey: true, nullable: false }]);",
        downgrade: "await op.dropTable('later');",
      });

      const r = project.run(['upgrade', 'head']);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('Upgrade f1000000002 failed');
      expect(r.stderr).toContain('while running: INSERT INTO no_such_table VALUES (1)');
      expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
      const current = project.ok(['current']).stdout.trim().split('\n');
      expect(current[0]).toBe('f1000000001');
      if (dialect === 'mysql') {
        // The statement journal kept what completed: the next run resumes at the failed statement.
        expect(current[1]).toBe('revision f1000000002 was interrupted after statement 1 of 2: ALTER TABLE `things` ADD COLUMN `note` VARCHAR(191) NULL');
        expect(r.stderr).toContain('resumes f1000000002 from statement 2');
      } else {
        expect(current).toHaveLength(1);
      }

      const conn = await connect(db().url);
      try {
        const columns = dialect === 'sqlite'
          ? (await conn.query<{ name: string }>("SELECT name FROM pragma_table_info('things')")).map((c) => c.name)
          : (await conn.query<{ name: string }>(
            dialect === 'postgresql'
              ? "SELECT column_name AS name FROM information_schema.columns WHERE table_name = 'things' AND table_schema = 'public'"
              : "SELECT column_name AS name FROM information_schema.columns WHERE table_name = 'things' AND table_schema = DATABASE()",
          )).map((c) => c.name);
        if (dialect === 'mysql') {
          // DDL commits implicitly: the added column stayed, and the message says so.
          expect(columns.sort()).toEqual(['id', 'note']);
          expect(r.stderr).toContain('MySQL commits DDL implicitly');
          expect(r.stderr).toMatch(/ALTER TABLE `things` ADD COLUMN `note`/);
        } else {
          expect(columns).toEqual(['id']);
          expect(r.stderr).toContain('f1000000002 was rolled back');
        }
        const later = dialect === 'sqlite'
          ? await conn.query("SELECT name FROM sqlite_master WHERE name = 'later'")
          : await conn.query(`SELECT table_name FROM information_schema.tables WHERE table_name = 'later' AND table_schema = ${dialect === 'mysql' ? 'DATABASE()' : "'public'"}`);
        expect(later).toHaveLength(0);
      } finally {
        await conn.close();
      }

      // Fix the revision (it never applied, so editing it is fine) and carry on; on MySQL the run
      // skips the ALTER TABLE that had completed (the same statement, checked) and goes on.
      project.writeRevision({
        id: 'f1000000002', down: 'f1000000001', message: 'half done',
        upgrade: "await op.addColumn('things', { name: 'note', type: 'String', nullable: true });",
        downgrade: "await op.dropColumn('things', 'note');",
      });
      project.ok(['upgrade', 'head']);
      expect(project.ok(['current']).stdout.trim()).toBe('f1000000003 (head)');
    } finally {
      project.remove();
    }
  });
});
