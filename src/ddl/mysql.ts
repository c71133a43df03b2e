/**
 * MySQL / MariaDB DDL, in the shape Prisma Migrate writes it. MySQL cannot change one aspect of a
 * column: MODIFY/CHANGE restate the whole column, so its current definition must be known.
 */
import type {
  AddEnumValueOp, AlterColumnOp, CreateIndexOp, DropConstraintOp, ExistingColumn, Op,
} from '../operations/types';
import { mysqlString, sqlColumnType, sqlDefault } from '../prisma/type-mapping';
import type { ColumnDef, ForeignKeyDef, IndexColumn, TableDef } from '../schema/types';
import { quoteWith, referentialClauses, renderIndexColumns, sqlLiteral, swapColumnsSql } from './common';
import { IDENTIFIER_LIMITS } from './identifiers';
import type { DdlContext, Dialect } from './types';
import { DdlError } from './types';

const quote = (id: string): string => quoteWith('`', id);

function qualified(name: string, schema?: string): string {
  return schema ? `${quote(schema)}.${quote(name)}` : quote(name);
}

type ColumnBody = Pick<ColumnDef, 'type' | 'nativeType' | 'nullable' | 'default' | 'autoincrement' | 'comment'>;

/** Everything after the column name: `INTEGER NOT NULL AUTO_INCREMENT`, `VARCHAR(191) NULL DEFAULT 'x'`. */
function columnBody(col: ColumnBody): string {
  let out = sqlColumnType('mysql', col);
  // Prisma writes NULL explicitly for optional columns on MySQL.
  out += col.nullable === false ? ' NOT NULL' : ' NULL';
  const def = sqlDefault('mysql', col);
  if (def !== undefined) out += ` DEFAULT ${def}`;
  if (col.autoincrement) out += ' AUTO_INCREMENT';
  if (col.comment !== undefined) out += ` COMMENT ${mysqlString(col.comment)}`;
  return out;
}

function columnSql(col: ColumnDef): string {
  return `${quote(col.name)} ${columnBody(col)}`;
}

function indexKind(unique?: boolean, using?: string): string {
  if (using?.toLowerCase() === 'fulltext') return 'FULLTEXT ';
  return unique ? 'UNIQUE ' : '';
}

/** `USING BTREE|HASH` after the column list; FULLTEXT is an index kind, not a method, on MySQL. */
function indexMethod(using?: string): string {
  if (!using || using.toLowerCase() === 'fulltext') return '';
  return ` USING ${using.toUpperCase()}`;
}

function checkIndexOptions(op: Pick<CreateIndexOp, 'name' | 'where' | 'concurrently'>): void {
  if (op.where) throw new DdlError(`index ${op.name}: MySQL has no partial indexes (where: ${op.where})`);
  if (op.concurrently) throw new DdlError(`index ${op.name}: CONCURRENTLY is PostgreSQL only`);
}

function addForeignKeySql(table: string, schema: string | undefined, fk: ForeignKeyDef): string {
  return `ALTER TABLE ${qualified(table, schema)} ADD CONSTRAINT ${quote(fk.name)} FOREIGN KEY (${fk.columns.map(quote).join(', ')}) `
    + `REFERENCES ${qualified(fk.referencedTable, fk.referencedSchema)}(${fk.referencedColumns.map(quote).join(', ')})`
    + referentialClauses(fk.onDelete, fk.onUpdate);
}

/**
 * MySQL keeps an index whose leading columns are each foreign key's columns: it creates one named
 * after the foreign key when none exists, and drops that one silently once another index covers
 * the columns. Dropping the covering index would then fail ("needed in a foreign key constraint"),
 * so the index MySQL had made is recreated first, under the name MySQL gives it.
 */
async function foreignKeyIndexesToRestore(table: string, schema: string | undefined, dropped: string, ctx: DdlContext): Promise<string[]> {
  const live = ctx.inspectTable ? await ctx.inspectTable(table, schema) : undefined;
  if (!live) return [];
  const candidates = [
    ...(live.indexes ?? []).filter((i) => i.using?.toLowerCase() !== 'fulltext'),
    ...(live.uniques ?? []),
    ...(live.primaryKey ? [{ name: 'PRIMARY', columns: live.primaryKey.columns }] : []),
  ];
  const columnsOf = (index: { columns: (string | IndexColumn)[] }) => index.columns.map((c) => (typeof c === 'string' ? c : c.name));
  const covers = (index: { columns: (string | IndexColumn)[] }, fk: ForeignKeyDef) => fk.columns.every((c, i) => columnsOf(index)[i] === c);
  const droppedIndex = candidates.find((i) => i.name === dropped);
  if (!droppedIndex) return [];
  return (live.foreignKeys ?? [])
    .filter((fk) => covers(droppedIndex, fk) && !candidates.some((i) => i.name !== dropped && covers(i, fk)))
    .map((fk) => `CREATE INDEX ${quote(fk.name)} ON ${qualified(table, schema)}(${fk.columns.map(quote).join(', ')})`);
}

function createTable(table: TableDef): string[] {
  const lines = table.columns.map(columnSql);
  // Prisma declares a MySQL table's indexes inside CREATE TABLE.
  for (const u of table.uniques ?? []) {
    lines.push(`UNIQUE INDEX ${quote(u.name)}(${renderIndexColumns(u.columns, quote, { prefixLength: true })})`);
  }
  for (const idx of table.indexes ?? []) {
    checkIndexOptions(idx);
    lines.push(`${indexKind(idx.unique, idx.using)}INDEX ${quote(idx.name)}(${renderIndexColumns(idx.columns, quote, { prefixLength: true })})${indexMethod(idx.using)}`);
  }
  const pk = table.primaryKey?.columns ?? table.columns.filter((c) => c.primaryKey).map((c) => c.name);
  if (pk.length) lines.push(`PRIMARY KEY (${pk.map(quote).join(', ')})`);
  for (const c of table.checks ?? []) lines.push(`CONSTRAINT ${quote(c.name)} CHECK (${c.expression})`);
  const comment = table.comment !== undefined ? ` COMMENT ${mysqlString(table.comment)}` : '';
  const statements = [
    `CREATE TABLE ${qualified(table.name, table.schema)} (\n${lines.map((l) => `    ${l}`).join(',\n')}\n)`
      + ` DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci${comment}`,
  ];
  for (const fk of table.foreignKeys ?? []) statements.push(addForeignKeySql(table.name, table.schema, fk));
  return statements;
}

/** The column as it is now: from the op, else from the live database. */
async function currentColumn(
  table: string, schema: string | undefined, column: string, given: ExistingColumn | undefined, ctx: DdlContext,
): Promise<ExistingColumn | undefined> {
  if (given?.type !== undefined && given.nullable !== undefined) return given;
  if (!ctx.inspectTable) return given;
  const live = (await ctx.inspectTable(table, schema))?.columns.find((c) => c.name === column);
  if (!live) return given;
  return {
    type: live.type, nativeType: live.nativeType, nullable: live.nullable ?? true,
    default: live.default, autoincrement: live.autoincrement, ...given,
  };
}

async function alterColumn(op: AlterColumnOp, ctx: DdlContext): Promise<string[]> {
  const table = qualified(op.table, op.schema);
  const col = quote(op.column);
  const renames = op.newName !== undefined && op.newName !== op.column;
  const restates = op.type !== undefined || op.nullable !== undefined;

  // Defaults and plain renames do not need the rest of the column.
  if (!restates) {
    const out: string[] = [];
    if (op.default === null) out.push(`ALTER TABLE ${table} ALTER COLUMN ${col} DROP DEFAULT`);
    else if (op.default !== undefined) {
      const type = op.existing?.type ?? 'String';
      const def = sqlDefault('mysql', { type, nativeType: op.existing?.nativeType, default: op.default });
      // MySQL accepts only literals in SET DEFAULT; expressions (now(), dbgenerated) need MODIFY.
      if (typeof op.default !== 'object') out.push(`ALTER TABLE ${table} ALTER COLUMN ${col} SET DEFAULT ${def}`);
      else return [await restateColumn(op, ctx)];
    }
    if (renames) out.push(`ALTER TABLE ${table} RENAME COLUMN ${col} TO ${quote(op.newName!)}`);
    return out;
  }
  return [await restateColumn(op, ctx)];
}

async function restateColumn(op: AlterColumnOp, ctx: DdlContext): Promise<string> {
  const existing = await currentColumn(op.table, op.schema, op.column, op.existing, ctx);
  const missing: string[] = [];
  if (op.type === undefined && existing?.type === undefined) missing.push('existing.type');
  if (op.nullable === undefined && existing?.nullable === undefined) missing.push('existing.nullable');
  if (missing.length) {
    const where = ctx.inspectTable ? `column ${op.table}.${op.column} was not found in the database` : 'no live connection (offline --sql mode)';
    throw new DdlError(
      `MySQL alterColumn ${op.table}.${op.column} restates the whole column (MODIFY/CHANGE) and needs ${missing.join(' and ')}: `
      + `${where}; pass them in the op's "existing" field`,
    );
  }
  const body = columnBody({
    type: op.type ?? existing!.type!,
    nativeType: op.type !== undefined ? op.nativeType : (op.nativeType ?? existing?.nativeType),
    nullable: op.nullable ?? existing!.nullable,
    default: op.default !== undefined ? op.default : existing?.default,
    autoincrement: existing?.autoincrement,
  });
  const table = qualified(op.table, op.schema);
  if (op.newName !== undefined && op.newName !== op.column) {
    return `ALTER TABLE ${table} CHANGE ${quote(op.column)} ${quote(op.newName)} ${body}`;
  }
  return `ALTER TABLE ${table} MODIFY ${quote(op.column)} ${body}`;
}

/** The enum lives inline on MySQL columns: each column using it is restated with the new value list. */
async function addEnumValue(op: AddEnumValueOp, ctx: DdlContext): Promise<string[]> {
  if (!op.columns) {
    throw new DdlError(`MySQL addEnumValue ${op.name}: the enum lives on its columns; list them in the op's "columns" field`);
  }
  const out: string[] = [];
  for (const use of op.columns) {
    if (use.values.includes(op.value)) continue;
    const values = [...use.values];
    const anchor = op.before ?? op.after;
    const at = anchor === undefined ? -1 : values.indexOf(anchor);
    if (anchor !== undefined && at < 0) throw new DdlError(`addEnumValue ${op.name}: ${anchor} is not a value of ${use.table}.${use.column}`);
    if (at < 0) values.push(op.value);
    else values.splice(op.before !== undefined ? at : at + 1, 0, op.value);
    // Keep the column's default: from the op, else from the live table.
    let def = use.default;
    if (def === undefined && ctx.inspectTable) {
      def = (await ctx.inspectTable(use.table, op.schema))?.columns.find((c) => c.name === use.column)?.default;
    }
    const body = columnBody({ type: { enum: op.name, values }, nullable: use.nullable ?? true, default: def });
    out.push(`ALTER TABLE ${qualified(use.table, op.schema)} MODIFY ${quote(use.column)} ${body}`);
  }
  return out;
}

function dropConstraint(op: DropConstraintOp): string {
  const table = qualified(op.table, op.schema);
  switch (op.type) {
    case 'primary': return `ALTER TABLE ${table} DROP PRIMARY KEY`;
    case 'unique': return `ALTER TABLE ${table} DROP INDEX ${quote(op.name)}`;
    case 'foreignKey': return `ALTER TABLE ${table} DROP FOREIGN KEY ${quote(op.name)}`;
    // DROP CONSTRAINT works on MariaDB and MySQL 8.0.19+; DROP CHECK is MySQL only.
    case 'check': return `ALTER TABLE ${table} DROP CONSTRAINT ${quote(op.name)}`;
  }
}

async function render(op: Op, ctx: DdlContext): Promise<string[]> {
  switch (op.kind) {
    case 'createTable': return createTable(op.table);
    case 'dropTable': return [`DROP TABLE ${qualified(op.table, op.schema)}`];
    case 'renameTable': return [`ALTER TABLE ${qualified(op.from, op.schema)} RENAME TO ${qualified(op.to, op.schema)}`];
    case 'addColumn': return [`ALTER TABLE ${qualified(op.table, op.schema)} ADD COLUMN ${columnSql(op.column)}`];
    case 'dropColumn': return [`ALTER TABLE ${qualified(op.table, op.schema)} DROP COLUMN ${quote(op.column)}`];
    case 'renameColumn':
      return [`ALTER TABLE ${qualified(op.table, op.schema)} RENAME COLUMN ${quote(op.from)} TO ${quote(op.to)}`];
    case 'swapColumns': return swapColumnsSql(qualified(op.table, op.schema), op.columns, quote);
    case 'alterColumn': return alterColumn(op, ctx);
    case 'createIndex': {
      checkIndexOptions(op);
      const cols = renderIndexColumns(op.columns, quote, { prefixLength: true });
      return [`CREATE ${indexKind(op.unique, op.using)}INDEX ${quote(op.name)} ON ${qualified(op.table, op.schema)}(${cols})${indexMethod(op.using)}`];
    }
    case 'dropIndex': {
      const table = op.table ?? op.existing?.table;
      if (!table) throw new DdlError(`MySQL dropIndex ${op.name} needs the table (DROP INDEX ... ON table): set the op's "table" field`);
      return [...await foreignKeyIndexesToRestore(table, op.schema, op.name, ctx), `DROP INDEX ${quote(op.name)} ON ${qualified(table, op.schema)}`];
    }
    case 'renameIndex':
      return [`ALTER TABLE ${qualified(op.table, op.schema)} RENAME INDEX ${quote(op.from)} TO ${quote(op.to)}`];
    case 'createPrimaryKey':
      // A MySQL primary key is always named PRIMARY; a given name cannot be kept.
      return [`ALTER TABLE ${qualified(op.table, op.schema)} ADD PRIMARY KEY (${op.columns.map(quote).join(', ')})`];
    case 'createUniqueConstraint':
      return [`ALTER TABLE ${qualified(op.table, op.schema)} ADD UNIQUE INDEX ${quote(op.name)}(${op.columns.map(quote).join(', ')})`];
    case 'createForeignKey': return [addForeignKeySql(op.table, op.schema, op.foreignKey)];
    case 'createCheckConstraint':
      return [`ALTER TABLE ${qualified(op.table, op.schema)} ADD CONSTRAINT ${quote(op.check.name)} CHECK (${op.check.expression})`];
    case 'dropConstraint': return [dropConstraint(op)];
    // Enums are declared inline on each column (ENUM('A','B')): nothing exists to create or drop.
    case 'createEnum': return [];
    case 'dropEnum': return [];
    case 'addEnumValue': return addEnumValue(op, ctx);
    case 'execute': return [op.sql];
  }
}

export const mysqlDialect: Dialect = {
  name: 'mysql',
  identifierLimits: IDENTIFIER_LIMITS.mysql,
  // MySQL commits implicitly around every DDL statement.
  transactionalDdl: false,
  quote,
  literal: (value) => sqlLiteral(value, { backslashEscapes: true }),
  placeholder: () => '?',
  render,
};
