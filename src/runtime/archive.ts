/**
 * Archived drops: `op.dropColumn(t, c, { archive })` / `op.dropTable(t, { archive: true })` first copy
 * what they destroy into a pmig archive table, and the inverse ops (`addColumn` / `createTable` with
 * `restoreArchive`, which autogenerate renders in the downgrade) put it back, matching rows by key.
 *
 * Everything here is static SQL (CREATE TABLE ... AS SELECT, UPDATE from a subquery, INSERT ...
 * SELECT), so `--sql` prints it; only `archive: true` on a column needs the live database, to read
 * the primary key. One archive table per drop, named after the revision that dropped, listed in
 * the `pmig_archive` catalog (`pmig archive list` / `pmig archive drop`).
 */
import type { DialectName } from '../db/types';
import type {
  AddColumnOp, AlterColumnOp, ArchiveSpec, CreateTableOp, DropColumnOp, DropTableOp, ExecuteOp, Op,
} from '../operations/types';
import type { ColumnDef, TableDef } from '../schema/types';

/** The catalog of archives; every archive table's name starts with `${ARCHIVE_CATALOG}_`. */
export const ARCHIVE_CATALOG = 'pmig_archive';

/** Shorter than PostgreSQL's 63 and MySQL's 64, so that one revision names the same table everywhere. */
const NAME_LIMIT = 63;

/**
 * Whether a table exists in the connection's default schema. Introspection never reports pmig's own
 * `pmig_*` tables (so autogenerate leaves archives alone), hence this direct look-up.
 */
export async function tableExists(conn: { query(sql: string, params?: unknown[]): Promise<unknown[]> }, dialect: DialectName, table: string): Promise<boolean> {
  const sql = {
    postgresql: 'SELECT 1 FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = $1',
    mysql: 'SELECT 1 FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = ?',
    sqlite: "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
  }[dialect];
  return (await conn.query(sql, [table])).length > 0;
}

/** `pmig_archive_<revision>_<table>[__<column>]`, cut with a hash suffix when longer than the limit. */
export function archiveTableName(revision: string, table: string, column?: string): string {
  const full = `${ARCHIVE_CATALOG}_${revision}_${table}${column ? `__${column}` : ''}`;
  if (full.length <= NAME_LIMIT) return full;
  const hash = fnv1a(full);
  return `${full.slice(0, NAME_LIMIT - hash.length - 1)}_${hash}`;
}

/** 32-bit FNV-1a as 8 hex digits: a short, stable suffix that keeps cut names distinct. */
function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

/** How SQL is written for the database at hand (what `OperationSink` and `Dialect` both offer). */
export interface SqlWriter {
  readonly name: DialectName;
  quote(identifier: string): string;
  placeholder(index: number): string;
}

/** An archive that cannot be made or used, with what to do instead. */
export class ArchiveError extends Error {}

/** What archiving needs from the run. */
export interface ArchiveEnv {
  dialect: SqlWriter;
  /** The revision being run: archive names carry it, so a later drop of the same column never collides. */
  revision?: string;
  /** The table as it is now; absent with --sql. */
  inspectTable?(table: string, schema?: string): Promise<TableDef | undefined>;
  /** Reads rows; absent with --sql. */
  query?(sql: string, params?: unknown[]): Promise<Record<string, unknown>[]>;
  /** A line for the person running the migration. */
  notify?(line: string): void;
}

/** One op with what must run before and after it. */
export interface ArchivePlan {
  before: Op[];
  main: Op;
  after: Op[];
}

/** The ops that carry out `op`, archive and restore included; other ops are returned unchanged. */
export async function planArchive(op: Op, env: ArchiveEnv): Promise<ArchivePlan> {
  if (op.kind === 'dropColumn' && op.archive) return { before: await archiveColumn(op, op.archive, env), main: op, after: [] };
  if (op.kind === 'dropTable' && op.archive) return { before: await archiveTable(op, env), main: op, after: [] };
  if (op.kind === 'addColumn' && op.restoreArchive) return restoreColumn(op, op.restoreArchive, env);
  if (op.kind === 'createTable' && op.restoreArchive) return restoreTable(op, env);
  return { before: [], main: op, after: [] };
}

// ---------------------------------------------------------------- archive

async function archiveColumn(op: DropColumnOp, spec: ArchiveSpec, env: ArchiveEnv): Promise<Op[]> {
  const revision = requireRevision(env, `dropColumn('${op.table}', '${op.column}', { archive })`);
  const key = await keyColumns(op.table, op.schema, op.column, spec, env);
  const name = archiveTableName(revision, op.table, op.column);
  const q = (id: string) => env.dialect.quote(id);
  const live = await liveEnumColumns(op.table, op.schema, env);
  const columns = [...key.map(q), archived(op.column, live, env)].join(', ');
  return [
    ...catalogCreate(env.dialect),
    sql(`CREATE TABLE ${q(name)} AS SELECT ${columns} FROM ${qualified(env.dialect, op.table, op.schema)} WHERE ${q(op.column)} IS NOT NULL`),
    catalogInsert(env.dialect, { name, revision, table: op.table, schema: op.schema, column: op.column, key }),
  ];
}

async function archiveTable(op: DropTableOp, env: ArchiveEnv): Promise<Op[]> {
  const revision = requireRevision(env, `dropTable('${op.table}', { archive: true })`);
  const name = archiveTableName(revision, op.table);
  const live = await liveEnumColumns(op.table, op.schema, env);
  const columns = live.all.length ? live.all.map((c) => archived(c, live, env)).join(', ') : '*';
  return [
    ...catalogCreate(env.dialect),
    sql(`CREATE TABLE ${env.dialect.quote(name)} AS SELECT ${columns} FROM ${qualified(env.dialect, op.table, op.schema)}`),
    catalogInsert(env.dialect, { name, revision, table: op.table, schema: op.schema }),
  ];
}

/**
 * PostgreSQL enum columns are archived as text: an archive table typed by the enum would keep the
 * type alive, and a revision that drops the column and its enum could not drop the type.
 * Known from the live table; with --sql the columns are copied as they are.
 */
interface LiveColumns {
  all: string[];
  enums: Set<string>;
}

async function liveEnumColumns(table: string, schema: string | undefined, env: ArchiveEnv): Promise<LiveColumns> {
  const live = env.inspectTable ? await env.inspectTable(table, schema) : undefined;
  if (!live) return { all: [], enums: new Set() };
  const enums = env.dialect.name === 'postgresql' ? live.columns.filter((c) => typeof c.type === 'object').map((c) => c.name) : [];
  return { all: live.columns.map((c) => c.name), enums: new Set(enums) };
}

function archived(column: string, live: LiveColumns, env: ArchiveEnv): string {
  const q = env.dialect.quote(column);
  return live.enums.has(column) ? `CAST(${q} AS TEXT) AS ${q}` : q;
}

/** The archived value as the column's type: PostgreSQL enums come back from text by an explicit cast. */
function restored(expression: string, column: ColumnDef, env: ArchiveEnv): string {
  if (env.dialect.name !== 'postgresql' || typeof column.type !== 'object') return expression;
  const type = column.type.schema ? `${env.dialect.quote(column.type.schema)}.${env.dialect.quote(column.type.enum)}` : env.dialect.quote(column.type.enum);
  return `CAST(${expression} AS ${type})`;
}

/** The primary key the values are archived by: given, or read from the live table. */
async function keyColumns(table: string, schema: string | undefined, column: string, spec: ArchiveSpec, env: ArchiveEnv): Promise<string[]> {
  if (typeof spec === 'object') {
    if (!spec.key.length) throw new ArchiveError(`archive.key of "${table}"."${column}" is empty: name the columns that identify a row.`);
    return spec.key;
  }
  if (!env.inspectTable) {
    throw new ArchiveError(
      `dropColumn('${table}', '${column}', { archive: true }) reads the table's primary key from the database; ` +
        `to print its SQL with --sql, name the key: { archive: { key: ['id'] } }.`,
    );
  }
  const live = await env.inspectTable(table, schema);
  const key = live?.primaryKey?.columns ?? [];
  if (!key.length) {
    throw new ArchiveError(
      `Cannot archive "${table}"."${column}": the table has no primary key, so the values could not be put back on their rows. ` +
        `Give a unique, non-null key ({ archive: { key: [...] } }) or drop the column without archive.`,
    );
  }
  return key;
}

// ---------------------------------------------------------------- restore

async function restoreColumn(op: AddColumnOp, spec: ArchiveSpec, env: ArchiveEnv): Promise<ArchivePlan> {
  const { restoreArchive: _restore, ...plain } = op;
  const revision = requireRevision(env, `addColumn('${op.table}', ..., { restoreArchive })`);
  const name = archiveTableName(revision, op.table, op.column.name);
  if (!(await archiveExists(name, env))) return { before: [], main: plain, after: [] };

  const d = env.dialect;
  const q = (id: string) => d.quote(id);
  const key = typeof spec === 'object' ? spec.key : await archivedKey(op, name, env);
  const target = qualified(d, op.table, op.schema);
  const match = key.map((k) => `a.${q(k)} = ${target}.${q(k)}`).join(' AND ');
  const notNull = op.column.nullable === false;
  // A NOT NULL column is added nullable, filled, then made NOT NULL: rows inserted since the drop
  // have no archived value, and the runtime refuses the last step, naming them, if any is left NULL.
  const main: AddColumnOp = notNull ? { ...plain, column: { ...op.column, nullable: true } } : plain;
  const after: Op[] = [
    sql(`UPDATE ${target} SET ${q(op.column.name)} = (SELECT ${restored(`a.${q(op.column.name)}`, op.column, env)} FROM ${q(name)} a WHERE ${match}) ` +
      `WHERE EXISTS (SELECT 1 FROM ${q(name)} a WHERE ${match})`),
  ];
  if (notNull) {
    const setNotNull: AlterColumnOp = {
      kind: 'alterColumn', table: op.table, ...(op.schema ? { schema: op.schema } : {}), column: op.column.name, nullable: false,
      existing: { type: op.column.type, nativeType: op.column.nativeType, nullable: true, default: op.column.default, autoincrement: op.column.autoincrement },
    };
    after.push(setNotNull);
  }
  after.push(...discard(d, name));
  return { before: [], main, after };
}

async function restoreTable(op: CreateTableOp, env: ArchiveEnv): Promise<ArchivePlan> {
  const { restoreArchive: _restore, ...plain } = op;
  const revision = requireRevision(env, `createTable('${op.table.name}', ..., { restoreArchive: true })`);
  const name = archiveTableName(revision, op.table.name);
  if (!(await archiveExists(name, env))) return { before: [], main: plain, after: [] };
  const d = env.dialect;
  const target = qualified(d, op.table.name, op.table.schema);
  const columns = op.table.columns.map((c) => d.quote(c.name)).join(', ');
  const values = op.table.columns.map((c) => restored(d.quote(c.name), c, env)).join(', ');
  const after: Op[] = [sql(`INSERT INTO ${target} (${columns}) SELECT ${values} FROM ${d.quote(name)}`)];
  // PostgreSQL sequences do not follow inserted ids: move them past the restored rows.
  if (d.name === 'postgresql') {
    for (const c of op.table.columns.filter((col) => col.autoincrement)) {
      after.push(sql(`SELECT setval(pg_get_serial_sequence(${d.placeholder(1)}, ${d.placeholder(2)}), MAX(${d.quote(c.name)})) FROM ${target}`, [target, c.name]));
    }
  }
  after.push(...discard(d, name));
  return { before: [], main: plain, after };
}

/** The key recorded in the catalog when the column was archived (`restoreArchive: true`). */
async function archivedKey(op: AddColumnOp, name: string, env: ArchiveEnv): Promise<string[]> {
  if (!env.query) {
    throw new ArchiveError(
      `addColumn('${op.table}', '${op.column.name}', { restoreArchive: true }) reads the archive's key from the database; ` +
        `to print its SQL with --sql, name the key: { restoreArchive: { key: ['id'] } }.`,
    );
  }
  const d = env.dialect;
  const [row] = await env.query(
    `SELECT ${d.quote('key_columns')} AS k FROM ${d.quote(ARCHIVE_CATALOG)} WHERE ${d.quote('archive_table')} = ${d.placeholder(1)}`, [name],
  );
  if (!row?.k) throw new ArchiveError(`The catalog ${ARCHIVE_CATALOG} has no key for archive ${name}: restore with { restoreArchive: { key: [...] } }.`);
  return String(row.k).split(',');
}

/** Offline, the archive is assumed to be there; online, a missing one (already dropped) is said, not fatal. */
async function archiveExists(name: string, env: ArchiveEnv): Promise<boolean> {
  if (!env.query) return true;
  if (await tableExists({ query: env.query }, env.dialect.name, name)) return true;
  env.notify?.(`Archive ${name} not found (dropped with \`pmig archive drop\`?): the data is not restored.`);
  return false;
}

// ---------------------------------------------------------------- catalog and helpers

interface CatalogEntry {
  name: string;
  revision: string;
  table: string;
  schema?: string;
  column?: string;
  key?: string[];
}

function catalogCreate(d: SqlWriter): ExecuteOp[] {
  const q = (id: string) => d.quote(id);
  return [sql(
    `CREATE TABLE IF NOT EXISTS ${q(ARCHIVE_CATALOG)} (` +
      `${q('archive_table')} VARCHAR(64) NOT NULL PRIMARY KEY, ${q('revision')} VARCHAR(255) NOT NULL, ` +
      `${q('source_schema')} VARCHAR(255) NULL, ${q('source_table')} VARCHAR(255) NOT NULL, ${q('source_column')} VARCHAR(255) NULL, ` +
      `${q('key_columns')} VARCHAR(1000) NULL, ${q('archived_at')} TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP)`,
  )];
}

function catalogInsert(d: SqlWriter, entry: CatalogEntry): ExecuteOp {
  const q = (id: string) => d.quote(id);
  const values = [entry.name, entry.revision, entry.schema ?? null, entry.table, entry.column ?? null, entry.key ? entry.key.join(',') : null];
  return sql(
    `INSERT INTO ${q(ARCHIVE_CATALOG)} (${['archive_table', 'revision', 'source_schema', 'source_table', 'source_column', 'key_columns'].map(q).join(', ')}) ` +
      `VALUES (${values.map((_, i) => d.placeholder(i + 1)).join(', ')})`,
    values,
  );
}

/** Drops an archive table and its catalog row (after a restore, or by `pmig archive drop`). */
export function discard(d: SqlWriter, name: string): ExecuteOp[] {
  return [
    sql(`DROP TABLE ${d.quote(name)}`),
    sql(`DELETE FROM ${d.quote(ARCHIVE_CATALOG)} WHERE ${d.quote('archive_table')} = ${d.placeholder(1)}`, [name]),
  ];
}

function requireRevision(env: ArchiveEnv, what: string): string {
  if (!env.revision) throw new ArchiveError(`${what} runs inside \`pmig upgrade\` / \`pmig downgrade\`: the archive is named after the revision.`);
  return env.revision;
}

function qualified(d: SqlWriter, table: string, schema?: string): string {
  return schema ? `${d.quote(schema)}.${d.quote(table)}` : d.quote(table);
}

function sql(text: string, params?: unknown[]): ExecuteOp {
  return { kind: 'execute', sql: text, ...(params ? { params } : {}) };
}
