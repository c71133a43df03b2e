/**
 * The version table checked against the revision files before anything is planned from it: a row
 * that names a revision no file defines, or two rows where one is an ancestor of the other, are
 * states pmig cannot plan from (Alembic fails later with "Can't locate revision" or "overlaps", or
 * downgrades from a state that never existed). Each problem says how to get out: `stamp --purge`.
 */
import { RevisionError } from './errors';
import type { RevisionMap } from './revision-map';

export type VersionTableProblem =
  | { kind: 'missing'; revision: string; message: string }
  | { kind: 'ancestor'; revision: string; ancestor: string; message: string };

const STAMP_HINT = 'set the version table to the revision the database really is at with `pmig stamp --purge <revision>`';

/** What is wrong with the version table's rows `heads`; empty when they can be planned from. */
export function versionTableProblems(map: RevisionMap, heads: readonly string[]): VersionTableProblem[] {
  const byId = new Map(map.revisions.map((rev) => [rev.revision, rev]));
  const problems: VersionTableProblem[] = [];
  for (const id of heads) {
    if (byId.has(id)) continue;
    problems.push({
      kind: 'missing',
      revision: id,
      message:
        `The database is at revision ${id}, which no revision file defines (deleted, renamed, or not on this branch of the code). ` +
        `Restore its file, or ${STAMP_HINT}.`,
    });
  }
  for (const [revision, ancestor] of ancestorPairs(map, heads.filter((id) => byId.has(id)))) {
    problems.push({
      kind: 'ancestor',
      revision,
      ancestor,
      message:
        `The version table lists both ${revision} and its ancestor ${ancestor}: a database cannot be at both, ` +
        `so pmig will not guess which revisions ran. Check the schema, then ${STAMP_HINT}.`,
    });
  }
  return problems;
}

/**
 * Pairs [revision, ancestor] among `ids` (revision ids of `map`) where one descends from the other
 * through down revisions (a depends_on target may stay a head of its own branch).
 */
export function ancestorPairs(map: RevisionMap, ids: readonly string[]): [string, string][] {
  const revisions = map.revisions.filter((rev) => ids.includes(rev.revision));
  const pairs: [string, string][] = [];
  for (const rev of revisions) {
    const below = new Set(map.ancestors([rev], { includeDependencies: false }).filter((a) => a !== rev));
    for (const other of revisions) if (below.has(other)) pairs.push([rev.revision, other.revision]);
  }
  return pairs;
}

/** Throws a `RevisionError` naming every problem of the version table's rows. */
export function requirePlannableHeads(map: RevisionMap, heads: readonly string[]): void {
  const problems = versionTableProblems(map, heads);
  if (problems.length) throw new RevisionError(problems.map((p) => p.message).join('\n'));
}
