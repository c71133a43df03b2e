/**
 * What `prisma generate` tells about the database: is it behind the schema, and by how many
 * operations? Bounded by a deadline and never throwing: a database that is down or slow makes the
 * check report that it was skipped, it never fails `prisma generate`.
 *
 * The comparison is `pmig revision --autogenerate`'s own, rename resolution included (certain
 * `@map` renames, `/// @pmig.renamedFrom` hints, the `renameAnswers` file; no terminal to ask in).
 * With `autogenerate = "true"` a database behind the schema gets its revision written exactly as
 * that command writes it, but only when no rename question is left: a question left open writes
 * nothing and is reported with the command that answers it, never turned into drop + add.
 */
import { existsSync } from 'node:fs';
import { autogenerateProject, diffDatabase, type RenameSettings } from '../api/autogenerate';
import { openProject, type Project } from '../api/project';
import type { WrittenRevision } from '../api/revision';
import { MissingDecisionsError, RenameError, type RenameQuestion } from '../autogenerate/renames';
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
      /** Renames settled without a person (certain, hints, answers file), as the revision's header records them. */
      decisions: string[];
      /** What the written revision would destroy, measured on the database. */
      warnings: string[];
      written?: WrittenRevision;
    }
  /** Rename questions nobody answered: nothing was written. */
  | { kind: 'questions'; displayUrl: string; questions: RenameQuestion[] }
  /** A rename answer or hint that cannot be used (names nothing, malformed): nothing was written. */
  | { kind: 'rename-error'; displayUrl: string; reason: string };

export interface CheckDatabaseInput {
  /** The schema `prisma generate` just validated. */
  schemaPath: string;
  /** Folder the pmig config is looked up from (the folder `prisma generate` runs in). */
  cwd: string;
  settings: GeneratorSettings;
}

export async function checkDatabase(input: CheckDatabaseInput): Promise<DatabaseStatus> {
  const { settings } = input;
  const projectOptions = { cwd: input.cwd, configFile: settings.configFile, env: settings.env, allowMissingVersionsDir: true };
  let project: Project;
  try {
    project = await openProject(projectOptions);
  } catch (e) {
    return { kind: 'failed', reason: oneLine((e as Error).message) };
  }
  // The schema prisma generate was given wins over the one the configs name.
  project = { ...project, config: { ...project.config, schemaPath: input.schemaPath } };
  const url = project.config.url;
  if (!url) return { kind: 'no-url' };

  try {
    return await withDeadline(settings.timeoutMs, (track, inTime) => compare(project, url, settings, track, inTime));
  } catch (e) {
    if (e instanceof DeadlineError || e instanceof ConnectionError) {
      return { kind: 'unreachable', displayUrl: maskUrl(url), reason: oneLine(e.message) };
    }
    return { kind: 'failed', reason: oneLine((e as Error).message) };
  }
}

async function compare(
  project: Project, url: string, settings: GeneratorSettings, track: (conn: Connection) => void, inTime: () => void,
): Promise<DatabaseStatus> {
  const dialect = dialectFor(dialectOfUrl(url));
  const conn = await connect(url, { baseDir: project.config.rootDir, connectTimeoutMs: settings.timeoutMs });
  track(conn);
  const displayUrl = conn.displayUrl;
  try {
    const atHeads = [...(await new VersionTable(conn, dialect, project.config.versionTable).heads())].sort();
    const heads = [...project.map.heads].sort();
    if (atHeads.join(',') !== heads.join(',')) return { kind: 'not-at-head', displayUrl, atHeads, heads };
    // No `ask`: a question nobody answered ends in MissingDecisionsError, below.
    const renames: RenameSettings = settings.answersFile && existsSync(settings.answersFile) ? { answersFile: settings.answersFile } : {};
    if (!settings.autogenerate) {
      const diff = await diffDatabase(project.config, conn, dialect, renames);
      if (!diff.ops.length) return { kind: 'up-to-date', displayUrl };
      return { kind: 'behind', displayUrl, ops: diff.ops, decisions: diff.decisions ?? [], warnings: [] };
    }
    const result = await autogenerateProject(
      project,
      { cwd: project.config.rootDir, configFile: settings.configFile, env: settings.env, message: settings.message, renames },
      // Past the deadline the check was already reported as skipped: write nothing then.
      (fn) => fn(conn, dialect).then((r) => (inTime(), r)),
    );
    if (!result.ops.length) return { kind: 'up-to-date', displayUrl };
    return { kind: 'behind', displayUrl, ops: result.ops, decisions: result.decisions, warnings: result.warnings ?? [], written: result.written };
  } catch (e) {
    if (e instanceof MissingDecisionsError) return { kind: 'questions', displayUrl, questions: e.questions };
    if (e instanceof RenameError) return { kind: 'rename-error', displayUrl, reason: e.message };
    throw e;
  } finally {
    await conn.close();
  }
}

class DeadlineError extends Error {}

/**
 * Runs `work` for at most `ms`. On time-out the connection it opened (if any) is closed as soon as
 * it is known, so a slow server does not keep the generator process alive.
 */
async function withDeadline<T>(ms: number, work: (track: (conn: Connection) => void, inTime: () => void) => Promise<T>): Promise<T> {
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
    // Throws once the deadline has passed: lets the work stop before a step the report would not mention.
    const inTime = () => {
      if (timedOut) throw new DeadlineError(`no answer within ${ms / 1000} s`);
    };
    return await Promise.race([work(track, inTime), deadline]);
  } finally {
    clearTimeout(timer);
  }
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}
