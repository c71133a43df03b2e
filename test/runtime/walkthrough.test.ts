/**
 * The seeds' walkthrough through the real CLI on each database: create users, add last_login, a
 * data revision that fills it, downgrade -1, downgrade base.
 */
import { connect } from '../../src/db/connect';
import type { Connection } from '../../src/db/types';
import { describeDialects } from '../helpers/databases';
import { TestProject } from '../helpers/project';

describeDialects('seeds walkthrough', (dialect, db) => {
  let project: TestProject;
  let conn: Connection;
  beforeEach(async () => {
    project = new TestProject(db().url);
    conn = await connect(db().url);
  });
  afterEach(async () => {
    await conn.close();
    project.remove();
  });

  const tables = async (): Promise<string[]> => {
    const rows = dialect === 'postgresql'
      ? await conn.query<{ name: string }>("SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public'")
      : dialect === 'mysql'
        ? await conn.query<{ name: string }>('SELECT table_name AS name FROM information_schema.tables WHERE table_schema = DATABASE()')
        : await conn.query<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'");
    return rows.map((r) => r.name).sort();
  };

  it('creates, alters, backfills and reverts step by step', async () => {
    project.writeRevision({
      id: 'a1c0ffee0001', message: 'create users',
      upgrade: `await op.createTable('users', [
        { name: 'id', type: 'Int', primaryKey: true, autoincrement: true, nullable: false },
        { name: 'name', type: 'String', nativeType: 'VarChar(100)', nullable: false },
        { name: 'created_at', type: 'DateTime', nullable: false, default: { now: true } },
      ]);
      await op.bulkInsert('users', [{ name: 'ada' }, { name: 'linus' }, { name: 'grace' }]);`,
      downgrade: "await op.dropTable('users');",
    });
    project.writeRevision({
      id: 'b2c0ffee0002', down: 'a1c0ffee0001', message: 'add last_login',
      upgrade: "await op.addColumn('users', { name: 'last_login', type: 'DateTime', nullable: true });",
      downgrade: "await op.dropColumn('users', 'last_login');",
    });
    project.writeRevision({
      id: 'c3c0ffee0003', down: 'b2c0ffee0002', message: 'fill last_login',
      extra: "export const kind = 'data';",
      upgrade: "await op.execute(`UPDATE ${op.quote('users')} SET ${op.quote('last_login')} = ${op.quote('created_at')} WHERE ${op.quote('last_login')} IS NULL`);",
      downgrade: "await op.execute(`UPDATE ${op.quote('users')} SET ${op.quote('last_login')} = NULL`);",
    });

    const up = project.ok(['upgrade', 'head']);
    expect(up.stderr).toContain('Running upgrade  -> a1c0ffee0001, create users');
    expect(up.stderr).toContain('Running upgrade b2c0ffee0002 -> c3c0ffee0003, fill last_login');
    expect(project.ok(['current']).stdout.trim()).toBe('c3c0ffee0003 (head)');
    const filled = await conn.query<{ n: number | string }>('SELECT COUNT(*) AS n FROM users WHERE last_login IS NOT NULL');
    expect(Number(filled[0].n)).toBe(3);

    const history = project.ok(['history']).stdout.trim().split('\n');
    expect(history).toEqual([
      'b2c0ffee0002 -> c3c0ffee0003 (head) (data), fill last_login',
      'a1c0ffee0001 -> b2c0ffee0002, add last_login',
      '<base> -> a1c0ffee0001, create users',
    ]);

    project.ok(['downgrade', '-1']);
    expect(project.ok(['current']).stdout.trim()).toBe('b2c0ffee0002');
    const cleared = await conn.query<{ n: number | string }>('SELECT COUNT(*) AS n FROM users WHERE last_login IS NOT NULL');
    expect(Number(cleared[0].n)).toBe(0);

    // Dropping the users table loses its 3 rows: without a terminal to ask, only --yes accepts that.
    const refused = project.run(['downgrade', 'base']);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('holding 3 rows');
    expect(project.ok(['current']).stdout.trim()).toBe('a1c0ffee0001');
    project.ok(['downgrade', 'base', '--yes']);
    expect(project.ok(['current']).stdout.trim()).toBe('');
    expect(await tables()).toEqual(['pmig_version', 'pmig_version_journal', 'pmig_version_log']);

    // And back up again from base: the chain is repeatable.
    project.ok(['upgrade', 'head']);
    const count = await conn.query<{ n: number | string }>('SELECT COUNT(*) AS n FROM users');
    expect(Number(count[0].n)).toBe(3);
  });

  it('writes revisions with pmig revision and upgrades them', () => {
    const first = project.ok(['revision', '-m', 'create users']);
    expect(first.stdout).toMatch(/Generating .*_create_users\.ts/);
    const second = project.ok(['revision', '-m', 'add last_login']);
    expect(second.stdout).toMatch(/add_last_login\.ts/);
    expect(project.ok(['heads']).stdout).toMatch(/^[0-9a-f]{12} \(head\)\n$/);
    project.ok(['upgrade', 'head']);
    expect(project.ok(['current']).stdout).toMatch(/^[0-9a-f]{12} \(head\)\n$/);
    expect(project.ok(['history']).stdout.split('\n').filter(Boolean)).toHaveLength(2);
  });
});
