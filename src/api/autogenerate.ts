/**
 * Autogenerate: the Prisma schema (target) against the live database (current), compared as two
 * neutral Schemas. Used by `pmig revision --autogenerate` and `pmig check`.
 */
import { compareSchemas } from '../autogenerate/compare';
import { describeOp } from '../autogenerate/describe';
import { renderOps } from '../autogenerate/render';
import type { Connection } from '../db/types';
import type { Dialect } from '../ddl/types';
import { introspect } from '../introspect';
import type { Op } from '../operations/types';
import { blocksToSchema, loadPrismaSchema } from '../prisma';
import { VersionTable } from '../runtime/version-table';
import type { Schema } from '../schema/types';
import type { ResolvedConfig } from '../config/load';
import { openProject, PmigError, withConnection, type Project, type ProjectOptions } from './project';
import { revisionWithBody, type RevisionOptions, type WrittenRevision } from './revision';

export interface SchemaDiff {
  ops: Op[];
  target: Schema;
  current: Schema;
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

export async function diffDatabase(config: ResolvedConfig, conn: Connection, dialect: Dialect): Promise<SchemaDiff> {
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
  const current = await introspect(conn, {
    versionTable: config.versionTable,
    include: selected,
    ...(loaded.schemas.length ? { schemas: loaded.schemas } : {}),
  });
  return { ops: compareSchemas(target, current, { dialect: dialect.name }), target, current };
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
}

export interface AutogenerateResult {
  ops: Op[];
  descriptions: string[];
  written?: WrittenRevision;
}

export async function autogenerate(options: AutogenerateOptions = {}): Promise<AutogenerateResult> {
  const project = await openProject(options);
  const { ops, dialect } = await withConnection(project.config, async (conn, d) => {
    await requireUpToDate(project, conn, d);
    return { ...(await diffDatabase(project.config, conn, d)), dialect: d };
  });
  const descriptions = ops.map(describeOp);
  if (!ops.length && !options.allowEmpty) return { ops, descriptions };
  const rendered = renderOps(ops, { dialect: dialect.name });
  const written = await revisionWithBody(project, {
    ...options,
    upgradeBody: rendered.upgrade,
    downgradeBody: rendered.downgrade,
  });
  return { ops, descriptions, written };
}

export interface CheckResult {
  clean: boolean;
  descriptions: string[];
  ops: Op[];
}

/** `pmig check`: does the database match the Prisma schema? */
export async function check(options: ProjectOptions = {}): Promise<CheckResult> {
  const project = await openProject(options);
  const ops = await withConnection(project.config, async (conn, dialect) => (await diffDatabase(project.config, conn, dialect)).ops);
  return { clean: ops.length === 0, descriptions: ops.map(describeOp), ops };
}
