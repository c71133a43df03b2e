/**
 * compareSchemas: the difference between what the Prisma schema wants (target) and what the
 * database has (current), as operations that turn current into target, in an order that can run.
 *
 * Both sides are already normalised (type aliases, defaults, constraint names), so this is a plain
 * comparison; the only dialect knowledge here is what a database does not record at all
 * (SQLite's unnamed primary and foreign keys, MySQL's unnamed primary key and the index MySQL adds
 * for each foreign key, MySQL's inline enums).
 */
import type { DialectName } from '../db/types';
import type {
  AddEnumValueOp, AlterColumnOp, CreateEnumOp, DropConstraintOp, DropEnumOp, ExecuteOp, ExistingColumn, Op,
} from '../operations/types';
import type {
  CheckDef, ColumnDef, ColumnDefault, ColumnType, EnumDef, ForeignKeyDef, IndexColumn, IndexDef, Schema, TableDef, UniqueDef,
} from '../schema/types';
import { orderChanges, tableKey, type ChangeSet, type TableChanges } from './order';

export interface CompareOptions {
  dialect: DialectName;
  /**
   * Tables (by tableKey) whose foreign keys are compared by name even on SQLite, where names are
   * otherwise ignored: implicit many-to-many tables that autogenerate renamed or whose columns it
   * swapped, so that their constraints end with the names Prisma derives from the new table name.
   */
  foreignKeyNamesMatter?: ReadonlySet<string>;
}

export function compareSchemas(target: Schema, current: Schema, options: CompareOptions): Op[] {
  const { dialect } = options;
  const currentTables = new Map(current.tables.map((t) => [tableKey(t.name, t.schema), t]));
  const targetKeys = new Set(target.tables.map((t) => tableKey(t.name, t.schema)));

  const modifiedTables: TableChanges[] = [];
  const createdTables: TableDef[] = [];
  for (const wanted of target.tables) {
    const existing = currentTables.get(tableKey(wanted.name, wanted.schema));
    if (!existing) createdTables.push(wanted);
    else modifiedTables.push(compareTable(wanted, existing, dialect, options.foreignKeyNamesMatter?.has(tableKey(wanted.name, wanted.schema)) ?? false));
  }
  const droppedTables = current.tables.filter((t) => !targetKeys.has(tableKey(t.name, t.schema)));

  const changes: ChangeSet = {
    createEnums: [], addEnumValues: [], enumRebuilds: [], dropEnums: [],
    createdTables, droppedTables, modifiedTables,
  };
  // MySQL keeps enums inline on columns (a change is a column type change) and SQLite stores TEXT.
  if (dialect === 'postgresql') {
    const columnsAtRebuild = columnsPresentAtEnumRebuild([...current.tables, ...createdTables], modifiedTables);
    Object.assign(changes, compareEnums(target.enums, current.enums, columnsAtRebuild));
  }
  return orderChanges(changes, dialect);
}

// ---------------------------------------------------------------- enums (PostgreSQL)

interface TableColumn { table: TableDef; column: ColumnDef }

/** Enum rebuilds run after tables are created and columns dropped (see order.ts). */
function columnsPresentAtEnumRebuild(tables: TableDef[], modifiedTables: TableChanges[]): TableColumn[] {
  const dropped = new Set(modifiedTables.flatMap((t) => t.dropColumns.map((d) => `${tableKey(t.table, t.schema)}.${d.column}`)));
  return tables.flatMap((table) => table.columns
    .filter((column) => !dropped.has(`${tableKey(table.name, table.schema)}.${column.name}`))
    .map((column) => ({ table, column })));
}

function compareEnums(
  target: EnumDef[], current: EnumDef[], columnsAtRebuild: TableColumn[],
): Pick<ChangeSet, 'createEnums' | 'addEnumValues' | 'enumRebuilds' | 'dropEnums'> {
  const currentByKey = new Map(current.map((e) => [tableKey(e.name, e.schema), e]));
  const targetKeys = new Set(target.map((e) => tableKey(e.name, e.schema)));
  const createEnums: CreateEnumOp[] = [];
  const addEnumValues: AddEnumValueOp[] = [];
  const enumRebuilds: ExecuteOp[] = [];

  for (const wanted of target) {
    const existing = currentByKey.get(tableKey(wanted.name, wanted.schema));
    if (!existing) {
      createEnums.push({ kind: 'createEnum', name: wanted.name, ...schemaOf(wanted), values: wanted.values });
    } else if (isAppendOnly(existing.values, wanted.values)) {
      addEnumValues.push(...addedValueOps(wanted, existing.values));
    } else {
      enumRebuilds.push(...rebuildEnumType(wanted, columnsAtRebuild));
    }
  }
  const dropEnums: DropEnumOp[] = current
    .filter((e) => !targetKeys.has(tableKey(e.name, e.schema)))
    .map((e) => ({ kind: 'dropEnum', name: e.name, ...schemaOf(e), existing: e.values }));
  return { createEnums, addEnumValues, enumRebuilds, dropEnums };
}

/** True when `wanted` keeps every current value in the same relative order (values only added). */
function isAppendOnly(currentValues: string[], wanted: string[]): boolean {
  const kept = wanted.filter((v) => currentValues.includes(v));
  return kept.length === currentValues.length && kept.every((v, i) => v === currentValues[i]);
}

/** One ADD VALUE per new value, placed after its predecessor in the target list (or before the first). */
function addedValueOps(wanted: EnumDef, currentValues: string[]): AddEnumValueOp[] {
  return wanted.values.flatMap((value, i): AddEnumValueOp[] => {
    if (currentValues.includes(value)) return [];
    const position = i > 0 ? { after: wanted.values[i - 1] } : wanted.values.length > 1 ? { before: wanted.values[1] } : {};
    return [{ kind: 'addEnumValue', name: wanted.name, ...schemaOf(wanted), value, ...position }];
  });
}

/**
 * PostgreSQL cannot drop or reorder enum values: the type is rebuilt (as Prisma Migrate does) with
 * a new type, every column cast to it through text, and the old type dropped. Rows that still hold a
 * removed value make the cast fail, which rolls the revision back: nothing is silently lost.
 * Column defaults are dropped around the cast (they are typed by the old enum) and restored when the
 * value still exists. Its inverse cannot be derived from SQL, so the downgrade says so.
 */
function rebuildEnumType(wanted: EnumDef, columns: TableColumn[]): ExecuteOp[] {
  const q = (identifier: string) => `"${identifier.replace(/"/g, '""')}"`;
  const literal = (value: string) => `'${value.replace(/'/g, "''")}'`;
  const qualified = (name: string, schema?: string) => (schema ? `${q(schema)}.${q(name)}` : q(name));
  const newType = qualified(`${wanted.name}_new`, wanted.schema);
  const oldType = qualified(`${wanted.name}_old`, wanted.schema);
  const enumType = qualified(wanted.name, wanted.schema);

  const users = columns
    .filter(({ column }) => typeof column.type === 'object' && column.type.enum === wanted.name)
    .map(({ table, column }) => ({ table: qualified(table.name, table.schema), column }));

  const sql: string[] = [`CREATE TYPE ${newType} AS ENUM (${wanted.values.map(literal).join(', ')})`];
  for (const { table, column } of users) {
    if (column.default != null) sql.push(`ALTER TABLE ${table} ALTER COLUMN ${q(column.name)} DROP DEFAULT`);
    const arrayMark = column.list ? '[]' : '';
    sql.push(`ALTER TABLE ${table} ALTER COLUMN ${q(column.name)} TYPE ${newType}${arrayMark} USING (${q(column.name)}::text${arrayMark}::${newType}${arrayMark})`);
  }
  sql.push(`ALTER TYPE ${enumType} RENAME TO ${q(`${wanted.name}_old`)}`);
  sql.push(`ALTER TYPE ${newType} RENAME TO ${q(wanted.name)}`);
  sql.push(`DROP TYPE ${oldType}`);
  for (const { table, column } of users) {
    if (typeof column.default === 'string' && wanted.values.includes(column.default)) {
      sql.push(`ALTER TABLE ${table} ALTER COLUMN ${q(column.name)} SET DEFAULT ${literal(column.default)}`);
    }
  }
  return sql.map((statement) => ({ kind: 'execute', sql: statement }));
}

// ---------------------------------------------------------------- tables

function schemaOf(x: { schema?: string }): { schema?: string } {
  return x.schema ? { schema: x.schema } : {};
}

function compareTable(target: TableDef, current: TableDef, dialect: DialectName, foreignKeyNamesMatter: boolean): TableChanges {
  const changes: TableChanges = {
    table: target.name, ...schemaOf(target),
    dropForeignKeys: [], dropIndexesAndConstraints: [], dropColumns: [], addColumns: [], alterColumns: [],
    createIndexesAndConstraints: [], createForeignKeys: [],
  };
  compareColumns(target, current, dialect, changes);
  comparePrimaryKeys(target, current, dialect, changes);
  compareIndexesAndUniques(target, current, dialect, changes);
  compareForeignKeys(target, current, dialect, changes, foreignKeyNamesMatter);
  compareChecks(target, current, changes);
  return changes;
}

function compareColumns(target: TableDef, current: TableDef, dialect: DialectName, changes: TableChanges): void {
  const where = { table: target.name, ...schemaOf(target) };
  const currentColumns = new Map(current.columns.map((c) => [c.name, c]));
  const targetNames = new Set(target.columns.map((c) => c.name));

  for (const column of current.columns) {
    if (!targetNames.has(column.name)) {
      changes.dropColumns.push({ kind: 'dropColumn', ...where, column: column.name, existing: column });
    }
  }
  for (const column of target.columns) {
    const existing = currentColumns.get(column.name);
    if (!existing) {
      changes.addColumns.push({ kind: 'addColumn', ...where, column });
    } else if ((column.list ?? false) !== (existing.list ?? false)) {
      // No cast turns a scalar into an array or back: the column is recreated, as Prisma Migrate does.
      changes.dropColumns.push({ kind: 'dropColumn', ...where, column: existing.name, existing });
      changes.addColumns.push({ kind: 'addColumn', ...where, column });
    } else {
      const alter = compareColumn(column, existing, dialect);
      if (alter) changes.alterColumns.push({ kind: 'alterColumn', ...where, column: column.name, ...alter });
    }
  }
}

function describeExisting(column: ColumnDef): ExistingColumn {
  return {
    type: column.type,
    ...(column.nativeType ? { nativeType: column.nativeType } : {}),
    nullable: column.nullable ?? true,
    default: column.default ?? null,
    autoincrement: column.autoincrement ?? false,
  };
}

/** The changes that turn `existing` into `wanted`, with `existing` attached; undefined when equal. */
function compareColumn(wanted: ColumnDef, existing: ColumnDef, dialect: DialectName): Omit<AlterColumnOp, 'kind' | 'table' | 'column' | 'schema'> | undefined {
  const alter: Omit<AlterColumnOp, 'kind' | 'table' | 'column' | 'schema'> = {};
  if (!sameType(wanted.type, existing.type, dialect) || (wanted.nativeType ?? '') !== (existing.nativeType ?? '')) {
    // A type change always restates the native type: absent means the provider's default mapping.
    alter.type = wanted.type;
    if (wanted.nativeType) alter.nativeType = wanted.nativeType;
  }
  if ((wanted.nullable ?? true) !== (existing.nullable ?? true)) alter.nullable = wanted.nullable ?? true;
  if (!sameDefault(wanted.default ?? null, existing.default ?? null)) alter.default = wanted.default ?? null;
  if ((wanted.autoincrement ?? false) !== (existing.autoincrement ?? false)) alter.autoincrement = wanted.autoincrement ?? false;
  if (!Object.keys(alter).length) return undefined;
  return { ...alter, existing: describeExisting(existing) };
}

function sameType(a: ColumnType, b: ColumnType, dialect: DialectName): boolean {
  if (typeof a === 'string' || typeof b === 'string') {
    // SQLite stores an enum as TEXT, so an enum column and a String column are the same thing there.
    const asText = (t: ColumnType) => (dialect === 'sqlite' && typeof t === 'object' ? 'String' : t);
    return asText(a) === asText(b);
  }
  // PostgreSQL: the column names the type, whose values are compared as an enum.
  // MySQL: the values are the type (the enum name is Prisma's, the database has none).
  if (dialect === 'postgresql') return a.enum === b.enum && (a.schema ?? null) === (b.schema ?? null);
  if (dialect === 'mysql') return sameValue(a.values, b.values);
  return true;
}

const isRawSql = (d: ColumnDefault): d is { sql: string } => d !== null && typeof d === 'object' && 'sql' in d;
const isArrayLiteral = (d: { sql: string }) => /^ARRAY\[/i.test(d.sql);

/**
 * Like Prisma Migrate, two `dbgenerated(...)` defaults are not compared: the database reprints the
 * expression (`md5(random()::text)` comes back as `md5((random())::text)`), so any text match would
 * be spurious. List defaults are the exception: both sides write them as `ARRAY[...]` literals.
 */
function sameDefault(a: ColumnDefault, b: ColumnDefault): boolean {
  if (isRawSql(a) && isRawSql(b) && !isArrayLiteral(a) && !isArrayLiteral(b)) return true;
  return sameValue(a, b);
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function comparePrimaryKeys(target: TableDef, current: TableDef, dialect: DialectName, changes: TableChanges): void {
  const where = { table: target.name, ...schemaOf(target) };
  const wanted = target.primaryKey;
  const existing = current.primaryKey;
  // Only PostgreSQL keeps a primary key's name.
  const sameName = dialect !== 'postgresql' || wanted?.name === existing?.name;
  if (wanted && existing && sameName && sameValue(wanted.columns, existing.columns)) return;
  if (!wanted && !existing) return;
  // Only the name changed (a renamed table whose key Prisma names after it): renaming the key's
  // index renames the constraint, where dropping it would fail while foreign keys depend on it.
  if (wanted?.name && existing?.name && sameValue(wanted.columns, existing.columns)) {
    changes.createIndexesAndConstraints.push({ kind: 'renameIndex', ...where, from: existing.name, to: wanted.name });
    return;
  }
  if (existing) {
    const name = existing.name ?? (dialect === 'mysql' ? 'PRIMARY' : `${current.name}_pkey`);
    changes.dropIndexesAndConstraints.push({ kind: 'dropConstraint', ...where, name, type: 'primary', existing });
  }
  if (wanted) {
    changes.createIndexesAndConstraints.push({
      kind: 'createPrimaryKey', ...where, ...(wanted.name ? { name: wanted.name } : {}), columns: wanted.columns,
    });
  }
}

// ---------------------------------------------------------------- indexes and unique constraints

function normalizeIndexColumn(column: string | IndexColumn): IndexColumn {
  const c = typeof column === 'string' ? { name: column } : column;
  return { name: c.name, order: c.order ?? 'asc', ...(c.length !== undefined ? { length: c.length } : {}) };
}

/** What an index does, without its name: two indexes with equal signatures are interchangeable. */
function indexSignature(index: IndexDef): string {
  return JSON.stringify({
    columns: index.columns.map(normalizeIndexColumn),
    unique: index.unique ?? false,
    where: index.where ?? null,
    using: (index.using ?? 'btree').toLowerCase(),
  });
}

function uniqueSignature(unique: UniqueDef): string {
  return JSON.stringify(unique.columns.map(normalizeIndexColumn));
}

/** MySQL has no unique constraint distinct from a unique index. */
function indexesOf(table: TableDef, dialect: DialectName): IndexDef[] {
  const indexes = table.indexes ?? [];
  if (dialect !== 'mysql') return indexes;
  return [...indexes, ...(table.uniques ?? []).map((u) => ({ name: u.name, columns: u.columns, unique: true }))];
}

function uniquesOf(table: TableDef, dialect: DialectName): UniqueDef[] {
  return dialect === 'mysql' ? [] : table.uniques ?? [];
}

/**
 * MySQL adds an index named after a foreign key when no index covers its columns. The Prisma schema
 * does not list it; as long as a foreign key on those columns is wanted, it is not an extra index.
 */
function isForeignKeyBackingIndex(index: IndexDef, target: TableDef, dialect: DialectName): boolean {
  if (dialect !== 'mysql' || index.unique) return false;
  const columns = index.columns.map((c) => normalizeIndexColumn(c).name);
  return (target.foreignKeys ?? []).some((fk) => sameValue(fk.columns, columns));
}

function compareIndexesAndUniques(target: TableDef, current: TableDef, dialect: DialectName, changes: TableChanges): void {
  const where = { table: target.name, ...schemaOf(target) };
  const wanted = indexesOf(target, dialect);
  const existing = indexesOf(current, dialect).filter((index) => {
    const declared = wanted.some((w) => w.name === index.name);
    return declared || !isForeignKeyBackingIndex(index, target, dialect);
  });
  const existingByName = new Map(existing.map((i) => [i.name, i]));
  const wantedNames = new Set(wanted.map((i) => i.name));

  const toCreate = wanted.filter((w) => {
    const same = existingByName.get(w.name);
    return !same || indexSignature(same) !== indexSignature(w);
  });
  const toDrop = existing.filter((e) => {
    const same = wanted.find((w) => w.name === e.name);
    return !same || indexSignature(same) !== indexSignature(e);
  });

  // An index that only changed its name is renamed (SQLite has no ALTER INDEX ... RENAME).
  const renames: { from: IndexDef; to: IndexDef }[] = [];
  if (dialect !== 'sqlite') {
    for (const created of [...toCreate]) {
      const match = toDrop.find((d) => !wantedNames.has(d.name) && !existingByName.has(created.name) && indexSignature(d) === indexSignature(created));
      if (!match) continue;
      renames.push({ from: match, to: created });
      toCreate.splice(toCreate.indexOf(created), 1);
      toDrop.splice(toDrop.indexOf(match), 1);
    }
  }

  for (const index of toDrop) {
    changes.dropIndexesAndConstraints.push({ kind: 'dropIndex', name: index.name, ...where, existing: { ...where, ...index } });
  }
  for (const { from, to } of renames) {
    changes.createIndexesAndConstraints.push({ kind: 'renameIndex', ...where, from: from.name, to: to.name });
  }
  for (const index of toCreate) {
    changes.createIndexesAndConstraints.push({ kind: 'createIndex', ...where, ...index });
  }

  const wantedUniques = uniquesOf(target, dialect);
  const existingUniques = uniquesOf(current, dialect);
  for (const unique of existingUniques) {
    const same = wantedUniques.find((w) => w.name === unique.name);
    if (same && uniqueSignature(same) === uniqueSignature(unique)) continue;
    changes.dropIndexesAndConstraints.push({ kind: 'dropConstraint', ...where, name: unique.name, type: 'unique', existing: unique });
  }
  for (const unique of wantedUniques) {
    const same = existingUniques.find((e) => e.name === unique.name);
    if (same && uniqueSignature(same) === uniqueSignature(unique)) continue;
    changes.createIndexesAndConstraints.push({
      kind: 'createUniqueConstraint', ...where, name: unique.name, columns: unique.columns.map((c) => normalizeIndexColumn(c).name),
    });
  }
}

// ---------------------------------------------------------------- foreign keys and checks

function foreignKeyDefinition(fk: ForeignKeyDef): string {
  return JSON.stringify({
    columns: fk.columns,
    referencedTable: fk.referencedTable,
    // Absent on both sides means the default schema (not the referencing table's schema).
    referencedSchema: fk.referencedSchema ?? null,
    referencedColumns: fk.referencedColumns,
    // NO ACTION is what a database records when no action is given.
    onDelete: fk.onDelete ?? 'NoAction',
    onUpdate: fk.onUpdate ?? 'NoAction',
  });
}

function compareForeignKeys(target: TableDef, current: TableDef, dialect: DialectName, changes: TableChanges, namesMatter: boolean): void {
  const where = { table: target.name, ...schemaOf(target) };
  // SQLite does not keep foreign key names: a foreign key is what it does.
  const identity = (fk: ForeignKeyDef) => (dialect === 'sqlite' && !namesMatter ? '' : `${fk.name}\u0000`) + foreignKeyDefinition(fk);
  const wanted = target.foreignKeys ?? [];
  const existing = current.foreignKeys ?? [];
  const wantedIds = new Set(wanted.map(identity));
  const existingIds = new Set(existing.map(identity));

  for (const fk of existing) {
    if (wantedIds.has(identity(fk))) continue;
    const drop: DropConstraintOp = { kind: 'dropConstraint', ...where, name: fk.name, type: 'foreignKey', existing: fk };
    changes.dropForeignKeys.push(drop);
  }
  for (const fk of wanted) {
    if (existingIds.has(identity(fk))) continue;
    changes.createForeignKeys.push({ kind: 'createForeignKey', ...where, foreignKey: fk });
  }
}

/**
 * Check constraints are compared only when the target declares them (`checks` present): the Prisma
 * schema cannot express checks, and dropping hand-written ones on every autogenerate would be wrong.
 */
function compareChecks(target: TableDef, current: TableDef, changes: TableChanges): void {
  if (!target.checks) return;
  const where = { table: target.name, ...schemaOf(target) };
  const existing = current.checks ?? [];
  const same = (a: CheckDef, b: CheckDef) => a.name === b.name && a.expression === b.expression;
  for (const check of existing) {
    if (target.checks.some((w) => same(w, check))) continue;
    changes.dropIndexesAndConstraints.push({ kind: 'dropConstraint', ...where, name: check.name, type: 'check', existing: check });
  }
  for (const check of target.checks) {
    if (existing.some((e) => same(e, check))) continue;
    changes.createIndexesAndConstraints.push({ kind: 'createCheckConstraint', ...where, check });
  }
}
