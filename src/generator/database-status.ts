/**
 * What `prisma generate` tells about the database: is it behind the schema, and by how many
 * operations? Bounded by a deadline and never throwing: a database that is down or slow makes the
 * check report that it was skipped, it never fails `prisma generate`.
 *
 * With `autogenerate = "true"` a database behind the schema gets its revision written here, the way
 * `pmig revision --autogenerate` would write it.
 */
import { diffDatabase } from '../api/autogenerate';
import { openProject, type Project } from '../api/project';
import { revisionWithBody, type WrittenRevision } from '../api/revision';
import { renderOps } from '../autogenerate/render';
import { connect, ConnectionError } from '../db/connect';
import type { Connection } from '../db/types';
import { dialectOfUrl, maskUrl } from '../db/url';
import { dialectFor } from '../ddl';
import type { Op } from '../operations/types';
import { VersionTable } from '../runtime/version-table';
import type { GeneratorSettings } from './options';

export type DatabaseStatus =
  | { kind: 'no-url' }
  | { kind: 'unreachable'; displayUrl: string; reason: string }
  | { kind: 'failed'; reason: string }
  | { kind: 'not-at-head'; displayUrl: string; atHeads: string[]; heads: string[] }
  | { kind: 'up-to-date'; displayUrl: string }
  | {
      kind: 'behind';
      displayUrl: string;
      ops: Op[];
      /** Questions autogenerate cannot answer alone (which drop+add is a rename); a revision is only written when empty. */
      pendingQuestions: string[];
      written?: WrittenRevision;
    };

export interface CheckDatabaseInput {
  /** The schema `prisma generate` just validated. */
  schemaPath: string;
  /** Folder the pmig config is looked up from (the folder `prisma generate` runs in). */
  cwd: string;
  settings: GeneratorSettings;
}

export async function checkDatabase(input: CheckDatabaseInput): Promise<DatabaseStatus> {
  const { settings } = input;
  let project: Project;
  try {
    project = await openProject({ cwd: input.cwd, configFile: settings.configFile, env: settings.env });
  } catch (e) {
    return { kind: 'failed', reason: oneLine((e as Error).message) };
  }
  // The schema prisma generate was given wins over the one the configs name.
  project = { ...project, config: { ...project.config, schemaPath: input.schemaPath } };
  const url = project.config.url;
  if (!url) return { kind: 'no-url' };

  let status: DatabaseStatus;
  try {
    status = await withDeadline(settings.timeoutMs, (track) => compare(project, url, settings.timeoutMs, track));
  } catch (e) {
    if (e instanceof DeadlineError || e instanceof ConnectionError) {
      return { kind: 'unreachable', displayUrl: maskUrl(url), reason: oneLine(e.message) };
    }
    return { kind: 'failed', reason: oneLine((e as Error).message) };
  }
  if (status.kind === 'behind' && settings.autogenerate && status.pendingQuestions.length === 0) {
    try {
      status.written = await writeRevision(project, status.ops, settings.message);
    } catch (e) {
      return { kind: 'failed', reason: `the database is behind the schema but the revision could not be written: ${oneLine((e as Error).message)}` };
    }
  }
  return status;
}

async function compare(project: Project, url: string, timeoutMs: number, track: (conn: Connection) => void): Promise<DatabaseStatus> {
  const dialect = dialectFor(dialectOfUrl(url));
  const conn = await connect(url, { baseDir: project.config.rootDir, connectTimeoutMs: timeoutMs });
  track(conn);
  try {
    const atHeads = [...(await new VersionTable(conn, dialect, project.config.versionTable).heads())].sort();
    const heads = [...project.map.heads].sort();
    if (atHeads.join(',') !== heads.join(',')) return { kind: 'not-at-head', displayUrl: conn.displayUrl, atHeads, heads };
    const { ops } = await diffDatabase(project.config, conn, dialect);
    if (!ops.length) return { kind: 'up-to-date', displayUrl: conn.displayUrl };
    return { kind: 'behind', displayUrl: conn.displayUrl, ops, pendingQuestions: pendingRenameQuestions(ops) };
  } finally {
    await conn.close();
  }
}

/**
 * The seam for rename detection: when autogenerate learns to ask "was column a renamed to b?",
 * the questions it cannot answer without a human go here and stop the generator from writing.
 * Autogenerate asks no such question yet (a rename comes out as a drop and an add), so none is pending.
 */
function pendingRenameQuestions(_ops: Op[]): string[] {
  return [];
}

async function writeRevision(project: Project, ops: Op[], message: string): Promise<WrittenRevision> {
  const dialect = dialectOfUrl(project.config.url!);
  const rendered = renderOps(ops, { dialect });
  return revisionWithBody(project, { message, upgradeBody: rendered.upgrade, downgradeBody: rendered.downgrade });
}

class DeadlineError extends Error {}

/**
 * Runs `work` for at most `ms`. On time-out the connection it opened (if any) is closed as soon as
 * it is known, so a slow server does not keep the generator process alive.
 */
async function withDeadline<T>(ms: number, work: (track: (conn: Connection) => void) => Promise<T>): Promise<T> {
  let timedOut = false;
  let opened: Connection | undefined;
  const track = (conn: Connection) => {
    opened = conn;
    if (timedOut) void conn.close().catch(() => undefined);
  };
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      timedOut = true;
      if (opened) void opened.close().catch(() => undefined);
      reject(new DeadlineError(`no answer within ${ms / 1000} s`));
    }, ms);
  });
  try {
    return await Promise.race([work(track), deadline]);
  } finally {
    clearTimeout(timer);
  }
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}
