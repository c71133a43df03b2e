/**
 * The real CLI on a real database, against real Python Alembic on the same graph (two branches, a
 * branch label, a merge, a second root with depends_on): the same revisions run in the same order
 * and the database ends at the same heads, command after command.
 */
import { requireAlembic, runAlembic } from '../script/alembic-oracle';
import { describeDialects } from '../helpers/databases';
import { TestProject } from '../helpers/project';
import { BRANCHED_GRAPH as GRAPH } from '../script/branched-graph';


const SCENARIOS: Record<string, string[][]> = {
  'upgrade heads, downgrade base': [['upgrade', 'heads'], ['downgrade', 'base']],
  'branch@head, relative targets, merge': [
    ['upgrade', 'feature@head'],
    ['upgrade', 'extra@+1'],
    ['upgrade', 'bbb1'],
    ['upgrade', 'extra@head'],
    ['upgrade', 'heads'],
    ['downgrade', '-1'],
    ['downgrade', 'aaa2'],
    ['upgrade', 'aaa2+2'],
    ['downgrade', 'base'],
  ],
};

const python = requireAlembic('the CLI comparison with Alembic');

function writeGraph(project: TestProject, loadOrder: string[]): void {
  const byId = new Map(GRAPH.map((m) => [m.revision, m]));
  // Alembic breaks ties between branches by its load order; pmig reads files sorted by name.
  loadOrder.forEach((id, index) => {
    const meta = byId.get(id)!;
    const path = project.writeRevision({
      id, down: meta.downRevision as string | string[] | null, message: meta.message,
      branchLabels: meta.branchLabels ? [meta.branchLabels as string].flat() : undefined,
      dependsOn: meta.dependsOn ? [meta.dependsOn as string].flat() : undefined,
      upgrade: `await op.execute('SELECT 1');`, downgrade: `await op.execute('SELECT 1');`,
    });
    require('node:fs').renameSync(path, path.replace(/\/([^/]+)$/, `/${String(index).padStart(3, '0')}_$1`));
  });
}

const runningLines = (stderr: string) =>
  stderr.split('\n').filter((l) => l.startsWith('Running ')).map((l) => l.slice('Running '.length));

const describeIfAlembic = python ? describeDialects : (title: string) => describe.skip(title, () => undefined);

describeIfAlembic('CLI runs revisions in the order Alembic does', (_dialect: unknown, db: () => { url: string }) => {
  for (const [title, commands] of Object.entries(SCENARIOS)) {
    it(title, () => {
      const alembic = runAlembic(GRAPH, commands);
      const project = new TestProject(db().url);
      try {
        writeGraph(project, alembic.loadOrder);
        for (const [index, argv] of commands.entries()) {
          const expected = alembic.outcomes[index];
          const r = project.run(argv);
          if (expected.error) {
            // Alembic refused this command: pmig must refuse it with the same message.
            expect({ argv, code: r.code, error: r.stderr.includes(expected.error) }).toEqual({ argv, code: 1, error: true });
          } else {
            expect({ argv, code: r.code, steps: runningLines(r.stderr) }).toEqual({ argv, code: 0, steps: expected.steps });
          }
          const heads = JSON.parse(project.ok(['current', '--json']).stdout).heads.map((h: { revision: string }) => h.revision);
          expect({ argv, heads: heads.sort() }).toEqual({ argv, heads: [...expected.heads].sort() });
        }
      } finally {
        project.remove();
      }
    });
  }
});
