/** Prisma's `?schema=` on a PostgreSQL URL: pmig works inside that schema, as Prisma does. */
import { connect } from '../../src/db/connect';
import { describeDialects } from '../helpers/databases';
import { TestProject } from '../helpers/project';

describeDialects('?schema= in a PostgreSQL URL', (_dialect, db) => {
  it('creates tables and its version table in the named schema', async () => {
    const admin = await connect(db().url);
    await admin.execute('CREATE SCHEMA app');
    await admin.close();
    const url = `${db().url}?schema=app`;
    const project = new TestProject(url);
    try {
      project.writeRevision({
        id: 's00000000001', message: 'create things',
        upgrade: "await op.createTable('things', [{ name: 'id', type: 'Int', primaryKey: true, nullable: false }]);",
        downgrade: "await op.dropTable('things');",
      });
      project.ok(['upgrade', 'head']);
      const conn = await connect(db().url);
      try {
        const rows = await conn.query<{ schema: string; name: string }>(
          "SELECT table_schema AS schema, table_name AS name FROM information_schema.tables WHERE table_schema IN ('app', 'public') ORDER BY 2",
        );
        expect(rows).toEqual([
          { schema: 'app', name: 'pmig_version' },
          { schema: 'app', name: 'pmig_version_journal' },
          { schema: 'app', name: 'pmig_version_log' },
          { schema: 'app', name: 'things' },
        ]);
      } finally {
        await conn.close();
      }
      expect(project.ok(['current']).stdout.trim()).toBe('s00000000001 (head)');
    } finally {
      project.remove();
    }
  });
}, ['postgresql']);
