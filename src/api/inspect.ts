/** The read commands: current, history, heads, branches, show. */
import type { Revision } from '../script/revision';
import { versionTableProblems } from '../script/applied';
import { VersionTable } from '../runtime/version-table';
import { interruptionReports, type InterruptionReport } from '../runtime/interrupted';
import { openProject, PmigError, withConnection, type Project, type ProjectOptions } from './project';

export interface RevisionInfo {
  revision: string;
  downRevisions: string[];
  dependsOn: string[];
  branchLabels: string[];
  message: string;
  path?: string;
  kind: 'schema' | 'data';
  isHead: boolean;
  isBranchPoint: boolean;
  isMergePoint: boolean;
}

export interface CurrentInfo {
  /** The database URL, password masked. */
  url: string;
  heads: { revision: string; known: boolean; changedSinceApplied: boolean; info?: RevisionInfo }[];
  /** What makes the version table impossible to plan from (a revision no file defines, a row and its ancestor). */
  problems: string[];
  /** Revisions a run left half done outside a transaction (statement journal: MySQL, `transactional = false`). */
  interrupted: InterruptionReport[];
}

function info(rev: Revision, kind: 'schema' | 'data'): RevisionInfo {
  return {
    revision: rev.revision,
    downRevisions: [...rev.downRevisions],
    dependsOn: [...rev.dependsOn],
    branchLabels: [...rev.branchLabels],
    message: rev.doc,
    path: rev.path,
    kind,
    isHead: rev.isHead,
    isBranchPoint: rev.isBranchPoint,
    isMergePoint: rev.isMergePoint,
  };
}

/** `pmig current`: the revisions the database is at, and whether their files changed since applied. */
export async function current(options: ProjectOptions = {}): Promise<CurrentInfo & { revisions: Revision[]; changed: string[] }> {
  const project = await openProject(options);
  return withConnection(project.config, async (conn, dialect) => {
    const versions = new VersionTable(conn, dialect, project.config.versionTable);
    const heads = await versions.heads();
    const applied = await versions.appliedChecksums();
    const changed = [...applied]
      .filter(([rev, sum]) => project.byId.has(rev) && project.byId.get(rev)!.checksum !== sum)
      .map(([rev]) => rev);
    const revisions: Revision[] = [];
    const out = heads.map((h) => {
      // Rows hold exact ids: a row no file defines is shown as it is, never resolved as a prefix.
      const rev = project.byId.has(h) ? project.map.get(h) : null;
      if (rev) revisions.push(rev);
      return {
        revision: h,
        known: !!rev,
        changedSinceApplied: changed.includes(h),
        info: rev ? info(rev, project.byId.get(h)!.kind) : undefined,
      };
    });
    const problems = versionTableProblems(project.map, heads).map((p) => p.message);
    const interrupted = await interruptionReports(conn, dialect, project.config.versionTable, (rev) => project.byId.get(rev));
    return { url: conn.displayUrl, heads: out, revisions, changed, problems, interrupted };
  });
}

export interface HistoryOptions extends ProjectOptions {
  /** `a:b`, `a:`, `:b`, `-3:`, `current:`... as Alembic's `history -r`. */
  range?: string;
  /** Mark the database's current revisions (needs a connection). */
  indicateCurrent?: boolean;
}

export async function history(options: HistoryOptions = {}): Promise<{ revisions: Revision[]; infos: RevisionInfo[]; current: Set<string> }> {
  const project = await openProject(options);
  let currentHeads: string[] = [];
  const needsCurrent = options.indicateCurrent || /(^|:)current($|:)/.test(options.range ?? '');
  if (needsCurrent) {
    currentHeads = await withConnection(project.config, (conn, dialect) => new VersionTable(conn, dialect, project.config.versionTable).heads());
    const problems = versionTableProblems(project.map, currentHeads);
    if (problems.length) throw new PmigError(problems.map((p) => p.message).join('\n'));
  }
  let base = 'base';
  let head = 'heads';
  if (options.range) {
    if (!options.range.includes(':')) throw new PmigError(`History range requires [start]:[end], [start]:, or :[end]; got '${options.range}'.`);
    const [start, end] = options.range.split(':');
    base = start || 'base';
    head = end || 'heads';
  }
  const resolveCurrent = (id: string) => (id === 'current' ? (currentHeads.length ? currentHeads.join(',') : 'base') : id);
  base = resolveCurrent(base);
  head = resolveCurrent(head);
  const revisions = walkRange(project.map, base, head);
  const current = new Set(currentHeads);
  return { ...listOf(project, revisions), current };
}

/** walk() for a range whose ends may be several comma-separated heads (the current ones). */
function walkRange(map: import('../script/revision-map').RevisionMap, base: string, head: string): Revision[] {
  if (!head.includes(',')) return map.walk(base, head);
  const seen = new Set<string>();
  const result: Revision[] = [];
  for (const h of head.split(',')) {
    for (const rev of map.walk(base, h)) {
      if (!seen.has(rev.revision)) {
        seen.add(rev.revision);
        result.push(rev);
      }
    }
  }
  return result;
}

export interface RevisionList {
  revisions: Revision[];
  infos: RevisionInfo[];
}

function listOf(project: Project, revisions: Revision[]): RevisionList {
  return { revisions, infos: revisions.map((r) => info(r, project.byId.get(r.revision)?.kind ?? 'schema')) };
}

export async function heads(options: ProjectOptions & { resolveDependencies?: boolean } = {}): Promise<RevisionList> {
  const project = await openProject(options);
  // Alembic: plain `heads` lists the down_revision heads; --resolve-dependencies the real heads.
  const ids = options.resolveDependencies ? project.map.realHeads : project.map.heads;
  return listOf(project, ids.map((id) => project.map.get(id)!));
}

export async function branches(options: ProjectOptions = {}): Promise<{ branchPoint: Revision; children: Revision[] }[]> {
  const project = await openProject(options);
  return project.map
    .walk()
    .filter((r) => r.isBranchPoint)
    .map((r) => ({ branchPoint: r, children: r.nextRevisions.map((id) => project.map.get(id)!) }));
}

export async function show(target: string, options: ProjectOptions = {}): Promise<RevisionList> {
  const project = await openProject(options);
  const revs = project.map.getMany(target);
  if (!revs.length) throw new PmigError(`No revision for '${target}'.`);
  return listOf(project, revs);
}
