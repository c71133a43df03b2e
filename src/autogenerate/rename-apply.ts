/**
 * A decided rename, twice: as the operations that do it, and applied to the introspected (current)
 * schema so that comparing the target with the result shows only what the rename leaves to do
 * (a type change, an index or foreign key whose Prisma default name follows the new name, ...).
 *
 * The schema edits mirror what the database itself does on a rename: PostgreSQL, MySQL and SQLite
 * carry indexes, primary keys and foreign keys (including those of other tables pointing here)
 * along with a renamed table or column, and keep their names.
 */
import type { DialectName } from '../db/types';
import { dialectFor } from '../ddl';
import type { AlterColumnOp, ExecuteOp, Op } from '../operations/types';
import type { ColumnDef, EnumTypeRef, IndexColumn, Schema, TableDef } from '../schema/types';
import { tableKey } from './order';

function schemaOf(x: { schema?: string }): { schema?: string } {
  return x.schema ? { schema: x.schema } : {};
}

function findTable(schema: Schema, name: string, dbSchema?: string): TableDef | undefined {
  return schema.tables.find((t) => tableKey(t.name, t.schema) === tableKey(name, dbSchema));
}

export function renameTableIn(current: Schema, from: string, to: string, dbSchema?: string): Op[] {
  const table = findTable(current, from, dbSchema);
  if (!table) throw new Error(`renameTableIn: no table ${from}`);
  table.name = to;
  for (const other of current.tables) {
    for (const fk of other.foreignKeys ?? []) {
      if (fk.referencedTable === from && (fk.referencedSchema ?? other.schema ?? null) === (dbSchema ?? null)) fk.referencedTable = to;
    }
  }
  return [{ kind: 'renameTable', from, to, ...schemaOf({ schema: dbSchema }) }];
}

function renameIn(columns: (string | IndexColumn)[], from: string, to: string): (string | IndexColumn)[] {
  return columns.map((c) => (typeof c === 'string' ? (c === from ? to : c) : c.name === from ? { ...c, name: to } : c));
}

export function renameColumnIn(current: Schema, tableName: string, from: string, to: string, dbSchema?: string): Op[] {
  const table = findTable(current, tableName, dbSchema);
  const column = table?.columns.find((c) => c.name === from);
  if (!table || !column) throw new Error(`renameColumnIn: no column ${tableName}.${from}`);
  column.name = to;
  if (table.primaryKey) table.primaryKey.columns = table.primaryKey.columns.map((c) => (c === from ? to : c));
  for (const index of table.indexes ?? []) index.columns = renameIn(index.columns, from, to);
  for (const unique of table.uniques ?? []) unique.columns = renameIn(unique.columns, from, to);
  for (const fk of table.foreignKeys ?? []) fk.columns = fk.columns.map((c) => (c === from ? to : c));
  for (const other of current.tables) {
    for (const fk of other.foreignKeys ?? []) {
      const pointsHere = fk.referencedTable === tableName && (fk.referencedSchema ?? other.schema ?? null) === (dbSchema ?? null);
      if (pointsHere) fk.referencedColumns = fk.referencedColumns.map((c) => (c === from ? to : c));
    }
  }
  return [{ kind: 'renameColumn', table: tableName, from, to, ...schemaOf({ schema: dbSchema }) }];
}

/** Two columns exchange names (and with them their values, indexes and constraints): see SwapColumnsOp. */
export function swapColumnsIn(current: Schema, tableName: string, first: string, second: string, dbSchema?: string): Op[] {
  const spare = `\u0000${first}`;
  renameColumnIn(current, tableName, first, spare, dbSchema);
  renameColumnIn(current, tableName, second, first, dbSchema);
  renameColumnIn(current, tableName, spare, second, dbSchema);
  return [{ kind: 'swapColumns', table: tableName, columns: [first, second], ...schemaOf({ schema: dbSchema }) }];
}

/** PostgreSQL only: the other databases have no named enum type. */
export function renameEnumIn(current: Schema, from: string, to: string, dbSchema?: string): Op[] {
  const dialect = dialectFor('postgresql');
  const qualified = (name: string) => (dbSchema ? `${dialect.quote(dbSchema)}.${dialect.quote(name)}` : dialect.quote(name));
  const enumDef = current.enums.find((e) => e.name === from && (e.schema ?? null) === (dbSchema ?? null));
  if (!enumDef) throw new Error(`renameEnumIn: no enum ${from}`);
  enumDef.name = to;
  for (const { column } of enumColumns(current, from)) (column.type as EnumTypeRef).enum = to;
  return [{
    kind: 'execute',
    sql: `ALTER TYPE ${qualified(from)} RENAME TO ${dialect.quote(to)}`,
    inverse: { sql: `ALTER TYPE ${qualified(to)} RENAME TO ${dialect.quote(from)}` },
  }];
}

function enumColumns(current: Schema, enumName: string): { table: TableDef; column: ColumnDef }[] {
  return current.tables.flatMap((table) => table.columns
    .filter((column) => typeof column.type === 'object' && column.type.enum === enumName)
    .map((column) => ({ table, column })));
}

/** A column that stores an enum's values: on SQLite a TEXT column, known from the Prisma schema only. */
export interface EnumColumn {
  table: string;
  column: string;
  schema?: string;
}

export interface EnumValueRename {
  from: string;
  to: string;
}

/**
 * Renames values of one enum, keeping every row:
 * - PostgreSQL: ALTER TYPE ... RENAME VALUE (rows and defaults follow, they point at the label);
 * - MySQL: widen each column's inline ENUM to hold both spellings, UPDATE the rows, narrow it;
 * - SQLite: the values are plain TEXT, so UPDATE the rows.
 * Every statement carries its inverse, so the downgrade renames back.
 */
export function renameEnumValuesIn(
  current: Schema, dialectName: DialectName, enumName: string, renames: EnumValueRename[], columns: EnumColumn[], dbSchema?: string,
): Op[] {
  const dialect = dialectFor(dialectName);
  const renamed = (value: string) => renames.find((r) => r.from === value)?.to ?? value;
  const qualified = (name: string, schema?: string) => (schema ? `${dialect.quote(schema)}.${dialect.quote(name)}` : dialect.quote(name));

  if (dialectName === 'postgresql') {
    const enumDef = current.enums.find((e) => e.name === enumName && (e.schema ?? null) === (dbSchema ?? null));
    if (enumDef) enumDef.values = enumDef.values.map(renamed);
    for (const { column } of enumColumns(current, enumName)) {
      (column.type as EnumTypeRef).values = (column.type as EnumTypeRef).values.map(renamed);
      if (typeof column.default === 'string') column.default = renamed(column.default);
    }
    return renames.map(({ from, to }): ExecuteOp => ({
      kind: 'execute',
      sql: `ALTER TYPE ${qualified(enumName, dbSchema)} RENAME VALUE ${dialect.literal(from)} TO ${dialect.literal(to)}`,
      inverse: { sql: `ALTER TYPE ${qualified(enumName, dbSchema)} RENAME VALUE ${dialect.literal(to)} TO ${dialect.literal(from)}` },
    }));
  }

  const updates = columns.flatMap(({ table, column, schema }) => renames.map(({ from, to }): ExecuteOp => {
    const update = (a: string, b: string) =>
      `UPDATE ${qualified(table, schema)} SET ${dialect.quote(column)} = ${dialect.literal(b)} WHERE ${dialect.quote(column)} = ${dialect.literal(a)}`;
    return { kind: 'execute', sql: update(from, to), inverse: { sql: update(to, from) } };
  }));
  if (dialectName === 'sqlite') return updates;

  // MySQL: each column carries its own copy of the values.
  const widen: AlterColumnOp[] = [];
  const narrow: AlterColumnOp[] = [];
  for (const { table, column, schema } of columns) {
    const def = findTable(current, table, schema)?.columns.find((c) => c.name === column);
    if (!def || typeof def.type !== 'object') continue;
    const before = def.type.values;
    const both = [...before, ...renames.map((r) => r.to).filter((v) => !before.includes(v))];
    const after = before.map(renamed);
    const existing = { nullable: def.nullable ?? true, default: def.default ?? null, ...(def.nativeType ? { nativeType: def.nativeType } : {}) };
    const where = { kind: 'alterColumn' as const, table, column, ...schemaOf({ schema }) };
    widen.push({ ...where, type: { ...def.type, values: both }, existing: { ...existing, type: def.type } });
    const newDefault = typeof def.default === 'string' && renamed(def.default) !== def.default ? { default: renamed(def.default) } : {};
    narrow.push({ ...where, type: { ...def.type, values: after }, ...newDefault, existing: { ...existing, type: { ...def.type, values: both } } });
    def.type = { ...def.type, values: after };
    if (typeof def.default === 'string') def.default = renamed(def.default);
  }
  return [...widen, ...updates, ...narrow];
}
