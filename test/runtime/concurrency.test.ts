/** Two `pmig upgrade head` at once apply each revision exactly once: the second waits, then finds nothing to do. */
import { connect } from '../../src/db/connect';
import { describeDialects } from '../helpers/databases';
import { TestProject } from '../helpers/project';

describeDialects('concurrent upgrades', (dialect, db) => {
  it('applies each revision once', async () => {
    const project = new TestProject(db().url);
    try {
      project.writeRevision({
        id: 'c0000000001', message: 'create runs',
        upgrade: "await op.createTable('runs', [{ name: 'rev', type: 'String', nativeType: " + (dialect === 'sqlite' ? 'undefined' : "'VarChar(20)'") + ", nullable: false }]);",
        downgrade: "await op.dropTable('runs');",
      });
      let down = 'c0000000001';
      for (let i = 2; i <= 6; i++) {
        const id = `c000000000${i}`;
        // Each revision records that it ran and takes a moment, so that the two runs overlap.
        project.writeRevision({
          id, down, message: `step ${i}`,
          upgrade: `await op.bulkInsert('runs', [{ rev: '${id}' }]); await new Promise((r) => setTimeout(r, 150));`,
          downgrade: `await op.execute("DELETE FROM runs WHERE rev = '${id}'");`,
        });
        down = id;
      }
      const [a, b] = await Promise.all([project.start(['upgrade', 'head']), project.start(['upgrade', 'head'])]);
      expect([a, b].map((r) => (r.code === 0 ? 0 : r.stderr))).toEqual([0, 0]);
      const conn = await connect(db().url);
      try {
        const rows = await conn.query<{ rev: string }>('SELECT rev FROM runs ORDER BY rev');
        expect(rows.map((r) => r.rev)).toEqual(['c0000000002', 'c0000000003', 'c0000000004', 'c0000000005', 'c0000000006']);
        const log = await conn.query<{ n: number | string }>("SELECT COUNT(*) AS n FROM pmig_version_log WHERE direction = 'upgrade'");
        expect(Number(log[0].n)).toBe(6);
      } finally {
        await conn.close();
      }
      const outputs = [a.stderr, b.stderr];
      expect(outputs.filter((o) => o.includes('Running upgrade c0000000005 -> c0000000006'))).toHaveLength(1);
      expect(outputs.filter((o) => o.includes('Nothing to do'))).toHaveLength(1);
    } finally {
      project.remove();
    }
  });
});
