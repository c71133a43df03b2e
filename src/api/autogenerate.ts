/**
 * Autogenerate: the Prisma schema (target) against the live database (current), compared as two
 * neutral Schemas. Used by `pmig revision --autogenerate` and `pmig check`.
 */
import { compareSchemas } from '../autogenerate/compare';
import { describeOp } from '../autogenerate/describe';
import { refuseUnholdableNames } from '../autogenerate/identifier-limits';
import { namesAtRevisions } from '../autogenerate/name-record';
import { compareWithRenames, type AskRename, type RenameFlags } from '../autogenerate/renames';
import { renderOps } from '../autogenerate/render';
import { assessSafety, refuseUnsafe } from '../autogenerate/safety';
import { writeNotNullSequence, type NotNullSequence } from '../autogenerate/safety-sequence';
import type { Connection } from '../db/types';
import type { Dialect } from '../ddl/types';
import { introspect } from '../introspect';
import type { Op } from '../operations/types';
import { blocksToSchema, loadPrismaSchema, prismaNameMap, type PrismaNameMap } from '../prisma';
import { VersionTable } from '../runtime/version-table';
import type { Schema } from '../schema/types';
import type { ResolvedConfig } from '../config/load';
import { openProject, PmigError, readScripts, withConnection, type Project, type ProjectOptions } from './project';
import { revisionWithBody, type RevisionOptions, type WrittenRevision } from './revision';

export interface SchemaDiff {
  ops: Op[];
  target: Schema;
  current: Schema;
  /** With rename resolution: the questions answered, and the name map the revision records. */
  decisions?: string[];
  names?: PrismaNameMap;
}

/** How autogenerate settles renames (see autogenerate/renames.ts); without it, compare alone. */
export interface RenameSettings extends RenameFlags {
  /** Asks a person; without it an unanswered question fails with MissingDecisionsError. */
  ask?: AskRename;
}

/** `*` matches any run of characters; everything else is literal. */
function globToRegExp(glob: string): RegExp {
  return new RegExp(`^${glob.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
}

export function tableSelector(config: ResolvedConfig): (table: string) => boolean {
  const include = config.include.map(globToRegExp);
  const exclude = config.exclude.map(globToRegExp);
  return (table) => (include.length === 0 || include.some((r) => r.test(table))) && !exclude.some((r) => r.test(table));
}

export async function diffDatabase(config: ResolvedConfig, conn: Connection, dialect: Dialect, renames?: RenameSettings): Promise<SchemaDiff> {
  const loaded = await loadPrismaSchema(config.schemaPath).catch((e: Error) => {
    throw new PmigError(`Cannot read the Prisma schema at ${config.schemaPath}:\n${e.message}`);
  });
  if (loaded.provider !== dialect.name) {
    throw new PmigError(
      `The Prisma schema's datasource provider is '${loaded.provider}' but the database URL is ${dialect.name} (${conn.displayUrl}). ` +
        'Column types and names differ per provider: point --url at a database of the same kind.',
    );
  }
  const selected = tableSelector(config);
  const target = blocksToSchema(loaded.blocks);
  target.tables = target.tables.filter((t) => selected(t.name));
  // Before anything is compared or written: names the database would cut or reject.
  refuseUnholdableNames(target, loaded.blocks, dialect);
  const current = await introspect(conn, {
    versionTable: config.versionTable,
    include: selected,
    ...(loaded.schemas.length ? { schemas: loaded.schemas } : {}),
  });
  if (!renames) return { ops: compareSchemas(target, current, { dialect: dialect.name }), target, current };
  const names = prismaNameMap(loaded.blocks);
  // The names recorded by the revisions the database is at: a @map change since then is a rename for certain.
  const atRevisions = await new VersionTable(conn, dialect, config.versionTable).heads();
  const previousNames = namesAtRevisions(readScripts(config.versionsDir).map, atRevisions, config.versionsDir);
  const { ask, ...flags } = renames;
  const { ops, decisions } = await compareWithRenames(
    { target, current, blocks: loaded.blocks, dialect: dialect.name, names, previousNames }, flags, ask,
  );
  return { ops, target, current, decisions, names };
}

/** Alembic refuses to autogenerate against a database that is not at the head(s): so does pmig. */
async function requireUpToDate(project: Project, conn: Connection, dialect: Dialect): Promise<void> {
  const atHeads = await new VersionTable(conn, dialect, project.config.versionTable).heads();
  const heads = [...project.map.heads].sort();
  if (atHeads.join(',') !== heads.join(',')) {
    throw new PmigError(
      `Target database is not up to date: it is at ${atHeads.join(', ') || 'base'}, the revisions end at ${heads.join(', ') || 'base'}. Run \`pmig upgrade head\` first.`,
    );
  }
}

export interface AutogenerateOptions extends RevisionOptions {
  /** Write a revision even when nothing changed. */
  allowEmpty?: boolean;
  /** Rename answers (flags, answers file, prompt). */
  renames?: RenameSettings;
  /** Refuse (write nothing) when a change would destroy data or be rejected by existing rows. */
  strict?: boolean;
  /** Archive dropped tables and columns so that the downgrade restores them (default true). */
  archive?: boolean;
}

export interface AutogenerateResult {
  ops: Op[];
  descriptions: string[];
  /** Rename questions answered (or settled for certain), as written in the revision's header. */
  decisions: string[];
  written?: WrittenRevision;
  /** What the changes would destroy or which rows would reject them, measured on the database. */
  warnings?: string[];
  /** Written instead of one revision when NOT NULL columns need a backfill first (`written` is its first revision). */
  notNullSequence?: NotNullSequence;
}

export async function autogenerate(options: AutogenerateOptions = {}): Promise<AutogenerateResult> {
  // A new revision may start the versions folder (a project set up by prisma.config.ts alone).
  return autogenerateProject(await openProject({ ...options, allowMissingVersionsDir: true }), options);
}

/** Runs `fn` on a connection to the project's database. */
export type Connected = <T>(fn: (conn: Connection, dialect: Dialect) => Promise<T>) => Promise<T>;

/**
 * Autogenerate for an opened project, on the connection `connected` gives: the generator in
 * `prisma generate` brings its own (bounded by its deadline) and the schema Prisma was given.
 */
export async function autogenerateProject(
  project: Project, options: AutogenerateOptions = {}, connected: Connected = (fn) => withConnection(project.config, fn),
): Promise<AutogenerateResult> {
  const { ops, dialect, decisions = [], names, safety } = await connected(async (conn, d) => {
    await requireUpToDate(project, conn, d);
    const diff = await diffDatabase(project.config, conn, d, options.renames ?? {});
    return { ...diff, dialect: d, safety: await assessSafety(conn, d.name, (id) => d.quote(id), diff.ops, diff.current, { archive: options.archive }) };
  });
  const descriptions = ops.map(describeOp);
  if (!ops.length && !options.allowEmpty) return { ops, descriptions, decisions };
  const warnings = safety.findings.map((f) => f.message);
  if (options.strict) refuseUnsafe(safety);
  const rendered = renderOps(safety.ops, { dialect: dialect.name, comments: safety.comments });
  if (safety.deferredNotNull.length) {
    const sequence = await writeNotNullSequence({ ...options, decisions, names }, rendered, safety.deferredNotNull, dialect.name);
    return { ops, descriptions, decisions, written: sequence.schemaChange, warnings, notNullSequence: sequence };
  }
  const written = await revisionWithBody(project, {
    ...options,
    upgradeBody: rendered.upgrade,
    downgradeBody: rendered.downgrade,
    decisions,
    // Recorded in the revision: the next autogenerate tells a @map change from drop + add by them.
    names,
  });
  return { ops, descriptions, decisions, written, warnings };
}

export interface CheckResult {
  clean: boolean;
  descriptions: string[];
  ops: Op[];
}

/** `pmig check`: does the database match the Prisma schema? */
export async function check(options: ProjectOptions = {}): Promise<CheckResult> {
  // check compares the database with the schema: it needs no revision files.
  const project = await openProject({ ...options, allowMissingVersionsDir: true });
  const ops = await withConnection(project.config, async (conn, dialect) => (await diffDatabase(project.config, conn, dialect)).ops);
  return { clean: ops.length === 0, descriptions: ops.map(describeOp), ops };
}
