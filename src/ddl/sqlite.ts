/**
 * SQLite DDL. ALTER TABLE on SQLite can only add, rename and drop columns and rename tables, so
 * every other change is made by rebuilding the table (Alembic's "batch mode"): create the new
 * definition under a temporary name, copy the rows, drop the old table, rename, recreate indexes.
 *
 * Foreign keys during a rebuild: dropping a table that other tables reference performs an implicit
 * DELETE, which fires their ON DELETE actions. `PRAGMA foreign_keys=OFF` prevents that but has no
 * effect inside a transaction, so the rebuild also sets `PRAGMA defer_foreign_keys=ON` (children
 * with NO ACTION then survive inside a transaction, their references resolving again once the new
 * table takes the old name) and first runs a guard that fails, naming the problem, when foreign
 * keys are still enforced and another table references this one with an ON DELETE action
 * (CASCADE, SET NULL, SET DEFAULT, RESTRICT) that the drop would fire. Run such revisions with
 * foreign keys off (outside a transaction) to rebuild those tables. At the end it checks, with
 * `pragma_foreign_key_check`, that every reference to and from the table holds, then switches the
 * deferral off (which forgets the violations the DROP TABLE counted), as Prisma's own rebuilds do.
 */
import type {
  AddColumnOp, AlterColumnOp, CreateIndexOp, DropColumnOp, DropConstraintOp, Op, RenameIndexOp,
} from '../operations/types';
import { sqlColumnType, sqlDefault, sqlString } from '../prisma/type-mapping';
import type { ColumnDef, ForeignKeyDef, IndexDef, TableDef } from '../schema/types';
import { indexColumnNames, quoteWith, referentialClauses, renderIndexColumns, sqlLiteral, swapColumnsSql } from './common';
import { IDENTIFIER_LIMITS } from './identifiers';
import type { DdlContext, Dialect } from './types';
import { DdlError } from './types';

const quote = (id: string): string => quoteWith('"', id);

/** SQLite has no schemas in pmig's sense; a given schema is an attached database name. */
function qualified(name: string, schema?: string): string {
  return schema ? `${quote(schema)}.${quote(name)}` : quote(name);
}

export const SQLITE_REBUILD_PREFIX = '_pmig_tmp_';

function primaryKeyColumns(table: TableDef): string[] {
  return table.primaryKey?.columns ?? table.columns.filter((c) => c.primaryKey).map((c) => c.name);
}

function columnSql(col: ColumnDef, inlinePrimaryKey: boolean): string {
  let out = `${quote(col.name)} ${sqlColumnType('sqlite', col)}`;
  if (col.nullable === false) out += ' NOT NULL';
  // Prisma writes a single-column key inline: `"id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT`.
  if (inlinePrimaryKey) out += col.autoincrement ? ' PRIMARY KEY AUTOINCREMENT' : ' PRIMARY KEY';
  const def = sqlDefault('sqlite', col);
  if (def !== undefined) out += ` DEFAULT ${def}`;
  return out;
}

function foreignKeyClause(fk: ForeignKeyDef): string {
  return `CONSTRAINT ${quote(fk.name)} FOREIGN KEY (${fk.columns.map(quote).join(', ')}) `
    + `REFERENCES ${quote(fk.referencedTable)} (${fk.referencedColumns.map(quote).join(', ')})`
    + referentialClauses(fk.onDelete, fk.onUpdate);
}

function createTableSql(table: TableDef, name = table.name): string {
  const pk = primaryKeyColumns(table);
  const inlinePk = pk.length === 1 && !table.primaryKey?.name ? pk[0] : undefined;
  const lines = table.columns.map((c) => columnSql(c, c.name === inlinePk));
  const constraints: string[] = [];
  if (pk.length && inlinePk === undefined) {
    const named = table.primaryKey?.name ? `CONSTRAINT ${quote(table.primaryKey.name)} ` : '';
    constraints.push(`${named}PRIMARY KEY (${pk.map(quote).join(', ')})`);
  }
  for (const u of table.uniques ?? []) {
    constraints.push(`CONSTRAINT ${quote(u.name)} UNIQUE (${renderIndexColumns(u.columns, quote, { prefixLength: false })})`);
  }
  for (const c of table.checks ?? []) constraints.push(`CONSTRAINT ${quote(c.name)} CHECK (${c.expression})`);
  for (const fk of table.foreignKeys ?? []) constraints.push(foreignKeyClause(fk));
  const body = [lines.map((l) => `    ${l}`).join(',\n')];
  if (constraints.length) body.push(constraints.map((l) => `    ${l}`).join(',\n'));
  return `CREATE TABLE ${qualified(name, table.schema)} (\n${body.join(',\n\n')}\n)`;
}

function createIndexSql(idx: IndexDef, table: string, schema?: string): string {
  if (idx.using && idx.using.toLowerCase() !== 'btree') {
    throw new DdlError(`index ${idx.name}: SQLite has no index method ${idx.using}`);
  }
  const cols = renderIndexColumns(idx.columns, quote, { prefixLength: false });
  const where = idx.where ? ` WHERE ${idx.where}` : '';
  // In SQLite the schema qualifies the index name, not the table.
  return `CREATE ${idx.unique ? 'UNIQUE ' : ''}INDEX ${qualified(idx.name, schema)} ON ${quote(table)}(${cols})${where}`;
}

// ---------------------------------------------------------------------------------------------
// Table rebuilds

/** The table's new definition and, for each of its columns, the expression that fills it from the old rows. */
interface RebuildPlan {
  table: TableDef;
  sources: Map<string, string>;
}

function clone(table: TableDef): TableDef {
  return JSON.parse(JSON.stringify(table)) as TableDef;
}

function renameIn(names: string[], from: string, to: string): string[] {
  return names.map((n) => (n === from ? to : n));
}

function renameColumnEverywhere(table: TableDef, from: string, to: string): void {
  const col = table.columns.find((c) => c.name === from);
  if (!col) throw new DdlError(`table ${table.name} has no column ${from}`);
  col.name = to;
  if (table.primaryKey) table.primaryKey.columns = renameIn(table.primaryKey.columns, from, to);
  const renameIndexCols = (cols: IndexDef['columns']): IndexDef['columns'] =>
    cols.map((c) => (typeof c === 'string' ? (c === from ? to : c) : c.name === from ? { ...c, name: to } : c));
  for (const u of table.uniques ?? []) u.columns = renameIndexCols(u.columns);
  for (const i of table.indexes ?? []) i.columns = renameIndexCols(i.columns);
  for (const fk of table.foreignKeys ?? []) {
    fk.columns = renameIn(fk.columns, from, to);
    if (fk.referencedTable === table.name) fk.referencedColumns = renameIn(fk.referencedColumns, from, to);
  }
}

function removeNamed<T extends { name: string }>(list: T[] | undefined, name: string): { list: T[]; removed: boolean } {
  const kept = (list ?? []).filter((x) => x.name !== name);
  return { list: kept, removed: kept.length !== (list ?? []).length };
}

function opTable(op: Op): string | undefined {
  return 'table' in op && typeof op.table === 'string' ? op.table : undefined;
}

/** Applies one table-level op to the plan (the op must concern `plan.table`). */
function applyToPlan(plan: RebuildPlan, op: Op): void {
  const t = plan.table;
  switch (op.kind) {
    case 'addColumn':
      if (t.columns.some((c) => c.name === op.column.name)) throw new DdlError(`table ${t.name} already has a column ${op.column.name}`);
      t.columns.push({ ...op.column });
      if (op.column.primaryKey) t.primaryKey = { ...t.primaryKey, columns: [...primaryKeyColumns(t), op.column.name] };
      return;
    case 'dropColumn': {
      if (!t.columns.some((c) => c.name === op.column)) throw new DdlError(`table ${t.name} has no column ${op.column}`);
      if (primaryKeyColumns(t).includes(op.column)) {
        throw new DdlError(`cannot drop ${t.name}.${op.column}: it is part of the primary key; drop the key first`);
      }
      t.columns = t.columns.filter((c) => c.name !== op.column);
      plan.sources.delete(op.column);
      // Indexes and constraints on the dropped column go with it, as in Alembic's batch mode.
      const uses = (cols: IndexDef['columns']): boolean => indexColumnNames(cols).includes(op.column);
      t.indexes = t.indexes?.filter((i) => !uses(i.columns));
      t.uniques = t.uniques?.filter((u) => !uses(u.columns));
      t.foreignKeys = t.foreignKeys?.filter((fk) => !fk.columns.includes(op.column));
      return;
    }
    case 'renameColumn':
      renameSource(plan, op.from, op.to);
      renameColumnEverywhere(t, op.from, op.to);
      return;
    case 'alterColumn': {
      const col = t.columns.find((c) => c.name === op.column);
      if (!col) throw new DdlError(`table ${t.name} has no column ${op.column}`);
      if (op.type !== undefined) {
        col.type = op.type;
        col.nativeType = op.nativeType;
      }
      if (op.nullable !== undefined) col.nullable = op.nullable;
      if (op.default === null) delete col.default;
      else if (op.default !== undefined) col.default = op.default;
      if (op.using !== undefined) plan.sources.set(op.column, op.using);
      if (op.newName !== undefined && op.newName !== op.column) {
        renameSource(plan, op.column, op.newName);
        renameColumnEverywhere(t, op.column, op.newName);
      }
      return;
    }
    case 'createIndex': {
      const { name, columns, unique, where, using } = op;
      if (op.concurrently) throw new DdlError(`index ${name}: CONCURRENTLY is PostgreSQL only`);
      t.indexes = [...(t.indexes ?? []), { name, columns, unique, where, using }];
      return;
    }
    case 'dropIndex': {
      const idx = removeNamed(t.indexes, op.name);
      const uq = removeNamed(t.uniques, op.name);
      if (!idx.removed && !uq.removed) throw new DdlError(`table ${t.name} has no index ${op.name}`);
      t.indexes = idx.list;
      t.uniques = uq.list;
      return;
    }
    case 'renameIndex': {
      const idx = [...(t.indexes ?? []), ...(t.uniques ?? [])].find((i) => i.name === op.from);
      if (!idx) throw new DdlError(`table ${t.name} has no index ${op.from}`);
      idx.name = op.to;
      return;
    }
    case 'createPrimaryKey':
      t.primaryKey = { name: op.name, columns: op.columns };
      for (const c of t.columns) delete c.primaryKey;
      return;
    case 'createUniqueConstraint':
      t.uniques = [...(t.uniques ?? []), { name: op.name, columns: op.columns }];
      return;
    case 'createForeignKey':
      t.foreignKeys = [...(t.foreignKeys ?? []), op.foreignKey];
      return;
    case 'createCheckConstraint':
      t.checks = [...(t.checks ?? []), op.check];
      return;
    case 'dropConstraint':
      dropConstraintFromPlan(t, op);
      return;
    default:
      throw new DdlError(`${op.kind} cannot be part of a SQLite table rebuild of ${t.name}`);
  }
}

function renameSource(plan: RebuildPlan, from: string, to: string): void {
  const source = plan.sources.get(from);
  plan.sources.delete(from);
  if (source !== undefined) plan.sources.set(to, source);
}

function dropConstraintFromPlan(t: TableDef, op: DropConstraintOp): void {
  switch (op.type) {
    case 'primary':
      delete t.primaryKey;
      for (const c of t.columns) {
        delete c.primaryKey;
        delete c.autoincrement;
      }
      return;
    case 'unique': {
      // Prisma creates uniques as unique indexes; accept either.
      const uq = removeNamed(t.uniques, op.name);
      const idx = removeNamed(t.indexes, op.name);
      if (!uq.removed && !idx.removed) throw new DdlError(`table ${t.name} has no unique constraint ${op.name}`);
      t.uniques = uq.list;
      t.indexes = idx.list;
      return;
    }
    case 'foreignKey': {
      const fk = removeNamed(t.foreignKeys, op.name);
      if (!fk.removed) throw new DdlError(`table ${t.name} has no foreign key ${op.name}`);
      t.foreignKeys = fk.list;
      return;
    }
    case 'check': {
      const ck = removeNamed(t.checks, op.name);
      if (!ck.removed) throw new DdlError(`table ${t.name} has no check constraint ${op.name}`);
      t.checks = ck.list;
    }
  }
}

/**
 * Statements that make the migration fail with `message` when `countSql` (a SELECT of one count)
 * is not zero: SQLite has no RAISE outside triggers, so a temporary table's named CHECK does it.
 */
function failIfAny(countSql: string, message: string): string[] {
  const guard = quote('_pmig_rebuild_guard');
  return [
    `CREATE TEMP TABLE ${guard} (${quote('n')} INTEGER CONSTRAINT ${quote(message)} CHECK (${quote('n')} = 0))`,
    `INSERT INTO temp.${guard} ${countSql}`,
    `DROP TABLE temp.${guard}`,
  ];
}

/**
 * Refuses to go on when foreign keys are enforced and another table references `table` with an
 * ON DELETE action that dropping the old table would fire.
 */
function actionsWouldFireGuard(table: string): string[] {
  return failIfAny(
    'SELECT COUNT(*) FROM pragma_foreign_keys AS p, sqlite_master AS m, pragma_foreign_key_list(m.name) AS f '
      + `WHERE p.foreign_keys = 1 AND m.type = 'table' AND m.name <> ${sqlString(table)} `
      + `AND f."table" = ${sqlString(table)} COLLATE NOCASE AND f.on_delete <> 'NO ACTION'`,
    `pmig: rebuilding ${table} with foreign_keys=ON would fire ON DELETE actions of tables that reference it; `
      + 'run this migration with PRAGMA foreign_keys=OFF (outside a transaction)',
  );
}

/**
 * After the rebuild every reference to and from the table must hold again. This check has to be
 * explicit: switching defer_foreign_keys off forgets the violations the DROP TABLE counted.
 */
function referencesHoldGuard(table: string): string[] {
  return failIfAny(
    `SELECT COUNT(*) FROM pragma_foreign_key_check AS c WHERE c."table" = ${sqlString(table)} OR c.parent = ${sqlString(table)}`,
    `pmig: after rebuilding ${table} some rows violate a foreign key (see PRAGMA foreign_key_check)`,
  );
}

/** The statements that rebuild `current` into `plan.table`, keeping its rows. */
function rebuildStatements(current: TableDef, plan: RebuildPlan): string[] {
  const next = plan.table;
  const temp = `${SQLITE_REBUILD_PREFIX}${next.name}`;
  const copied = next.columns.filter((c) => plan.sources.has(c.name));
  const statements = [
    'PRAGMA defer_foreign_keys=ON',
    'PRAGMA foreign_keys=OFF',
    ...actionsWouldFireGuard(current.name),
    createTableSql(next, temp),
  ];
  if (copied.length) {
    statements.push(
      `INSERT INTO ${qualified(temp, next.schema)} (${copied.map((c) => quote(c.name)).join(', ')}) `
        + `SELECT ${copied.map((c) => plan.sources.get(c.name)).join(', ')} FROM ${qualified(current.name, current.schema)}`,
    );
  }
  statements.push(
    `DROP TABLE ${qualified(current.name, current.schema)}`,
    `ALTER TABLE ${qualified(temp, next.schema)} RENAME TO ${quote(next.name)}`,
    ...(next.indexes ?? []).map((i) => createIndexSql(i, next.name, next.schema)),
    ...referencesHoldGuard(next.name),
    // Forgets the violations the DROP TABLE counted (checked just above); ends the deferral.
    'PRAGMA defer_foreign_keys=OFF',
    'PRAGMA foreign_keys=ON',
  );
  return statements;
}

/**
 * Applies several changes to one table with a single rebuild. `table` is the table as it is now
 * (for example from `inspectSqliteTable`); every op must concern that table.
 */
export function renderSqliteBatch(table: TableDef, ops: Op[]): string[] {
  const plan: RebuildPlan = {
    table: clone(table),
    sources: new Map(table.columns.map((c) => [c.name, quote(c.name)])),
  };
  for (const op of ops) {
    const target = opTable(op);
    if (target !== undefined && target !== table.name) {
      throw new DdlError(`batch on ${table.name} cannot contain ${op.kind} on ${target}`);
    }
    applyToPlan(plan, op);
  }
  return rebuildStatements(table, plan);
}

async function rebuild(op: Op, table: string, schema: string | undefined, why: string, ctx: DdlContext): Promise<string[]> {
  if (!ctx.inspectTable) {
    throw new DdlError(
      `SQLite cannot ${why} with ALTER TABLE, so pmig rebuilds table ${table}; that needs a live connection to read `
      + `the table's current definition, which offline (--sql) mode does not have. Run it online, or use `
      + `op.batchAlterTable with the table's definition.`,
    );
  }
  const current = await ctx.inspectTable(table, schema);
  if (!current) throw new DdlError(`SQLite table ${table} does not exist`);
  return renderSqliteBatch(current, [op]);
}

// ---------------------------------------------------------------------------------------------
// One op at a time

/** ADD COLUMN restrictions (sqlite.org/lang_altertable.html): anything else needs a rebuild. */
function addColumnNeedsRebuild(op: AddColumnOp): string | undefined {
  const c = op.column;
  if (c.primaryKey || c.autoincrement) return 'add a primary key column';
  if (c.default !== undefined && c.default !== null && typeof c.default === 'object') {
    return 'add a column whose default is not a constant';
  }
  if (c.nullable === false && (c.default === undefined || c.default === null)) return 'add a NOT NULL column without a default';
  return undefined;
}

async function addColumn(op: AddColumnOp, ctx: DdlContext): Promise<string[]> {
  const why = addColumnNeedsRebuild(op);
  if (why) return rebuild(op, op.table, op.schema, why, ctx);
  return [`ALTER TABLE ${qualified(op.table, op.schema)} ADD COLUMN ${columnSql(op.column, false)}`];
}

/** DROP COLUMN refuses columns in a key, index or constraint; offline, let SQLite decide. */
async function dropColumn(op: DropColumnOp, ctx: DdlContext): Promise<string[]> {
  const direct = [`ALTER TABLE ${qualified(op.table, op.schema)} DROP COLUMN ${quote(op.column)}`];
  if (!ctx.inspectTable) return direct;
  const t = await ctx.inspectTable(op.table, op.schema);
  if (!t) throw new DdlError(`SQLite table ${op.table} does not exist`);
  const inIndex = [...(t.indexes ?? []), ...(t.uniques ?? [])].some((i) => indexColumnNames(i.columns).includes(op.column));
  const inConstraint = primaryKeyColumns(t).includes(op.column) || (t.foreignKeys ?? []).some((fk) => fk.columns.includes(op.column));
  return inIndex || inConstraint ? renderSqliteBatch(t, [op]) : direct;
}

async function alterColumn(op: AlterColumnOp, ctx: DdlContext): Promise<string[]> {
  const onlyRename = op.type === undefined && op.nullable === undefined && op.default === undefined && op.using === undefined;
  if (onlyRename) {
    if (op.newName === undefined || op.newName === op.column) return [];
    return [`ALTER TABLE ${qualified(op.table, op.schema)} RENAME COLUMN ${quote(op.column)} TO ${quote(op.newName)}`];
  }
  return rebuild(op, op.table, op.schema, `alter column ${op.column}`, ctx);
}

function createIndex(op: CreateIndexOp): string[] {
  if (op.concurrently) throw new DdlError(`index ${op.name}: CONCURRENTLY is PostgreSQL only`);
  return [createIndexSql(op, op.table, op.schema)];
}

/** SQLite cannot rename an index: drop it and create it again under the new name. */
async function renameIndex(op: RenameIndexOp, ctx: DdlContext): Promise<string[]> {
  if (!ctx.inspectTable) {
    throw new DdlError(`SQLite cannot rename index ${op.from}: it is recreated, which needs a live connection to read its definition (offline --sql mode has none)`);
  }
  const t = await ctx.inspectTable(op.table, op.schema);
  const idx = t?.indexes?.find((i) => i.name === op.from);
  if (!idx) {
    if (t?.uniques?.some((u) => u.name === op.from)) return rebuild(op, op.table, op.schema, `rename unique constraint ${op.from}`, ctx);
    throw new DdlError(`SQLite table ${op.table} has no index ${op.from}`);
  }
  return [`DROP INDEX ${qualified(op.from, op.schema)}`, createIndexSql({ ...idx, name: op.to }, op.table, op.schema)];
}

/** Uniques are unique indexes on SQLite (as Prisma creates them); other constraints need a rebuild. */
async function dropConstraint(op: DropConstraintOp, ctx: DdlContext): Promise<string[]> {
  if (op.type === 'unique') {
    const t = ctx.inspectTable ? await ctx.inspectTable(op.table, op.schema) : undefined;
    const isIndex = !ctx.inspectTable || (t?.indexes ?? []).some((i) => i.name === op.name);
    if (isIndex) return [`DROP INDEX ${qualified(op.name, op.schema)}`];
  }
  return rebuild(op, op.table, op.schema, `drop constraint ${op.name}`, ctx);
}

async function render(op: Op, ctx: DdlContext): Promise<string[]> {
  switch (op.kind) {
    case 'createTable': {
      const t = op.table;
      return [createTableSql(t), ...(t.indexes ?? []).map((i) => createIndexSql(i, t.name, t.schema))];
    }
    case 'dropTable': return [`DROP TABLE ${qualified(op.table, op.schema)}`];
    case 'renameTable': return [`ALTER TABLE ${qualified(op.from, op.schema)} RENAME TO ${quote(op.to)}`];
    case 'addColumn': return addColumn(op, ctx);
    case 'dropColumn': return dropColumn(op, ctx);
    case 'renameColumn':
      return [`ALTER TABLE ${qualified(op.table, op.schema)} RENAME COLUMN ${quote(op.from)} TO ${quote(op.to)}`];
    case 'swapColumns': return swapColumnsSql(qualified(op.table, op.schema), op.columns, quote);
    case 'alterColumn': return alterColumn(op, ctx);
    case 'createIndex': return createIndex(op);
    case 'dropIndex': return [`DROP INDEX ${qualified(op.name, op.schema)}`];
    case 'renameIndex': return renameIndex(op, ctx);
    case 'createUniqueConstraint':
      return [createIndexSql({ name: op.name, columns: op.columns, unique: true }, op.table, op.schema)];
    case 'createPrimaryKey': return rebuild(op, op.table, op.schema, 'add a primary key', ctx);
    case 'createForeignKey': return rebuild(op, op.table, op.schema, `add foreign key ${op.foreignKey.name}`, ctx);
    case 'createCheckConstraint': return rebuild(op, op.table, op.schema, `add check constraint ${op.check.name}`, ctx);
    case 'dropConstraint': return dropConstraint(op, ctx);
    // Prisma stores enums as TEXT on SQLite: there is no enum object to change.
    case 'createEnum':
    case 'dropEnum':
    case 'addEnumValue':
      return [];
    case 'execute': return [op.sql];
  }
}

export const sqliteDialect: Dialect = {
  name: 'sqlite',
  identifierLimits: IDENTIFIER_LIMITS.sqlite,
  transactionalDdl: true,
  quote,
  literal: (value) => sqlLiteral(value),
  placeholder: () => '?',
  render,
};
