/**
 * `pmig adopt`: take over a database that Prisma Migrate has been running. The database must match
 * the Prisma schema (what `pmig check` says); pmig then writes a baseline revision that creates the
 * whole current schema from nothing, so that a new environment can be built from pmig alone, and
 * stamps it as applied without running it. `_prisma_migrations` is only read, never changed.
 */
import { compareSchemas } from '../autogenerate/compare';
import { describeOp } from '../autogenerate/describe';
import { renderOps } from '../autogenerate/render';
import type { Connection } from '../db/types';
import { dialectFor } from '../ddl';
import type { Dialect } from '../ddl/types';
import { VersionTable } from '../runtime/version-table';
import { diffDatabase } from './autogenerate';
import { stamp } from './migrate';
import { openProject, PmigError, withConnection, type Project, type ProjectOptions } from './project';
import { revisionWithBody, type WrittenRevision } from './revision';

export interface AdoptOptions extends ProjectOptions {
  /** The baseline revision's message (default "baseline"). */
  message?: string;
  revId?: string;
  now?: Date;
}

export interface AdoptResult {
  baseline: WrittenRevision;
  /** Migrations `_prisma_migrations` lists as applied (0 when the table is absent). */
  prismaMigrationsApplied: number;
}

export async function adopt(options: AdoptOptions = {}): Promise<AdoptResult> {
  const project = await openProject({ ...options, allowMissingVersionsDir: true });
  requireNoRevisions(project);
  const { rendered, prismaMigrationsApplied } = await withConnection(project.config, async (conn, dialect) => {
    await requireUnversioned(project, conn, dialect);
    const prisma = await readPrismaMigrations(conn);
    if (prisma.failed.length) {
      throw new PmigError(
        `Prisma Migrate left unfinished migration(s) in _prisma_migrations: ${prisma.failed.join(', ')}. ` +
          'Resolve them first (`prisma migrate resolve`), then adopt.',
      );
    }
    const { ops, target } = await diffDatabase(project.config, conn, dialect);
    if (ops.length) {
      throw new PmigError(
        `The database has drifted from the Prisma schema (${conn.displayUrl}); pmig adopts only a database that matches it. Differences (${ops.length}):\n` +
          `${ops.map((op) => `  - ${describeOp(op)}`).join('\n')}\n` +
          'Bring the database in line (for example with `prisma migrate deploy`) or change the schema, then run `pmig adopt` again.',
      );
    }
    const baselineOps = compareSchemas(target, { tables: [], enums: [] }, { dialect: dialect.name });
    return { rendered: renderOps(baselineOps, { dialect: dialect.name }), prismaMigrationsApplied: prisma.applied.length };
  });

  const baseline = await revisionWithBody(project, {
    ...options,
    head: 'base',
    message: options.message ?? 'baseline',
    upgradeBody: rendered.upgrade,
    downgradeBody: rendered.downgrade,
  });
  try {
    await stamp([baseline.revision], options);
  } catch (e) {
    throw new PmigError(`Wrote ${baseline.path} but could not stamp it: ${(e as Error).message}\nRun \`pmig stamp ${baseline.revision}\` once the problem is fixed.`);
  }
  return { baseline, prismaMigrationsApplied };
}

/** A baseline starts the history: with revisions already there it would make a second base. */
function requireNoRevisions(project: Project): void {
  if (project.files.length) {
    throw new PmigError(
      `${project.config.versionsDir} already holds ${project.files.length} revision(s): adopt writes the first revision of a new history. ` +
        'For a project already on pmig, use `pmig revision --autogenerate` and `pmig stamp`.',
    );
  }
}

async function requireUnversioned(project: Project, conn: Connection, dialect: Dialect): Promise<void> {
  const heads = await new VersionTable(conn, dialect, project.config.versionTable).heads();
  if (heads.length) {
    throw new PmigError(`The database is already managed by pmig: ${project.config.versionTable} is at ${heads.join(', ')}.`);
  }
}

export interface PrismaMigrationsState {
  /** Whether `_prisma_migrations` exists at all. */
  exists: boolean;
  /** Names of finished, not rolled back migrations, oldest first. */
  applied: string[];
  /** Names of migrations started but neither finished nor rolled back. */
  failed: string[];
}

/** What Prisma Migrate recorded: a migration counts as applied when finished and not rolled back. */
export async function readPrismaMigrations(conn: Connection): Promise<PrismaMigrationsState> {
  const exists = await tableExists(conn, '_prisma_migrations');
  if (!exists) return { exists, applied: [], failed: [] };
  const q = (name: string) => dialectFor(conn.dialect).quote(name);
  const rows = await conn.query<{ migration_name: string; finished_at: unknown; rolled_back_at: unknown }>(
    `SELECT ${q('migration_name')}, ${q('finished_at')}, ${q('rolled_back_at')} FROM ${q('_prisma_migrations')} ORDER BY ${q('started_at')}, ${q('migration_name')}`,
  );
  const applied = rows.filter((r) => r.finished_at !== null && r.rolled_back_at === null).map((r) => r.migration_name);
  const failed = rows.filter((r) => r.finished_at === null && r.rolled_back_at === null).map((r) => r.migration_name);
  return { exists, applied, failed };
}

async function tableExists(conn: Connection, table: string): Promise<boolean> {
  const rows = conn.dialect === 'postgresql'
    ? await conn.query('SELECT 1 FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = $1', [table])
    : conn.dialect === 'mysql'
      ? await conn.query('SELECT 1 FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = ?', [table])
      : await conn.query("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [table]);
  return rows.length > 0;
}
