/**
 * What a change would cost, counted on the live database: rows and values a drop destroys, and rows
 * that a narrower type, a NOT NULL, a unique key or a foreign key would reject. Used when a revision
 * is generated (src/autogenerate/safety.ts) and before a destructive step runs (src/runtime/destructive.ts).
 */
import type { Connection, DialectName } from '../db/types';
import type { ExistingColumn } from '../operations/types';
import type { ColumnType, ForeignKeyDef } from '../schema/types';

/** Where a count runs: the connection and the dialect's quoting. */
export interface CountContext {
  conn: Connection;
  dialect: DialectName;
  quote(identifier: string): string;
}

export function qualifiedName(ctx: CountContext, table: string, schema?: string): string {
  return schema ? `${ctx.quote(schema)}.${ctx.quote(table)}` : ctx.quote(table);
}

/** A readable name for messages: "users"."email". */
export function label(table: string, column?: string, schema?: string): string {
  return `${schema ? `"${schema}".` : ''}"${table}"${column ? `."${column}"` : ''}`;
}

async function count(ctx: CountContext, sql: string): Promise<number> {
  const [row] = await ctx.conn.query<Record<string, unknown>>(sql);
  return Number(row ? Object.values(row)[0] ?? 0 : 0);
}

export function countRows(ctx: CountContext, table: string, schema?: string): Promise<number> {
  return count(ctx, `SELECT COUNT(*) AS n FROM ${qualifiedName(ctx, table, schema)}`);
}

export function countNonNull(ctx: CountContext, table: string, column: string, schema?: string): Promise<number> {
  return count(ctx, `SELECT COUNT(${ctx.quote(column)}) AS n FROM ${qualifiedName(ctx, table, schema)}`);
}

export function countNulls(ctx: CountContext, table: string, column: string, schema?: string): Promise<number> {
  return count(ctx, `SELECT COUNT(*) AS n FROM ${qualifiedName(ctx, table, schema)} WHERE ${ctx.quote(column)} IS NULL`);
}

// ---------------------------------------------------------------- narrowing a type

/** What a narrower type rejects: longer strings, integers out of range, values not in an enum. */
export type Narrowing =
  | { kind: 'length'; max: number }
  | { kind: 'range'; min: bigint; max: bigint; typeName: string }
  | { kind: 'enum'; name: string; values: string[] };

interface TypeShape {
  type?: ColumnType;
  nativeType?: string;
}

/** The narrowing from `before` to `after`, or undefined when every old value fits the new type. */
export function narrowingOf(before: TypeShape | ExistingColumn, after: TypeShape, dialect: DialectName): Narrowing | undefined {
  if (after.type === undefined || before.type === undefined) return undefined;
  if (typeof after.type === 'object') {
    const was = before.type;
    if (typeof was === 'object' && was.values.every((v) => (after.type as { values: string[] }).values.includes(v))) return undefined;
    return { kind: 'enum', name: after.type.enum, values: after.type.values };
  }
  if (after.type === 'String' && (before.type === 'String' || typeof before.type === 'object')) {
    const max = maxLength(after.nativeType, dialect);
    const was = typeof before.type === 'object' ? Infinity : maxLength(before.nativeType, dialect);
    return max < was ? { kind: 'length', max } : undefined;
  }
  const to = integerRange(after.type, after.nativeType);
  const from = integerRange(before.type, before.nativeType);
  if (to && from && (to.min > from.min || to.max < from.max)) return { kind: 'range', ...to };
  return undefined;
}

function maxLength(nativeType: string | undefined, dialect: DialectName): number {
  if (!nativeType) return dialect === 'mysql' ? 191 : Infinity; // Prisma's String is VARCHAR(191) on MySQL
  const sized = /^N?(?:Var)?Char\((\d+)\)$/i.exec(nativeType);
  if (sized) return Number(sized[1]);
  if (/^TinyText$/i.test(nativeType)) return 255;
  return Infinity;
}

const INTEGER_BITS: Record<string, { bits: number; unsigned?: boolean }> = {
  TinyInt: { bits: 8 }, UnsignedTinyInt: { bits: 8, unsigned: true },
  SmallInt: { bits: 16 }, UnsignedSmallInt: { bits: 16, unsigned: true },
  MediumInt: { bits: 24 }, UnsignedMediumInt: { bits: 24, unsigned: true },
  Int: { bits: 32 }, Integer: { bits: 32 }, UnsignedInt: { bits: 32, unsigned: true },
  BigInt: { bits: 64 }, UnsignedBigInt: { bits: 64, unsigned: true },
};

function integerRange(type: ColumnType, nativeType?: string): { min: bigint; max: bigint; typeName: string } | undefined {
  if (type !== 'Int' && type !== 'BigInt') return undefined;
  const typeName = nativeType && INTEGER_BITS[nativeType] ? nativeType : type;
  const { bits, unsigned } = INTEGER_BITS[typeName];
  if (unsigned) return { min: 0n, max: (1n << BigInt(bits)) - 1n, typeName };
  return { min: -(1n << BigInt(bits - 1)), max: (1n << BigInt(bits - 1)) - 1n, typeName };
}

/** Rows whose value the narrower type would reject (or truncate, where the database allows it). */
export function countNarrowingViolations(ctx: CountContext, table: string, column: string, narrowing: Narrowing, schema?: string): Promise<number> {
  const c = ctx.quote(column);
  let predicate: string;
  switch (narrowing.kind) {
    case 'length': {
      const length = ctx.dialect === 'sqlite' ? 'length' : 'CHAR_LENGTH';
      predicate = `${length}(${c}) > ${narrowing.max}`;
      break;
    }
    case 'range':
      predicate = `(${c} < ${narrowing.min} OR ${c} > ${narrowing.max})`;
      break;
    case 'enum': {
      const asText = ctx.dialect === 'postgresql' ? `CAST(${c} AS TEXT)` : ctx.dialect === 'mysql' ? `CAST(${c} AS CHAR)` : c;
      const list = narrowing.values.map((v) => `'${v.replace(/'/g, "''")}'`).join(', ');
      predicate = `${c} IS NOT NULL AND ${asText} NOT IN (${list || 'NULL'})`;
      break;
    }
  }
  return count(ctx, `SELECT COUNT(*) AS n FROM ${qualifiedName(ctx, table, schema)} WHERE ${predicate}`);
}

export function describeNarrowing(narrowing: Narrowing): string {
  switch (narrowing.kind) {
    case 'length': return `longer than ${narrowing.max} characters`;
    case 'range': return `outside the range of ${narrowing.typeName} (${narrowing.min}..${narrowing.max})`;
    case 'enum': return `not a value of enum ${narrowing.name} (${narrowing.values.join(', ')})`;
  }
}

// ---------------------------------------------------------------- keys

/** Groups of rows sharing the same non-null values in `columns`, and the rows in them. */
export async function countDuplicates(ctx: CountContext, table: string, columns: string[], schema?: string): Promise<{ groups: number; rows: number }> {
  const cols = columns.map((c) => ctx.quote(c)).join(', ');
  const notNull = columns.map((c) => `${ctx.quote(c)} IS NOT NULL`).join(' AND ');
  const [row] = await ctx.conn.query<{ groups: unknown; rows: unknown }>(
    `SELECT COUNT(*) AS ${ctx.quote('groups')}, COALESCE(SUM(d.n), 0) AS ${ctx.quote('rows')} FROM ` +
      `(SELECT COUNT(*) AS n FROM ${qualifiedName(ctx, table, schema)} WHERE ${notNull} GROUP BY ${cols} HAVING COUNT(*) > 1) d`,
  );
  return { groups: Number(row?.groups ?? 0), rows: Number(row?.rows ?? 0) };
}

/**
 * Rows whose foreign-key columns are all non-null and match no referenced row. When the referenced
 * table does not exist yet (it is created in the same revision, empty), every such row is an orphan.
 */
export function countOrphans(ctx: CountContext, table: string, fk: ForeignKeyDef, referencedExists: boolean, schema?: string): Promise<number> {
  const child = qualifiedName(ctx, table, schema);
  const notNull = fk.columns.map((c) => `c.${ctx.quote(c)} IS NOT NULL`).join(' AND ');
  if (!referencedExists) return count(ctx, `SELECT COUNT(*) AS n FROM ${child} c WHERE ${notNull}`);
  const parent = qualifiedName(ctx, fk.referencedTable, fk.referencedSchema ?? schema);
  const match = fk.columns.map((c, i) => `p.${ctx.quote(fk.referencedColumns[i])} = c.${ctx.quote(c)}`).join(' AND ');
  return count(ctx, `SELECT COUNT(*) AS n FROM ${child} c WHERE ${notNull} AND NOT EXISTS (SELECT 1 FROM ${parent} p WHERE ${match})`);
}
