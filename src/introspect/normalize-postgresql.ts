/**
 * PostgreSQL catalog values → Prisma's vocabulary (scalar type + `@db.` native type, defaults,
 * referential actions), so that an introspected Schema compares like-for-like with one made from
 * a Prisma datamodel. A native type is set only when it differs from Prisma's default mapping.
 */
import type { ColumnDefault, ColumnType, ReferentialAction, ScalarType } from '../schema/types';

/** What the column catalog query says about one column's type. */
export interface PgTypeFacts {
  /** `format_type(atttypid, atttypmod)`, e.g. `character varying(191)`, `timestamp(6) with time zone`, `integer[]`. */
  formattedType: string;
  /** `pg_type.typname` of the type, or of the element type for an array (`varchar`, `int4`, `Role`). */
  baseTypeName: string;
  /** `pg_type.typtype` of that base type: 'b' base, 'e' enum, 'd' domain, ... */
  baseTypeKind: string;
  isArray: boolean;
  /** Values of the enum, in order, when the base type is an enum. */
  enumValues?: string[] | null;
  /** The enum's schema, only when it is not the default one. */
  enumSchema?: string;
}

export interface NormalizedType {
  type: ColumnType;
  nativeType?: string;
  list?: boolean;
}

/** Base types Prisma maps without a native type attribute (its default mapping per scalar). */
const DEFAULT_MAPPED: Record<string, ScalarType> = {
  text: 'String',
  int4: 'Int',
  int8: 'BigInt',
  bool: 'Boolean',
  float8: 'Float',
  jsonb: 'Json',
  bytea: 'Bytes',
};

/** Base types that need a native type but whose spelling takes no arguments. */
const FIXED_NATIVE: Record<string, [ScalarType, string]> = {
  uuid: ['String', 'Uuid'],
  xml: ['String', 'Xml'],
  inet: ['String', 'Inet'],
  citext: ['String', 'Citext'],
  int2: ['Int', 'SmallInt'],
  oid: ['Int', 'Oid'],
  float4: ['Float', 'Real'],
  money: ['Decimal', 'Money'],
  date: ['DateTime', 'Date'],
  json: ['Json', 'Json'],
};

/** Prisma's default precision for Decimal on PostgreSQL: decimal(65,30). */
const DEFAULT_DECIMAL = '65,30';
/** Prisma's default precision for DateTime on PostgreSQL: timestamp(3). */
const DEFAULT_TIMESTAMP_PRECISION = '3';
/** PostgreSQL's own precision for time types declared without one. */
const PG_IMPLICIT_TIME_PRECISION = '6';

export function normalizePgType(facts: PgTypeFacts): NormalizedType {
  const list = facts.isArray ? { list: true } : {};
  if (facts.baseTypeKind === 'e') {
    const schema = facts.enumSchema ? { schema: facts.enumSchema } : {};
    return { type: { enum: facts.baseTypeName, values: facts.enumValues ?? [], ...schema }, ...list };
  }
  const elementType = facts.formattedType.replace(/(\[\])+$/, '');
  const args = /\(([\d,\s]+)\)/.exec(elementType)?.[1]?.replace(/\s/g, '');
  const scalar = (type: ScalarType, nativeType?: string): NormalizedType =>
    nativeType === undefined ? { type, ...list } : { type, nativeType, ...list };

  const name = facts.baseTypeName;
  if (DEFAULT_MAPPED[name]) return scalar(DEFAULT_MAPPED[name]);
  if (FIXED_NATIVE[name]) return scalar(...FIXED_NATIVE[name]);
  switch (name) {
    case 'varchar':
      return scalar('String', args ? `VarChar(${args})` : 'VarChar');
    case 'bpchar':
      return scalar('String', args ? `Char(${args})` : 'Char');
    case 'bit':
      return scalar('String', args ? `Bit(${args})` : 'Bit');
    case 'varbit':
      return scalar('String', args ? `VarBit(${args})` : 'VarBit');
    case 'numeric':
      if (args === DEFAULT_DECIMAL) return scalar('Decimal');
      return scalar('Decimal', args ? `Decimal(${args})` : 'Decimal');
    case 'timestamp':
      if (args === DEFAULT_TIMESTAMP_PRECISION) return scalar('DateTime');
      return scalar('DateTime', `Timestamp(${args ?? PG_IMPLICIT_TIME_PRECISION})`);
    case 'timestamptz':
      return scalar('DateTime', `Timestamptz(${args ?? PG_IMPLICIT_TIME_PRECISION})`);
    case 'time':
      return scalar('DateTime', `Time(${args ?? PG_IMPLICIT_TIME_PRECISION})`);
    case 'timetz':
      return scalar('DateTime', `Timetz(${args ?? PG_IMPLICIT_TIME_PRECISION})`);
    default:
      // Anything Prisma cannot express (circle, tsvector, interval, domains, ...): keep the raw type.
      return scalar('Unsupported', elementType);
  }
}

export interface NormalizedDefault {
  default?: ColumnDefault;
  autoincrement?: boolean;
}

const NUMERIC_SCALARS = new Set<ColumnType>(['Int', 'BigInt', 'Float', 'Decimal']);
const NUMBER_LITERAL = /^-?\d+(\.\d+)?(e[+-]?\d+)?$/i;
const NOW_EXPRESSION = /^(current_timestamp(\(\d+\))?|now\(\))$/i;
/** One `::type` cast as pg_get_expr prints it: optional schema, quoted or plain (multi-word) name, typmod, array. */
const CAST = String.raw`::(?:(?:"[^"]+"|\w+)\.)?(?:"[^"]+"|[a-z_][\w ]*)(?:\(\d+(?:,\d+)?\))?(?:\[\])*`;
const QUOTED_LITERAL = new RegExp(String.raw`^'((?:[^']|'')*)'(?:${CAST})*$`, 'i');
const BARE_LITERAL = new RegExp(String.raw`^\(?(-?[\w.]+)\)?(?:${CAST})*$`, 'i');

/**
 * A column default as pg_get_expr prints it → pmig's ColumnDefault. Serial sequences and
 * identity columns become `autoincrement` with no default; literals lose their casts and become
 * numbers or booleans according to the column's scalar type; anything else stays raw SQL.
 */
export function normalizePgDefault(
  expression: string | null,
  column: { type: ColumnType; list?: boolean; identity?: boolean },
): NormalizedDefault {
  if (column.identity) return { autoincrement: true };
  if (expression === null) return {};
  const expr = expression.trim();
  if (/^nextval\(/i.test(expr)) return { autoincrement: true };
  if (column.list) return { default: { sql: normalizePgArrayLiteral(expr) } };
  if (/^null(::.*)?$/i.test(expr)) return {};
  if (NOW_EXPRESSION.test(expr)) return { default: { now: true } };

  const quoted = QUOTED_LITERAL.exec(expr);
  const literal = quoted ? quoted[1].replace(/''/g, "'") : BARE_LITERAL.exec(expr)?.[1];
  if (literal === undefined) return { default: { sql: expr } };
  if (NUMERIC_SCALARS.has(column.type) && NUMBER_LITERAL.test(literal)) {
    const value = Number(literal);
    // A bigint beyond 2^53 would lose digits as a JS number: keep it exact as SQL.
    if (Number.isInteger(value) && !Number.isSafeInteger(value)) return { default: { sql: literal } };
    return { default: value };
  }
  if (column.type === 'Boolean' && /^(true|false)$/i.test(literal)) {
    return { default: literal.toLowerCase() === 'true' };
  }
  if (quoted) return { default: literal };
  return { default: { sql: expr } };
}

/** Splits on commas outside single quotes: `'a, b', 'c'` → [`'a, b'`, `'c'`]. */
function splitArrayItems(body: string): string[] {
  const items: string[] = [];
  let current = '';
  let quoted = false;
  for (const ch of body) {
    if (ch === "'") quoted = !quoted;
    if (ch === ',' && !quoted) { items.push(current.trim()); current = ''; continue; }
    current += ch;
  }
  if (current.trim()) items.push(current.trim());
  return items;
}

/**
 * A list default as the datamodel writes it: `ARRAY['a', 'b']`, items without their casts.
 * PostgreSQL prints `ARRAY['a'::text, 'b'::text]`, `ARRAY[]::text[]` or `'{}'::text[]`.
 */
export function normalizePgArrayLiteral(expr: string): string {
  if (/^'\{\}'(?:::.*)?$/.test(expr)) return 'ARRAY[]';
  const match = /^ARRAY\[([\s\S]*?)\](?:::[^\]]*(?:\[\])*)?$/i.exec(expr);
  if (!match) return expr;
  const cast = new RegExp(`(?:${CAST})+$`, 'i');
  const items = splitArrayItems(match[1]).map((item) => item.replace(cast, '').replace(/^\((.*)\)$/, '$1'));
  return `ARRAY[${items.join(', ')}]`;
}

/** pg_constraint.confdeltype / confupdtype → Prisma's referential action. */
export function pgReferentialAction(code: string): ReferentialAction {
  switch (code) {
    case 'c':
      return 'Cascade';
    case 'r':
      return 'Restrict';
    case 'n':
      return 'SetNull';
    case 'd':
      return 'SetDefault';
    default:
      return 'NoAction';
  }
}

/** `CHECK (price > 0::numeric) NOT VALID` (pg_get_constraintdef, pretty) → `price > 0::numeric`. */
export function pgCheckExpression(definition: string): string {
  const body = definition.replace(/\s+NOT VALID$/i, '').replace(/\s+NO INHERIT$/i, '');
  const match = /^CHECK\s*\(([\s\S]*)\)$/i.exec(body.trim());
  return match ? match[1].trim() : body.trim();
}
