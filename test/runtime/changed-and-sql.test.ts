/** A revision edited after being applied; --sql offline output with ranges; stamp and --purge. */
import { appendFileSync } from 'node:fs';
import { connect } from '../../src/db/connect';
import { describeDialects } from '../helpers/databases';
import { TestProject } from '../helpers/project';

function chain(project: TestProject): string[] {
  const a = project.writeRevision({
    id: 'aa0000000001', message: 'create users',
    upgrade: "await op.createTable('users', [{ name: 'id', type: 'Int', primaryKey: true, nullable: false }, { name: 'email', type: 'String', nativeType: 'VarChar(191)', nullable: false }]);",
    downgrade: "await op.dropTable('users');",
  });
  const b = project.writeRevision({
    id: 'bb0000000002', down: 'aa0000000001', message: 'add last_login',
    upgrade: "await op.addColumn('users', { name: 'last_login', type: 'DateTime', nullable: true });",
    downgrade: "await op.dropColumn('users', 'last_login');",
  });
  return [a, b];
}

describeDialects('changed revisions, --sql and stamp', (dialect, db) => {
  let project: TestProject;
  beforeEach(() => {
    project = new TestProject(db().url);
  });
  afterEach(() => project.remove());

  it('reports and refuses a revision file changed after it was applied', () => {
    const [first] = chain(project);
    project.ok(['upgrade', 'head']);
    expect(project.ok(['current', '--verbose']).stdout).not.toContain('changed since applied');
    appendFileSync(first, '\n// edited after it ran\n');

    const verbose = project.ok(['current', '--verbose']).stdout;
    expect(verbose).toContain('Applied revision files changed since they were applied: aa0000000001');
    const json = JSON.parse(project.ok(['current', '--json']).stdout);
    expect(json.changedSinceApplied).toEqual(['aa0000000001']);

    project.writeRevision({ id: 'cc0000000003', down: 'bb0000000002', message: 'more', upgrade: '', downgrade: '' });
    const refused = project.run(['upgrade', 'head']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('changed after being applied: aa0000000001');
    expect(project.ok(['current']).stdout.trim()).toBe('bb0000000002');
    project.ok(['upgrade', 'head', '--allow-changed']);
    expect(project.ok(['current']).stdout.trim()).toBe('cc0000000003 (head)');
  });

  it('prints the SQL of a range with --sql without touching the database', async () => {
    chain(project);
    const full = project.ok(['upgrade', 'head', '--sql']).stdout;
    expect(full).toContain('CREATE TABLE IF NOT EXISTS');
    expect(full).toContain('-- Running upgrade  -> aa0000000001, create users');
    expect(full).toContain('-- Running upgrade aa0000000001 -> bb0000000002, add last_login');
    expect(full.indexOf('create users')).toBeLessThan(full.indexOf('add last_login'));
    if (dialect === 'mysql') expect(full).toContain("INSERT INTO `pmig_version` (`version_num`) VALUES ('aa0000000001');");
    else expect(full).toContain(`INSERT INTO "pmig_version" ("version_num") VALUES ('aa0000000001');`);
    if (dialect !== 'mysql') expect(full).toMatch(/BEGIN;[\s\S]*COMMIT;/);

    const partial = project.ok(['upgrade', 'aa0000000001:bb0000000002', '--sql']).stdout;
    expect(partial).not.toContain('create users');
    expect(partial).not.toContain('CREATE TABLE IF NOT EXISTS');
    expect(partial).toContain('UPDATE');

    const down = project.ok(['downgrade', 'bb0000000002:base', '--sql']).stdout;
    expect(down.indexOf('Running downgrade bb0000000002 -> aa0000000001')).toBeLessThan(down.indexOf('Running downgrade aa0000000001 -> , create users'));
    expect(down).toMatch(/DROP TABLE/);

    const noRange = project.run(['downgrade', 'base', '--sql']);
    expect(noRange.code).toBe(1);
    expect(noRange.stderr).toContain('downgrade with --sql requires <fromrev>:<torev>');

    // Nothing ran: the database has no tables at all.
    const conn = await connect(db().url);
    try {
      const rows = dialect === 'sqlite'
        ? await conn.query("SELECT name FROM sqlite_master WHERE type = 'table'")
        : await conn.query(dialect === 'mysql'
          ? 'SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE()'
          : "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'");
      expect(rows).toHaveLength(0);
    } finally {
      await conn.close();
    }
  });

  it('stamps without running, and --purge replaces unknown rows', async () => {
    chain(project);
    project.ok(['stamp', 'head']);
    expect(project.ok(['current']).stdout.trim()).toBe('bb0000000002 (head)');
    const conn = await connect(db().url);
    try {
      const users = dialect === 'sqlite'
        ? await conn.query("SELECT name FROM sqlite_master WHERE name = 'users'")
        : await conn.query(`SELECT table_name FROM information_schema.tables WHERE table_name = 'users' AND table_schema = ${dialect === 'mysql' ? 'DATABASE()' : "'public'"}`);
      expect(users).toHaveLength(0);
      project.ok(['stamp', 'base']);
      expect(project.ok(['current']).stdout.trim()).toBe('');
      await conn.execute("INSERT INTO pmig_version (version_num) VALUES ('deadbeef0000')");
      const refused = project.run(['stamp', 'aa0000000001']);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain('deadbeef0000');
      project.ok(['stamp', '--purge', 'aa0000000001']);
      expect(project.ok(['current']).stdout.trim()).toBe('aa0000000001');
    } finally {
      await conn.close();
    }
  });
});
