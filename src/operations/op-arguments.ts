/**
 * What the TypeScript types say about `op` calls, checked again when a revision runs: revisions are
 * compiled without type checking, so `createTable('t', cols, { uniqueConstraints: [...] })` would
 * otherwise create no constraint and say nothing. Also the names an op creates, against what the
 * database can hold, before the op's SQL runs.
 */
import { identifierProblem } from '../ddl/identifiers';
import type { Dialect, IdentifierKind } from '../ddl/types';
import { closestName } from '../util/closest-name';
import type { Op } from './types';

/** A wrong argument to an `op` call: an unknown option key, or a name the database cannot hold. */
export class OpArgumentError extends Error {}

/** The keys an object may have; a key's value is checked against its own shape when it has one. */
export interface Shape {
  readonly keys: Readonly<Record<string, Shape | ListOf | null>>;
}
/** An array whose object elements have `shape`; `item` names one element in messages. */
export interface ListOf {
  readonly list: Shape;
  readonly item: string;
}

const shape = (keys: Shape['keys']): Shape => ({ keys });
const listOf = (list: Shape, item: string): ListOf => ({ list, item });

const ENUM_TYPE = shape({ enum: null, values: null, schema: null });
const DEFAULT_EXPRESSION = shape({ now: null, sql: null });
const COLUMN = shape({
  name: null, type: ENUM_TYPE, nativeType: null, nullable: null, default: DEFAULT_EXPRESSION,
  autoincrement: null, primaryKey: null, list: null, comment: null,
});
const EXISTING_COLUMN = shape({ type: ENUM_TYPE, nativeType: null, nullable: null, default: DEFAULT_EXPRESSION, autoincrement: null });
const INDEX_COLUMNS = listOf(shape({ name: null, order: null, length: null }), 'index column');
const PRIMARY_KEY = shape({ name: null, columns: null });
const UNIQUE = shape({ name: null, columns: INDEX_COLUMNS });
const INDEX = shape({ name: null, columns: INDEX_COLUMNS, unique: null, where: null, using: null });
const FOREIGN_KEY = shape({
  name: null, columns: null, referencedTable: null, referencedColumns: null, referencedSchema: null, onDelete: null, onUpdate: null,
});
const CHECK = shape({ name: null, expression: null });
const TABLE_PARTS = {
  primaryKey: PRIMARY_KEY,
  uniques: listOf(UNIQUE, 'unique'),
  indexes: listOf(INDEX, 'index'),
  foreignKeys: listOf(FOREIGN_KEY, 'foreign key'),
  checks: listOf(CHECK, 'check'),
  comment: null,
};
const TABLE = shape({ name: null, schema: null, columns: listOf(COLUMN, 'column'), ...TABLE_PARTS });
const ARCHIVE = shape({ key: null });
const INDEX_DEFINITION = shape({
  name: null, table: null, schema: null, columns: INDEX_COLUMNS, unique: null, where: null, using: null, concurrently: null,
});
const ENUM_COLUMN = shape({ table: null, column: null, values: null, nullable: null, default: DEFAULT_EXPRESSION });

/** The shapes of every `op` method's arguments, as the types in operations.ts declare them. */
export const SHAPES = {
  columns: listOf(COLUMN, 'column'),
  indexColumns: INDEX_COLUMNS,
  schemaOnly: shape({ schema: null }),
  createTable: shape({ schema: null, restoreArchive: null, ...TABLE_PARTS }),
  dropTable: shape({ schema: null, existing: TABLE, archive: null }),
  addColumn: shape({ schema: null, restoreArchive: ARCHIVE }),
  dropColumn: shape({ schema: null, existing: COLUMN, archive: ARCHIVE }),
  columnChanges: shape({
    type: ENUM_TYPE, nativeType: null, nullable: null, default: DEFAULT_EXPRESSION, newName: null,
    autoincrement: null, using: null, existing: EXISTING_COLUMN,
  }),
  createIndex: shape({ schema: null, unique: null, where: null, using: null, concurrently: null }),
  dropIndex: shape({ schema: null, table: null, concurrently: null, existing: INDEX_DEFINITION }),
  foreignKey: shape({ schema: null, onDelete: null, onUpdate: null, referencedSchema: null }),
  dropEnum: shape({ schema: null, existing: null }),
  addEnumValue: shape({ schema: null, before: null, after: null, columns: listOf(ENUM_COLUMN, 'column') }),
  backfill: shape({ schema: null, table: null, set: null, where: null, batchSize: null, pauseMs: null, key: null }),
  batchAddColumn: shape({ restoreArchive: ARCHIVE }),
  batchDropColumn: shape({ archive: ARCHIVE }),
  batchCreateIndex: shape({ unique: null, where: null, using: null }),
  batchForeignKey: shape({ onDelete: null, onUpdate: null, referencedSchema: null }),
} as const;

/** Words from other tools (Knex, Alembic, SQL) for keys spelled otherwise here, lower-cased. */
const SYNONYMS: Record<string, string> = {
  notnull: 'nullable', required: 'nullable', optional: 'nullable', null: 'nullable', allownull: 'nullable',
  pk: 'primaryKey', primary: 'primaryKey', primary_key: 'primaryKey',
  autoincrement: 'autoincrement', auto_increment: 'autoincrement', serial: 'autoincrement',
  server_default: 'default', defaultvalue: 'default',
  unique_constraints: 'uniques', constraints: 'uniques', foreign_keys: 'foreignKeys', references: 'referencedTable',
  ondelete: 'onDelete', onupdate: 'onUpdate', method: 'using', postgresql_where: 'where', postgresql_using: 'using',
};

/** Object literals only: strings, arrays, `op.raw(...)` and `op.sql` values are other members of a union. */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as object | null;
  return proto === null || (proto as { constructor?: { name?: string } }).constructor?.name === 'Object';
}

function describeElement(item: string, element: Record<string, unknown>, index: number): string {
  return typeof element.name === 'string' ? `${item} '${element.name}'` : `${item} #${index + 1}`;
}

function check(value: unknown, expected: Shape | ListOf, where: string, word: 'option' | 'key'): void {
  if ('list' in expected) {
    if (!Array.isArray(value)) return;
    value.forEach((element, i) => {
      if (isPlainObject(element)) check(element, expected.list, `${describeElement(expected.item, element, i)} of ${where}`, 'key');
    });
    return;
  }
  if (!isPlainObject(value)) return;
  const known = Object.keys(expected.keys);
  for (const [key, inner] of Object.entries(value)) {
    if (!Object.prototype.hasOwnProperty.call(expected.keys, key)) {
      const synonym = SYNONYMS[key.toLowerCase()];
      const suggestion = synonym && known.includes(synonym) ? synonym : closestName(key, known);
      throw new OpArgumentError(
        `unknown ${word} '${key}' in ${where}` +
          (suggestion ? `; did you mean '${suggestion}'?` : '.') +
          ` Known ${word}s: ${known.join(', ')}.`,
      );
    }
    const innerShape = expected.keys[key];
    // A list's elements are described by their item label ("unique 'x' of createTable('t')").
    if (innerShape && inner !== undefined) check(inner, innerShape, 'list' in innerShape ? where : `${key} of ${where}`, 'key');
  }
}

/** Throws OpArgumentError for the first key the shape does not know; `call` is `createTable('users')`. */
export function checkOptionKeys(call: string, value: unknown, expected: Shape | ListOf): void {
  if ('list' in expected) check(value, expected, call, 'key');
  else check(value, expected, call, 'option');
}

interface CreatedName {
  kind: IdentifierKind;
  name: string;
}

const KIND_LABEL: Record<IdentifierKind, string> = {
  schema: 'schema', table: 'table', column: 'column', index: 'index', constraint: 'constraint', enum: 'enum type', enumValue: 'enum value',
};

/** What the Prisma schema says where the name comes from, so the two stay the same. */
const PRISMA_SPELLING: Record<IdentifierKind, string> = {
  schema: '@@schema("…")',
  table: '@@map("…")',
  column: '@map("…")',
  index: 'map: "…"',
  constraint: 'map: "…"',
  enum: '@@map("…")',
  enumValue: '@map("…")',
};

/** The names an op creates in the database (names it only refers to exist already). */
export function createdNames(op: Op): CreatedName[] {
  switch (op.kind) {
    case 'createTable': {
      const t = op.table;
      return [
        ...(t.schema ? [{ kind: 'schema' as const, name: t.schema }] : []),
        { kind: 'table', name: t.name },
        ...t.columns.map((c) => ({ kind: 'column' as const, name: c.name })),
        ...(t.primaryKey?.name ? [{ kind: 'constraint' as const, name: t.primaryKey.name }] : []),
        ...(t.uniques ?? []).map((u) => ({ kind: 'constraint' as const, name: u.name })),
        ...(t.indexes ?? []).map((i) => ({ kind: 'index' as const, name: i.name })),
        ...(t.foreignKeys ?? []).map((f) => ({ kind: 'constraint' as const, name: f.name })),
        ...(t.checks ?? []).map((c) => ({ kind: 'constraint' as const, name: c.name })),
      ];
    }
    case 'renameTable': return [{ kind: 'table', name: op.to }];
    case 'addColumn': return [{ kind: 'column', name: op.column.name }];
    case 'renameColumn': return [{ kind: 'column', name: op.to }];
    case 'alterColumn': return op.newName !== undefined ? [{ kind: 'column', name: op.newName }] : [];
    case 'createIndex': return [{ kind: 'index', name: op.name }];
    case 'renameIndex': return [{ kind: 'index', name: op.to }];
    case 'createPrimaryKey': return op.name ? [{ kind: 'constraint', name: op.name }] : [];
    case 'createUniqueConstraint': return [{ kind: 'constraint', name: op.name }];
    case 'createForeignKey': return [{ kind: 'constraint', name: op.foreignKey.name }];
    case 'createCheckConstraint': return [{ kind: 'constraint', name: op.check.name }];
    case 'createEnum':
      return [
        ...(op.schema ? [{ kind: 'schema' as const, name: op.schema }] : []),
        { kind: 'enum', name: op.name },
        ...op.values.map((v) => ({ kind: 'enumValue' as const, name: v })),
      ];
    case 'addEnumValue': return [{ kind: 'enumValue', name: op.value }];
    default: return [];
  }
}

/** Throws OpArgumentError when `op` would create a name `dialect` cannot hold as written. */
export function checkCreatedNames(call: string, op: Op, dialect: Pick<Dialect, 'name' | 'identifierLimits'>): void {
  for (const { kind, name } of createdNames(op)) {
    // Only strings can be checked; a wrong type fails in the dialect with its own message.
    if (typeof name !== 'string') continue;
    const problem = identifierProblem(dialect, name, kind);
    if (problem) {
      throw new OpArgumentError(
        `${call}: the ${KIND_LABEL[kind]} name '${name}' ${problem}. ` +
          `Use a name the database can hold, here and in the Prisma schema (${PRISMA_SPELLING[kind]}), so that \`pmig check\` compares the same name.`,
      );
    }
  }
}
