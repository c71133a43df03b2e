/** Text output of the read commands, in Alembic's formats (Script.cmd_format / log_entry). */
import { readFileSync } from 'node:fs';
import type { Revision } from '../script/revision';

export interface FormatOptions {
  verbose?: boolean;
  includeBranches?: boolean;
  includeDoc?: boolean;
  includeParents?: boolean;
  treeIndicators?: boolean;
  current?: boolean;
  /** Appended markers such as "(changed since applied)". */
  extra?: string[];
}

function downRevisionText(rev: Revision): string {
  return rev.downRevisions.length ? rev.downRevisions.join(', ') : '<base>';
}

/** One line: `a -> b (label) (head), message` as `pmig history` prints it. */
export function formatRevision(rev: Revision, o: FormatOptions = {}): string {
  if (o.verbose) return logEntry(rev, o);
  let text = rev.revision;
  if (o.includeParents) {
    text = rev.dependsOn.length
      ? `${downRevisionText(rev)} (${rev.dependsOn.join(', ')}) -> ${text}`
      : `${downRevisionText(rev)} -> ${text}`;
  }
  if (o.includeBranches && rev.branchLabels.length) text += ` (${rev.branchLabels.join(', ')})`;
  text += `${rev.isRealHead ? ' (head)' : ''}${rev.isHead && !rev.isRealHead ? ' (effective head)' : ''}${o.current ? ' (current)' : ''}`;
  if (o.treeIndicators !== false) text += `${rev.isBranchPoint ? ' (branchpoint)' : ''}${rev.isMergePoint ? ' (mergepoint)' : ''}`;
  for (const marker of o.extra ?? []) text += ` (${marker})`;
  if (o.includeDoc) text += `, ${rev.doc}`;
  return text;
}

/** The verbose block: Rev, Parent/Merges, dependencies, branches, path and the doc header. */
export function logEntry(rev: Revision, o: FormatOptions = {}): string {
  const lines = [
    `Rev: ${rev.revision}${rev.isHead ? ' (head)' : ''}${rev.isBranchPoint ? ' (branchpoint)' : ''}${rev.isMergePoint ? ' (mergepoint)' : ''}${o.current ? ' (current)' : ''}${(o.extra ?? []).map((m) => ` (${m})`).join('')}`,
    rev.isMergePoint ? `Merges: ${downRevisionText(rev)}` : `Parent: ${downRevisionText(rev)}`,
  ];
  if (rev.dependsOn.length) lines.push(`Also depends on: ${rev.dependsOn.join(', ')}`);
  if (rev.isBranchPoint) lines.push(`Branches into: ${rev.nextRevisions.join(', ')}`);
  if (rev.branchLabels.length) lines.push(`Branch names: ${rev.branchLabels.join(', ')}`);
  lines.push(`Path: ${rev.path ?? ''}`);
  lines.push('');
  for (const para of longDoc(rev).split('\n')) lines.push(`    ${para}`.trimEnd());
  lines.push('');
  return lines.join('\n');
}

/** The whole doc header of the file, as Alembic prints the module docstring. */
function longDoc(rev: Revision): string {
  if (!rev.path) return rev.message;
  try {
    const doc = readFileSync(rev.path, 'utf8').match(/^\s*\/\*\*?([\s\S]*?)\*\//);
    if (!doc) return rev.message;
    return doc[1].split('\n').map((l) => l.replace(/^\s*\*\s?/, '')).join('\n').trim();
  } catch {
    return rev.message;
  }
}
