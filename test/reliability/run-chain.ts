/**
 * A chain for the concurrency and signal tests: revision 1 creates table `runs`, each later
 * revision appends its own id to it (so a revision applied twice shows as two rows) and then waits
 * `pauseMs`, so that runs overlap and signals land inside revisions.
 */
import type { Connection, DialectName } from '../../src/db/types';
import { readFileSync, writeFileSync } from 'node:fs';
import { dialectOfUrl } from '../../src/db/url';
import { withDb } from '../helpers/databases';
import { TestProject } from '../helpers/project';
import { tally } from './tally';

export const chainId = (i: number): string => `c${String(i).padStart(11, '0')}`;

/**
 * `holdUntil`: revision 2 waits (after its insert) until that file exists, so a test decides how
 * long the run holds the migration lock.
 */
export function writeRunChain(project: TestProject, dialect: DialectName, count: number, pauseMs: number, holdUntil?: string): void {
  const nativeType = dialect === 'sqlite' ? '' : ", nativeType: 'VarChar(20)'";
  project.writeRevision({
    id: chainId(1), down: null, message: 'create runs',
    upgrade: `await op.createTable('runs', [{ name: 'rev', type: 'String'${nativeType}, nullable: false }]);`,
    downgrade: "await op.dropTable('runs');",
  });
  for (let i = 2; i <= count; i++) {
    project.writeRevision({
      id: chainId(i), down: chainId(i - 1), message: `step ${i}`,
      upgrade: [
        `await op.bulkInsert('runs', [{ rev: '${chainId(i)}' }]);`,
        `await new Promise((r) => setTimeout(r, ${pauseMs}));`,
        i === 2 && holdUntil ? `while (!require('node:fs').existsSync(${JSON.stringify(holdUntil)})) await new Promise((r) => setTimeout(r, 50));` : '',
      ].join('\n  '),
      downgrade: `await op.execute("DELETE FROM runs WHERE rev = '${chainId(i)}'");`,
    });
  }
}

/** The ids in `runs`, sorted (duplicates kept); [] when the table does not exist yet. */
export async function runRows(conn: Connection): Promise<string[]> {
  try {
    return (await conn.query<{ rev: string }>('SELECT rev FROM runs ORDER BY rev')).map((r) => r.rev);
  } catch {
    return [];
  }
}

export async function versionRows(conn: Connection): Promise<string[]> {
  try {
    return (await conn.query<{ version_num: string }>('SELECT version_num FROM pmig_version')).map((r) => r.version_num);
  } catch {
    return [];
  }
}

/** What `runs` holds once revisions 1..applied are applied. */
export function expectedRows(applied: number): string[] {
  return Array.from({ length: Math.max(0, applied - 1) }, (_, k) => chainId(k + 2));
}

/** Upgrades recorded in the step log, per revision: each must be 1 after any number of concurrent runs. */
export async function upgradeCounts(conn: Connection): Promise<Map<string, number>> {
  const rows = await conn.query<{ revision: string; n: number | string }>(
    "SELECT revision, COUNT(*) AS n FROM pmig_version_log WHERE direction = 'upgrade' GROUP BY revision",
  );
  return new Map(rows.map((r) => [r.revision, Number(r.n)]));
}

/**
 * A downgrade over a chain of 3 whose 2nd revision has no downgrade() (its declaration sits in a
 * comment, so the file's identifiers still read): nothing is reverted and the file is named.
 */
export async function downgradeLackingFunction(url: string): Promise<void> {
  const dialect = dialectOfUrl(url);
  const project = new TestProject(url);
  try {
    writeRunChain(project, dialect, 3, 0);
    project.ok(['upgrade', 'head']);
    const second = project.revisionFiles().map((f) => `${project.versionsDir}/${f}`).find((f) => f.includes(chainId(2)))!;
    // The declaration is still there for a text reader, but inside a comment: the module has none.
    writeFileSync(second, readFileSync(second, 'utf8').replace(/^export async function downgrade/m, '/*\nexport async function downgrade') + '*/\n');
    const r = project.run(['downgrade', 'base', '--allow-changed']);
    tally.inputs();
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Nothing was run');
    expect(r.stderr).toContain(`${second}: has no downgrade() function`);
    expect(r.stderr).not.toMatch(/^\s+at /m);
    expect(r.stderr).not.toContain('Running downgrade');
    await withDb(url, async (conn) => {
      expect(await versionRows(conn)).toEqual([chainId(3)]);
      expect(await runRows(conn)).toEqual(expectedRows(3));
    });
  } finally {
    project.remove();
  }
}
