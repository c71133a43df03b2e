/**
 * `pmig import-prisma-migrations`: turns Prisma Migrate's history (`prisma/migrations/<name>/
 * migration.sql`, oldest first) into a chain of pmig revisions, so a team gets rollbacks for all of it.
 *
 * - Each revision's `upgrade` runs that migration's SQL, one `op.execute` per statement (MySQL's
 *   driver runs one statement per call, and one call per statement is easier to review).
 * - Its `downgrade` is computed, not guessed: the migrations are replayed on a scratch database (a
 *   temporary database on the same server, or a temporary SQLite file), the schema is introspected
 *   before and after each one, and the operations that turn "after" back into "before" are rendered.
 *   Renames written by hand in the SQL (`ALTER TABLE ... RENAME [COLUMN] a TO b`) are recognised and
 *   undone as renames, so a downgrade keeps that data instead of dropping and re-adding.
 * - The chain is stamped according to `_prisma_migrations`: the last migration Prisma finished (and
 *   did not roll back) becomes pmig's current revision. `_prisma_migrations` is only read.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { compareSchemas } from '../autogenerate/compare';
import { renderOps } from '../autogenerate/render';
import { connect } from '../db/connect';
import type { DialectName } from '../db/types';
import { dialectOfUrl } from '../db/url';
import { dialectFor } from '../ddl';
import { splitSqlStatements, type SqlStatement } from '../db/split-sql';
import { introspect } from '../introspect';
import type { Op } from '../operations/types';
import type { IndexColumn, Schema, TableDef } from '../schema/types';
import { readPrismaMigrations, type PrismaMigrationsState } from './adopt';
import { stamp } from './migrate';
import { openProject, PmigError, requireUrl, withConnection, type ProjectOptions } from './project';
import { revisionWithBody, type WrittenRevision } from './revision';

export interface ImportPrismaMigrationsOptions extends ProjectOptions {
  /** Prisma's migrations folder. Default: prisma.config.ts's `migrations.path`, else `migrations/` beside the schema. */
  migrationsDir?: string;
  /** Write the revisions but leave the version table alone. */
  noStamp?: boolean;
  log?(line: string): void;
}

export interface ImportedMigration {
  migration: string;
  revision: WrittenRevision;
}

export interface ImportResult {
  migrationsDir: string;
  imported: ImportedMigration[];
  /** The revision stamped as current, null when none of the migrations was applied, undefined when not stamped. */
  stamped?: string | null;
}

export interface PrismaMigration {
  name: string;
  sql: string;
}

export async function importPrismaMigrations(options: ImportPrismaMigrationsOptions = {}): Promise<ImportResult> {
  const log = options.log ?? (() => undefined);
  const project = await openProject({ ...options, allowMissingVersionsDir: true });
  if (project.files.length) {
    throw new PmigError(
      `${project.config.versionsDir} already holds ${project.files.length} revision(s): the imported chain must start the history. Import into an empty versions folder.`,
    );
  }
  const migrationsDir = options.migrationsDir ?? project.config.prismaMigrationsDir ?? defaultMigrationsDir(project.config.schemaPath);
  const migrations = readPrismaMigrationFolders(migrationsDir);
  if (!migrations.length) throw new PmigError(`No Prisma migrations (<name>/migration.sql) in ${migrationsDir}.`);

  const url = requireUrl(project.config);
  const dialect = dialectOfUrl(url);
  // Read what Prisma applied before writing anything: an inconsistent history must stop the import.
  const applied = options.noStamp ? undefined : await withConnection(project.config, (conn) => readPrismaMigrations(conn));
  const stampIndex = applied ? appliedPrefix(migrations, applied) : undefined;

  const bodies = await computeRevisionBodies(migrations, url, project.config.rootDir, dialect, log);
  const imported: ImportedMigration[] = [];
  for (const [i, migration] of migrations.entries()) {
    // Re-read the folder each time: the previous revision just written is the new head.
    const current = await openProject({ ...options, allowMissingVersionsDir: true });
    const revision = await revisionWithBody(current, {
      ...options,
      head: i === 0 ? 'base' : 'head',
      message: migration.name,
      now: migrationDate(migration.name),
      upgradeBody: bodies[i].upgrade,
      downgradeBody: bodies[i].downgrade,
    });
    imported.push({ migration: migration.name, revision });
    log(`Imported ${migration.name} as ${revision.revision}`);
  }

  if (stampIndex === undefined) return { migrationsDir, imported };
  if (stampIndex < 0) return { migrationsDir, imported, stamped: null };
  const stamped = imported[stampIndex].revision.revision;
  await stamp([stamped], options);
  return { migrationsDir, imported, stamped };
}

function defaultMigrationsDir(schemaPath: string): string {
  return join(existsSync(schemaPath) && statSync(schemaPath).isDirectory() ? schemaPath : dirname(schemaPath), 'migrations');
}

/** Prisma's migration folders in the order Prisma applies them (by name: they start with a timestamp). */
export function readPrismaMigrationFolders(dir: string): PrismaMigration[] {
  if (!existsSync(dir)) throw new PmigError(`Prisma migrations folder not found: ${dir}`);
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(dir, entry.name, 'migration.sql')))
    .map((entry) => entry.name)
    .sort()
    .map((name) => ({ name, sql: readFileSync(join(dir, name, 'migration.sql'), 'utf8') }));
}

/**
 * The index of the last applied migration (-1 for none). Applied migrations must be exactly the
 * first ones of the folder: a linear chain cannot say "1 and 3 applied, 2 not".
 */
function appliedPrefix(migrations: PrismaMigration[], state: PrismaMigrationsState): number {
  if (state.failed.length) {
    throw new PmigError(`Prisma Migrate left unfinished migration(s): ${state.failed.join(', ')}. Resolve them first (\`prisma migrate resolve\`).`);
  }
  const names = new Set(migrations.map((m) => m.name));
  const unknown = state.applied.filter((name) => !names.has(name));
  if (unknown.length) {
    throw new PmigError(`_prisma_migrations lists migration(s) that are not in the migrations folder: ${unknown.join(', ')}.`);
  }
  const applied = new Set(state.applied);
  const last = migrations.reduce((acc, m, i) => (applied.has(m.name) ? i : acc), -1);
  const gaps = migrations.slice(0, last + 1).filter((m) => !applied.has(m.name));
  if (gaps.length) {
    throw new PmigError(`_prisma_migrations shows ${migrations[last].name} applied but not the earlier ${gaps.map((m) => m.name).join(', ')}.`);
  }
  return last;
}

/** `20240131120000_add_posts` → 2024-01-31 12:00:00 UTC, for the revision header; now otherwise. */
function migrationDate(name: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})/.exec(name);
  if (!m) return undefined;
  const date = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]));
  return Number.isNaN(date.getTime()) ? undefined : date;
}

// ---------------------------------------------------------------- replay on a scratch database

interface RevisionBody {
  upgrade: string;
  downgrade: string;
}

async function computeRevisionBodies(
  migrations: PrismaMigration[], url: string, baseDir: string, dialect: DialectName, log: (line: string) => void,
): Promise<RevisionBody[]> {
  const scratch = await createScratchDatabase(url, baseDir);
  try {
    const conn = await connect(scratch.url, { baseDir });
    try {
      const bodies: RevisionBody[] = [];
      let before = await introspect(conn);
      for (const migration of migrations) {
        const statements = splitSqlStatements(migration.sql, dialect);
        for (const statement of statements) {
          try {
            await conn.execute(statement.sql);
          } catch (e) {
            throw new PmigError(`Migration ${migration.name} failed on the scratch database: ${(e as Error).message}\nStatement:\n${statement.sql}`);
          }
        }
        const after = await introspect(conn);
        bodies.push({ upgrade: renderUpgrade(statements), downgrade: renderDowngrade(before, after, statements, dialect) });
        log(`Replayed ${migration.name} (${statements.length} statement${statements.length === 1 ? '' : 's'})`);
        for (const s of statements.filter((st) => UNSEEN_OBJECT.test(st.sql))) {
          log(`Warning: ${migration.name}: the downgrade cannot undo \`${firstLine(s.sql)}\`; write it by hand.`);
        }
        before = after;
      }
      return bodies;
    } finally {
      await conn.close();
    }
  } finally {
    await scratch.drop();
  }
}

interface ScratchDatabase {
  url: string;
  drop(): Promise<void>;
}

/** An empty database of the same kind as `url`: a temporary database on the same server, or a temp SQLite file. */
async function createScratchDatabase(url: string, baseDir: string): Promise<ScratchDatabase> {
  const dialect = dialectOfUrl(url);
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'pmig-scratch-'));
    return { url: `file:${join(dir, 'scratch.db')}`, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const name = `pmig_scratch_${randomBytes(6).toString('hex')}`;
  const quoted = dialectFor(dialect).quote(name);
  const admin = await connect(url, { baseDir });
  try {
    await admin.execute(`CREATE DATABASE ${quoted}`);
  } catch (e) {
    throw new PmigError(`Cannot create a scratch database on ${admin.displayUrl} to replay the migrations: ${(e as Error).message}`);
  } finally {
    await admin.close();
  }
  const scratchUrl = new URL(url);
  scratchUrl.pathname = `/${name}`;
  return {
    url: scratchUrl.toString(),
    drop: async () => {
      const conn = await connect(url, { baseDir });
      try {
        await conn.execute(dialect === 'postgresql' ? `DROP DATABASE IF EXISTS ${quoted} WITH (FORCE)` : `DROP DATABASE IF EXISTS ${quoted}`);
      } finally {
        await conn.close();
      }
    },
  };
}

// ---------------------------------------------------------------- rendering

function renderUpgrade(statements: SqlStatement[]): string {
  if (!statements.length) return '  // The migration has no statements.';
  return statements
    .map(({ comments, sql }) => [...comments.map((c) => `  // ${c}`), `  await op.execute(${templateLiteral(sql)});`].join('\n'))
    .join('\n');
}

/** A TypeScript template literal whose value is exactly `text` (multi-line SQL stays readable). */
function templateLiteral(text: string): string {
  return `\`${text.replace(/\\/g, '\\\\').replace(/`/g, '\\`').replace(/\$\{/g, '\\${')}\``;
}

/**
 * The operations that take the database from `after` back to `before`. Renames found in the SQL
 * are applied to `before` first, so the comparison sees the renamed table or column as the same
 * one; the renames are then undone last, when everything else already has its old shape.
 */
function renderDowngrade(before: Schema, after: Schema, statements: SqlStatement[], dialect: DialectName): string {
  const renames = findRenames(statements, dialect);
  const ops: Op[] = [
    ...compareSchemas(applyRenames(before, renames), after, { dialect }),
    ...[...renames].reverse().map(reverseRename),
  ];
  const unseen = statements.filter((s) => UNSEEN_OBJECT.test(s.sql)).map((s) => firstLine(s.sql));
  const warnings = unseen.map(
    (line) => `  // Not undone: \`${line}\` creates an object pmig does not introspect (functions, views, triggers...): drop it here by hand.`,
  );
  const body = renderOps(ops, { dialect }).upgrade;
  return [...warnings, ...(ops.length || !warnings.length ? [body] : [])].join('\n');
}

/** Statements whose objects introspection does not read, so the comparison cannot undo them. */
const UNSEEN_OBJECT = /^\s*CREATE\s+(?:OR\s+REPLACE\s+)?(?:FUNCTION|PROCEDURE|(?:MATERIALIZED\s+)?VIEW|TRIGGER|EXTENSION|SEQUENCE|SCHEMA|POLICY|RULE|DOMAIN)\b/i;

function firstLine(sql: string): string {
  const line = sql.split('\n')[0].replace(/`/g, "'");
  return line.length > 80 ? `${line.slice(0, 77)}...` : line;
}

type Rename =
  | { kind: 'table'; from: string; to: string }
  | { kind: 'column'; table: string; from: string; to: string };

const IDENT = String.raw`("(?:[^"]|"")+"|\x60(?:[^\x60]|\x60\x60)+\x60|\[[^\]]+\]|[A-Za-z_][A-Za-z0-9_$]*)`;
const QUALIFIED = String.raw`(?:${IDENT}\s*\.\s*)?${IDENT}`;
const RENAME_COLUMN = new RegExp(String.raw`^\s*ALTER\s+TABLE\s+(?:ONLY\s+)?(?:IF\s+EXISTS\s+)?${QUALIFIED}\s+RENAME\s+(?:COLUMN\s+)?${IDENT}\s+TO\s+${IDENT}\s*$`, 'i');
const RENAME_TABLE = new RegExp(String.raw`^\s*ALTER\s+TABLE\s+(?:ONLY\s+)?(?:IF\s+EXISTS\s+)?${QUALIFIED}\s+RENAME\s+TO\s+${QUALIFIED}\s*$`, 'i');

function findRenames(statements: SqlStatement[], dialect: DialectName): Rename[] {
  const name = (raw: string) => unquoteIdentifier(raw, dialect);
  const renames: Rename[] = [];
  for (const { sql } of statements) {
    const table = RENAME_TABLE.exec(sql);
    if (table) {
      renames.push({ kind: 'table', from: name(table[2]), to: name(table[4]) });
      continue;
    }
    const column = RENAME_COLUMN.exec(sql);
    if (column) renames.push({ kind: 'column', table: name(column[2]), from: name(column[3]), to: name(column[4]) });
  }
  return renames;
}

/** Unquoted names fold to lower case on PostgreSQL; quoted ones are taken as written. */
function unquoteIdentifier(raw: string, dialect: DialectName): string {
  const quote = raw[0];
  if (quote === '"') return raw.slice(1, -1).replace(/""/g, '"');
  if (quote === '`') return raw.slice(1, -1).replace(/``/g, '`');
  if (quote === '[') return raw.slice(1, -1);
  return dialect === 'postgresql' ? raw.toLowerCase() : raw;
}

/** `schema` with the renames done, in order, on tables, columns and every reference to them. */
function applyRenames(schema: Schema, renames: Rename[]): Schema {
  let tables: TableDef[] = structuredClone(schema.tables);
  for (const rename of renames) {
    tables = tables.map((t) => renameInTable(t, rename));
  }
  return { ...schema, tables };
}

function renameInTable(table: TableDef, rename: Rename): TableDef {
  if (rename.kind === 'table') {
    return {
      ...table,
      name: table.name === rename.from ? rename.to : table.name,
      foreignKeys: table.foreignKeys?.map((fk) => (fk.referencedTable === rename.from ? { ...fk, referencedTable: rename.to } : fk)),
    };
  }
  const col = (c: string) => (c === rename.from ? rename.to : c);
  const indexColumn = (c: string | IndexColumn): string | IndexColumn => (typeof c === 'string' ? col(c) : { ...c, name: col(c.name) });
  const own = table.name === rename.table;
  return {
    ...table,
    columns: own ? table.columns.map((c) => ({ ...c, name: col(c.name) })) : table.columns,
    primaryKey: own && table.primaryKey ? { ...table.primaryKey, columns: table.primaryKey.columns.map(col) } : table.primaryKey,
    uniques: own ? table.uniques?.map((u) => ({ ...u, columns: u.columns.map(indexColumn) })) : table.uniques,
    indexes: own ? table.indexes?.map((i) => ({ ...i, columns: i.columns.map(indexColumn) })) : table.indexes,
    foreignKeys: table.foreignKeys?.map((fk) => ({
      ...fk,
      columns: own ? fk.columns.map(col) : fk.columns,
      referencedColumns: fk.referencedTable === rename.table ? fk.referencedColumns.map(col) : fk.referencedColumns,
    })),
  };
}

function reverseRename(rename: Rename): Op {
  return rename.kind === 'table'
    ? { kind: 'renameTable', from: rename.to, to: rename.from }
    : { kind: 'renameColumn', table: rename.table, from: rename.to, to: rename.from };
}

// ---------------------------------------------------------------- splitting a SQL file
