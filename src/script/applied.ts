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
  const known = heads.filter((id) => byId.has(id)).map((id) => byId.get(id)!);
  for (const rev of known) {
    // Down revisions only: a depends_on target may stay a row of its own branch.
    const below = new Set(map.ancestors([rev], { includeDependencies: false }).filter((a) => a !== rev));
    for (const other of known) {
      if (other === rev || !below.has(other)) continue;
      problems.push({
        kind: 'ancestor',
        revision: rev.revision,
        ancestor: other.revision,
        message:
          `The version table lists both ${rev.revision} and its ancestor ${other.revision}: a database cannot be at both, ` +
          `so pmig will not guess which revisions ran. Check the schema, then ${STAMP_HINT}.`,
      });
    }
  }
  return problems;
}

/** Throws a `RevisionError` naming every problem of the version table's rows. */
export function requirePlannableHeads(map: RevisionMap, heads: readonly string[]): void {
  const problems = versionTableProblems(map, heads);
  if (problems.length) throw new RevisionError(problems.map((p) => p.message).join('\n'));
}
