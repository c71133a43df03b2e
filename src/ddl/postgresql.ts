/** PostgreSQL DDL, in the shape Prisma Migrate writes it. */
import type {
  AlterColumnOp, CreateIndexOp, DropConstraintOp, Op,
} from '../operations/types';
import { sqlColumnType, sqlDefault, sqlString } from '../prisma/type-mapping';
import type { ColumnDef, ForeignKeyDef, TableDef } from '../schema/types';
import { quoteWith, referentialClauses, renderIndexColumns, sqlLiteral, swapColumnsSql } from './common';
import { IDENTIFIER_LIMITS } from './identifiers';
import type { DdlContext, Dialect } from './types';
import { DdlError } from './types';

const quote = (id: string): string => quoteWith('"', id);

function qualified(name: string, schema?: string): string {
  return schema ? `${quote(schema)}.${quote(name)}` : quote(name);
}

/** An enum type without a schema lives in the default schema, wherever the table is. */
const typeOptions = { quoteEnum: (e: string, enumSchema?: string) => qualified(e, enumSchema) };

/** Prisma's migrations create a named schema before its first table or enum; so does pmig. */
function createSchemaSql(schema: string | undefined): string[] {
  return schema ? [`CREATE SCHEMA IF NOT EXISTS ${quote(schema)}`] : [];
}

function columnSql(col: ColumnDef): string {
  const type = sqlColumnType('postgresql', col, typeOptions);
  let out = `${quote(col.name)} ${type}`;
  if (col.nullable === false) out += ' NOT NULL';
  // SERIAL already supplies the default.
  const def = col.autoincrement ? undefined : sqlDefault('postgresql', col, typeOptions);
  if (def !== undefined) out += ` DEFAULT ${def}`;
  return out;
}

function commentStatements(table: TableDef): string[] {
  const out: string[] = [];
  const t = qualified(table.name, table.schema);
  if (table.comment !== undefined) out.push(`COMMENT ON TABLE ${t} IS ${sqlString(table.comment)}`);
  for (const col of table.columns) {
    if (col.comment !== undefined) out.push(`COMMENT ON COLUMN ${t}.${quote(col.name)} IS ${sqlString(col.comment)}`);
  }
  return out;
}

function primaryKeyColumns(table: TableDef): string[] {
  return table.primaryKey?.columns ?? table.columns.filter((c) => c.primaryKey).map((c) => c.name);
}

function addForeignKeySql(table: string, schema: string | undefined, fk: ForeignKeyDef): string {
  return `ALTER TABLE ${qualified(table, schema)} ADD CONSTRAINT ${quote(fk.name)} FOREIGN KEY (${fk.columns.map(quote).join(', ')}) `
    + `REFERENCES ${qualified(fk.referencedTable, fk.referencedSchema)}(${fk.referencedColumns.map(quote).join(', ')})`
    + referentialClauses(fk.onDelete, fk.onUpdate);
}

function createIndexSql(op: Omit<CreateIndexOp, 'kind'>): string {
  const unique = op.unique ? 'UNIQUE ' : '';
  const concurrently = op.concurrently ? 'CONCURRENTLY ' : '';
  const cols = renderIndexColumns(op.columns, quote, { prefixLength: false });
  const target = qualified(op.table, op.schema);
  // Prisma writes `ON "t"("a")`, and `ON "t" USING GIN ("a")` when a method is given.
  const on = op.using ? `${target} USING ${op.using.toUpperCase()} (${cols})` : `${target}(${cols})`;
  const where = op.where ? ` WHERE ${op.where}` : '';
  return `CREATE ${unique}INDEX ${concurrently}${quote(op.name)} ON ${on}${where}`;
}

function createTable(table: TableDef): string[] {
  const lines = table.columns.map(columnSql);
  const constraints: string[] = [];
  const pk = primaryKeyColumns(table);
  if (pk.length) {
    const named = table.primaryKey?.name ? `CONSTRAINT ${quote(table.primaryKey.name)} ` : '';
    constraints.push(`${named}PRIMARY KEY (${pk.map(quote).join(', ')})`);
  }
  for (const u of table.uniques ?? []) {
    constraints.push(`CONSTRAINT ${quote(u.name)} UNIQUE (${renderIndexColumns(u.columns, quote, { prefixLength: false })})`);
  }
  for (const c of table.checks ?? []) constraints.push(`CONSTRAINT ${quote(c.name)} CHECK (${c.expression})`);
  const body = [lines.map((l) => `    ${l}`).join(',\n')];
  if (constraints.length) body.push(constraints.map((l) => `    ${l}`).join(',\n'));
  const statements = [...createSchemaSql(table.schema), `CREATE TABLE ${qualified(table.name, table.schema)} (\n${body.join(',\n\n')}\n)`];
  for (const idx of table.indexes ?? []) statements.push(createIndexSql({ ...idx, table: table.name, schema: table.schema }));
  // Foreign keys come after the table as Prisma writes them, so that cycles between tables work.
  for (const fk of table.foreignKeys ?? []) statements.push(addForeignKeySql(table.name, table.schema, fk));
  return [...statements, ...commentStatements(table)];
}

function alterColumn(op: AlterColumnOp): string[] {
  const table = qualified(op.table, op.schema);
  const col = quote(op.column);
  const clauses: string[] = [];
  if (op.type !== undefined) {
    const type = sqlColumnType('postgresql', { type: op.type, nativeType: op.nativeType }, typeOptions);
    clauses.push(`ALTER COLUMN ${col} SET DATA TYPE ${type}${op.using ? ` USING ${op.using}` : ''}`);
  }
  if (op.nullable !== undefined) clauses.push(`ALTER COLUMN ${col} ${op.nullable ? 'DROP' : 'SET'} NOT NULL`);
  if (op.default === null) clauses.push(`ALTER COLUMN ${col} DROP DEFAULT`);
  else if (op.default !== undefined) {
    const type = op.type ?? op.existing?.type ?? 'String';
    const def = sqlDefault('postgresql', { type, nativeType: op.nativeType ?? op.existing?.nativeType, default: op.default });
    clauses.push(`ALTER COLUMN ${col} SET DEFAULT ${def}`);
  }
  const out = clauses.length ? [`ALTER TABLE ${table} ${clauses.join(',\n    ')}`] : [];
  if (op.newName !== undefined && op.newName !== op.column) {
    out.push(`ALTER TABLE ${table} RENAME COLUMN ${col} TO ${quote(op.newName)}`);
  }
  return out;
}

function dropConstraint(op: DropConstraintOp): string {
  return `ALTER TABLE ${qualified(op.table, op.schema)} DROP CONSTRAINT ${quote(op.name)}`;
}

async function render(op: Op, _ctx: DdlContext): Promise<string[]> {
  switch (op.kind) {
    case 'createTable': return createTable(op.table);
    case 'dropTable': return [`DROP TABLE ${qualified(op.table, op.schema)}`];
    case 'renameTable': return [`ALTER TABLE ${qualified(op.from, op.schema)} RENAME TO ${quote(op.to)}`];
    case 'addColumn': {
      const statements = [`ALTER TABLE ${qualified(op.table, op.schema)} ADD COLUMN ${columnSql(op.column)}`];
      if (op.column.comment !== undefined) {
        statements.push(`COMMENT ON COLUMN ${qualified(op.table, op.schema)}.${quote(op.column.name)} IS ${sqlString(op.column.comment)}`);
      }
      return statements;
    }
    case 'dropColumn': return [`ALTER TABLE ${qualified(op.table, op.schema)} DROP COLUMN ${quote(op.column)}`];
    case 'renameColumn':
      return [`ALTER TABLE ${qualified(op.table, op.schema)} RENAME COLUMN ${quote(op.from)} TO ${quote(op.to)}`];
    case 'swapColumns': return swapColumnsSql(qualified(op.table, op.schema), op.columns, quote);
    case 'alterColumn': return alterColumn(op);
    case 'createIndex': return [createIndexSql(op)];
    case 'dropIndex':
      return [`DROP INDEX ${op.concurrently ? 'CONCURRENTLY ' : ''}${qualified(op.name, op.schema)}`];
    case 'renameIndex': return [`ALTER INDEX ${qualified(op.from, op.schema)} RENAME TO ${quote(op.to)}`];
    case 'createPrimaryKey': {
      const named = op.name ? `CONSTRAINT ${quote(op.name)} ` : '';
      return [`ALTER TABLE ${qualified(op.table, op.schema)} ADD ${named}PRIMARY KEY (${op.columns.map(quote).join(', ')})`];
    }
    case 'createUniqueConstraint':
      return [`ALTER TABLE ${qualified(op.table, op.schema)} ADD CONSTRAINT ${quote(op.name)} UNIQUE (${op.columns.map(quote).join(', ')})`];
    case 'createForeignKey': return [addForeignKeySql(op.table, op.schema, op.foreignKey)];
    case 'createCheckConstraint':
      return [`ALTER TABLE ${qualified(op.table, op.schema)} ADD CONSTRAINT ${quote(op.check.name)} CHECK (${op.check.expression})`];
    case 'dropConstraint': return [dropConstraint(op)];
    case 'createEnum':
      return [...createSchemaSql(op.schema), `CREATE TYPE ${qualified(op.name, op.schema)} AS ENUM (${op.values.map(sqlString).join(', ')})`];
    case 'dropEnum': return [`DROP TYPE ${qualified(op.name, op.schema)}`];
    case 'addEnumValue': {
      if (op.before !== undefined && op.after !== undefined) {
        throw new DdlError(`addEnumValue ${op.name}.${op.value}: give either before or after, not both`);
      }
      const position = op.before !== undefined ? ` BEFORE ${sqlString(op.before)}`
        : op.after !== undefined ? ` AFTER ${sqlString(op.after)}` : '';
      return [`ALTER TYPE ${qualified(op.name, op.schema)} ADD VALUE ${sqlString(op.value)}${position}`];
    }
    case 'execute': return [op.sql];
  }
}

export const postgresqlDialect: Dialect = {
  name: 'postgresql',
  identifierLimits: IDENTIFIER_LIMITS.postgresql,
  transactionalDdl: true,
  quote,
  literal: (value) => sqlLiteral(value),
  placeholder: (index) => `$${index}`,
  render,
};
