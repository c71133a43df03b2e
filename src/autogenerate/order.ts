/**
 * Puts the changes found by compare into an order in which they can run: enums before the columns
 * that use them, tables before the foreign keys that point at them, foreign keys and indexes before
 * the columns and tables they depend on, enums dropped last.
 */
import type { DialectName } from '../db/types';
import type {
  AddColumnOp, AddEnumValueOp, AlterColumnOp, CreateEnumOp, CreateForeignKeyOp, DropColumnOp,
  DropConstraintOp, DropEnumOp, ExecuteOp, Op,
} from '../operations/types';
import type { ForeignKeyDef, TableDef } from '../schema/types';

/** The changes to one table that exists on both sides, by the phase they belong to. */
export interface TableChanges {
  table: string;
  schema?: string;
  dropForeignKeys: DropConstraintOp[];
  /** Indexes, unique/check constraints and the primary key that go away or are replaced. */
  dropIndexesAndConstraints: Op[];
  dropColumns: DropColumnOp[];
  addColumns: AddColumnOp[];
  alterColumns: AlterColumnOp[];
  /** New primary key, uniques, indexes, checks, index renames. */
  createIndexesAndConstraints: Op[];
  createForeignKeys: CreateForeignKeyOp[];
}

/** Everything compare found, grouped by kind; `orderChanges` turns it into a runnable list. */
export interface ChangeSet {
  createEnums: CreateEnumOp[];
  addEnumValues: AddEnumValueOp[];
  /** Statements that rebuild an enum type whose values were removed or reordered (PostgreSQL). */
  enumRebuilds: ExecuteOp[];
  dropEnums: DropEnumOp[];
  /** In target order. */
  createdTables: TableDef[];
  /** In current order, each the full definition so that the downgrade can recreate it. */
  droppedTables: TableDef[];
  modifiedTables: TableChanges[];
}

export function tableKey(name: string, schema?: string): string {
  return schema ? `${schema}.${name}` : name;
}

function referencedKey(table: TableDef, fk: ForeignKeyDef): string {
  // No referencedSchema means the default schema, wherever the referencing table lives.
  return tableKey(fk.referencedTable, fk.referencedSchema);
}

/**
 * Orders tables so that each comes after the tables it references (among `tables` only).
 * Where references form a cycle, the first table still waiting (in input order) is released and the
 * foreign keys that made it wait are returned as `deferred`: they must be created separately, after
 * all the tables exist. Self references never make a table wait.
 */
export function orderByDependency(tables: TableDef[]): { ordered: TableDef[]; deferred: Map<TableDef, ForeignKeyDef[]> } {
  const waiting = new Map<string, TableDef>(tables.map((t) => [tableKey(t.name, t.schema), t]));
  const ordered: TableDef[] = [];
  const deferred = new Map<TableDef, ForeignKeyDef[]>();
  const blockers = (t: TableDef) => (t.foreignKeys ?? []).filter((fk) => {
    const target = referencedKey(t, fk);
    return target !== tableKey(t.name, t.schema) && waiting.has(target);
  });

  while (waiting.size) {
    const ready = [...waiting.values()].find((t) => blockers(t).length === 0);
    const next = ready ?? waiting.values().next().value!;
    if (!ready) deferred.set(next, blockers(next));
    waiting.delete(tableKey(next.name, next.schema));
    ordered.push(next);
  }
  return { ordered, deferred };
}

function withoutForeignKeys(table: TableDef, removed: ForeignKeyDef[]): TableDef {
  if (!removed.length) return table;
  return { ...table, foreignKeys: (table.foreignKeys ?? []).filter((fk) => !removed.includes(fk)) };
}

function createForeignKeyOp(table: TableDef, foreignKey: ForeignKeyDef): CreateForeignKeyOp {
  return { kind: 'createForeignKey', table: table.name, ...(table.schema ? { schema: table.schema } : {}), foreignKey };
}

function dropForeignKeyOp(table: TableDef, foreignKey: ForeignKeyDef): DropConstraintOp {
  return {
    kind: 'dropConstraint', table: table.name, ...(table.schema ? { schema: table.schema } : {}),
    name: foreignKey.name, type: 'foreignKey', existing: foreignKey,
  };
}

/**
 * Tables to create, referenced tables first. SQLite does not check a foreign key's target when a
 * table is created, so cycles stay inline there; elsewhere the foreign keys that close a cycle are
 * added once every table exists.
 */
function planCreatedTables(tables: TableDef[], dialect: DialectName): { creates: Op[]; laterForeignKeys: CreateForeignKeyOp[] } {
  const { ordered, deferred } = orderByDependency(tables);
  const creates: Op[] = [];
  const laterForeignKeys: CreateForeignKeyOp[] = [];
  for (const table of ordered) {
    const split = dialect === 'sqlite' ? [] : deferred.get(table) ?? [];
    creates.push({ kind: 'createTable', table: withoutForeignKeys(table, split) });
    laterForeignKeys.push(...split.map((fk) => createForeignKeyOp(table, fk)));
  }
  return { creates, laterForeignKeys };
}

/**
 * Tables to drop, referencing tables first. Where dropped tables reference each other in a cycle
 * (outside SQLite), those foreign keys are dropped beforehand; the tables' `existing` no longer
 * lists them, so the downgrade recreates the tables first and the foreign keys after.
 */
function planDroppedTables(tables: TableDef[], dialect: DialectName): { earlierForeignKeyDrops: DropConstraintOp[]; drops: Op[] } {
  // Dropping in reverse dependency order: a table goes once nothing left still references it.
  const { ordered, deferred } = orderByDependency(tables);
  const cycleFks = dialect === 'sqlite' ? new Map<TableDef, ForeignKeyDef[]>() : deferred;
  const earlierForeignKeyDrops = [...cycleFks].flatMap(([table, fks]) => fks.map((fk) => dropForeignKeyOp(table, fk)));
  const drops: Op[] = ordered.reverse().map((table) => ({
    kind: 'dropTable', table: table.name, ...(table.schema ? { schema: table.schema } : {}),
    existing: withoutForeignKeys(table, cycleFks.get(table) ?? []),
  }));
  return { earlierForeignKeyDrops, drops };
}

/**
 * The phases, in order (PostgreSQL and MySQL):
 *  1. create enums, add enum values
 *  2. drop foreign keys (changed, removed, or closing a cycle among dropped tables)
 *  3. drop indexes and constraints that change or go away
 *  4. create tables
 *  5. drop columns; rebuild enums that lost values; add and alter columns
 *  6. create primary keys, uniques, indexes, checks
 *  7. create foreign keys
 *  8. drop tables
 *  9. drop enums
 * SQLite has no enums and rebuilds a table for most changes, so there all changes to one table are
 * kept together (one batch) between the table creations and the table drops.
 */
export function orderChanges(changes: ChangeSet, dialect: DialectName): Op[] {
  const created = planCreatedTables(changes.createdTables, dialect);
  const dropped = planDroppedTables(changes.droppedTables, dialect);
  const tables = changes.modifiedTables;

  if (dialect === 'sqlite') {
    return [
      ...changes.createEnums,
      ...created.creates,
      ...tables.flatMap((t) => [
        ...t.dropForeignKeys, ...t.dropIndexesAndConstraints, ...t.dropColumns, ...t.addColumns,
        ...t.alterColumns, ...t.createIndexesAndConstraints, ...t.createForeignKeys,
      ]),
      ...created.laterForeignKeys,
      ...dropped.drops,
      ...changes.dropEnums,
    ];
  }
  return [
    ...changes.createEnums,
    ...changes.addEnumValues,
    ...tables.flatMap((t) => t.dropForeignKeys),
    ...dropped.earlierForeignKeyDrops,
    ...tables.flatMap((t) => t.dropIndexesAndConstraints),
    ...created.creates,
    ...tables.flatMap((t) => t.dropColumns),
    ...changes.enumRebuilds,
    ...tables.flatMap((t) => [...t.addColumns, ...t.alterColumns]),
    ...tables.flatMap((t) => t.createIndexesAndConstraints),
    ...created.laterForeignKeys,
    ...tables.flatMap((t) => t.createForeignKeys),
    ...dropped.drops,
    ...changes.dropEnums,
  ];
}
