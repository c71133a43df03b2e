/**
 * MySQL / MariaDB catalog values → Prisma's vocabulary (scalar type + `@db.` native type, defaults,
 * referential actions), so that an introspected Schema compares like-for-like with one made from a
 * Prisma datamodel. A native type is set only when it differs from Prisma's default mapping.
 */
import type { ColumnDefault, ColumnType, ReferentialAction, ScalarType } from '../schema/types';

/** MariaDB and MySQL 8 spell information_schema defaults differently (see normalizeMysqlDefault). */
export type MysqlFlavor = 'mysql' | 'mariadb';

export interface NormalizedType {
  type: ColumnType;
  nativeType?: string;
}

/** Integer types: Prisma scalar, signed native type, unsigned native type. */
const INTEGERS: Record<string, [ScalarType, string, string]> = {
  tinyint: ['Int', 'TinyInt', 'UnsignedTinyInt'],
  smallint: ['Int', 'SmallInt', 'UnsignedSmallInt'],
  mediumint: ['Int', 'MediumInt', 'UnsignedMediumInt'],
  int: ['Int', 'Int', 'UnsignedInt'],
  integer: ['Int', 'Int', 'UnsignedInt'],
  bigint: ['BigInt', 'BigInt', 'UnsignedBigInt'],
};

/** Types whose native spelling takes no arguments. */
const FIXED_NATIVE: Record<string, [ScalarType, string]> = {
  tinytext: ['String', 'TinyText'],
  text: ['String', 'Text'],
  mediumtext: ['String', 'MediumText'],
  longtext: ['String', 'LongText'],
  tinyblob: ['Bytes', 'TinyBlob'],
  blob: ['Bytes', 'Blob'],
  mediumblob: ['Bytes', 'MediumBlob'],
  date: ['DateTime', 'Date'],
  year: ['Int', 'Year'],
  float: ['Float', 'Float'],
};

/** Prisma's default mappings on MySQL, which therefore carry no native type. */
const DEFAULT_VARCHAR_LENGTH = '191';
const DEFAULT_DECIMAL = '65,30';
const DEFAULT_DATETIME_PRECISION = '3';

/**
 * `COLUMN_TYPE` (e.g. `int(11) unsigned`, `varchar(191)`, `enum('a','b')`) → Prisma type.
 * Integer display widths are dropped, except that `tinyint(1)` is Prisma's Boolean.
 * An inline enum is named `{table}_{column}`, as Prisma's introspection names it.
 */
export function normalizeMysqlType(columnType: string, table: string, column: string): NormalizedType {
  const match = /^(\w+)(?:\((.*)\))?((?:\s+\w+)*)$/s.exec(columnType.trim());
  if (!match) return { type: 'Unsupported', nativeType: columnType };
  const name = match[1].toLowerCase();
  const args = match[2]?.replace(/\s/g, '');
  const unsigned = /\bunsigned\b/i.test(match[3] ?? '');

  if (name === 'enum') return { type: { enum: `${table}_${column}`, values: parseQuotedList(match[2] ?? '') } };
  if (name === 'tinyint' && args === '1' && !unsigned) return { type: 'Boolean' };
  if (INTEGERS[name]) {
    const [type, signed, unsignedNative] = INTEGERS[name];
    if (unsigned) return { type, nativeType: unsignedNative };
    // int and bigint are Prisma's defaults for Int and BigInt.
    return name === 'int' || name === 'integer' || name === 'bigint' ? { type } : { type, nativeType: signed };
  }
  if (FIXED_NATIVE[name]) {
    const [type, nativeType] = FIXED_NATIVE[name];
    return { type, nativeType };
  }
  switch (name) {
    case 'varchar':
      return args === DEFAULT_VARCHAR_LENGTH ? { type: 'String' } : { type: 'String', nativeType: `VarChar(${args})` };
    case 'char':
      return { type: 'String', nativeType: `Char(${args ?? 1})` };
    case 'decimal':
    case 'numeric':
      return args === DEFAULT_DECIMAL ? { type: 'Decimal' } : { type: 'Decimal', nativeType: `Decimal(${args ?? '10,0'})` };
    case 'double':
      return { type: 'Float' };
    case 'datetime':
      return args === DEFAULT_DATETIME_PRECISION
        ? { type: 'DateTime' }
        : { type: 'DateTime', nativeType: `DateTime(${args ?? 0})` };
    case 'timestamp':
      return { type: 'DateTime', nativeType: `Timestamp(${args ?? 0})` };
    case 'time':
      return { type: 'DateTime', nativeType: `Time(${args ?? 0})` };
    case 'json':
      return { type: 'Json' };
    case 'longblob':
      return { type: 'Bytes' };
    case 'binary':
      return { type: 'Bytes', nativeType: `Binary(${args ?? 1})` };
    case 'varbinary':
      return { type: 'Bytes', nativeType: `VarBinary(${args})` };
    case 'bit':
      // Prisma reads bit(1) as a Boolean and wider bit strings as bytes.
      return args === '1' || args === undefined
        ? { type: 'Boolean', nativeType: 'Bit(1)' }
        : { type: 'Bytes', nativeType: `Bit(${args})` };
    default:
      // set, geometry, point, ...: Prisma cannot express these; keep the raw type.
      return { type: 'Unsupported', nativeType: columnType };
  }
}

export interface NormalizedDefault {
  default?: ColumnDefault;
  autoincrement?: boolean;
}

const NUMERIC_SCALARS = new Set<ColumnType>(['Int', 'BigInt', 'Float', 'Decimal']);
const NUMBER_LITERAL = /^-?\d+(\.\d+)?(e[+-]?\d+)?$/i;
const NOW_EXPRESSION = /^(current_timestamp|now|localtimestamp)(\(\d*\))?$/i;

/**
 * An information_schema default → pmig's ColumnDefault.
 * MariaDB (10.2.7+) quotes string literals (`'abc'`), writes `NULL` for an explicit NULL default
 * and leaves expressions bare (`current_timestamp(3)`). MySQL 8 gives string literals unquoted and
 * marks expressions with `DEFAULT_GENERATED` in EXTRA.
 */
export function normalizeMysqlDefault(
  raw: string | null,
  extra: string,
  column: { type: ColumnType; flavor: MysqlFlavor },
): NormalizedDefault {
  if (/\bauto_increment\b/i.test(extra)) return { autoincrement: true };
  if (raw === null) return {};
  const text = raw.trim();
  if (column.flavor === 'mysql') {
    if (/\bDEFAULT_GENERATED\b/i.test(extra)) return expressionDefault(text);
    return { default: literalDefault(text, column.type) };
  }
  if (/^null$/i.test(text)) return {};
  if (text.startsWith("'") && text.endsWith("'") && text.length >= 2) {
    return { default: literalDefault(unescapeMysqlString(text.slice(1, -1)), column.type) };
  }
  if (NUMBER_LITERAL.test(text)) return { default: literalDefault(text, column.type) };
  return expressionDefault(text);
}

function expressionDefault(expression: string): NormalizedDefault {
  return NOW_EXPRESSION.test(expression) ? { default: { now: true } } : { default: { sql: expression } };
}

/** A literal's text read according to the column's scalar type. */
function literalDefault(text: string, type: ColumnType): ColumnDefault {
  if (type === 'Boolean' && /^[01]$/.test(text)) return text === '1';
  if (NUMERIC_SCALARS.has(type) && NUMBER_LITERAL.test(text)) {
    const value = Number(text);
    // A bigint beyond 2^53 would lose digits as a JS number: keep it exact as SQL.
    if (Number.isInteger(value) && !Number.isSafeInteger(value)) return { sql: text };
    return value;
  }
  return text;
}

const MYSQL_ESCAPES: Record<string, string> = { '0': '\0', b: '\b', n: '\n', r: '\r', t: '\t', Z: '\x1a' };

/** The content of a MySQL single-quoted literal: `''` and backslash escapes resolved. */
export function unescapeMysqlString(content: string): string {
  return content.replace(/''|\\(.)/gs, (whole, escaped: string | undefined) => {
    if (whole === "''") return "'";
    return MYSQL_ESCAPES[escaped!] ?? escaped!;
  });
}

/** `'a','b''c'` (the inside of `enum(...)`) → ['a', "b'c"]. */
function parseQuotedList(inner: string): string[] {
  const values: string[] = [];
  for (const m of inner.matchAll(/'((?:[^'\\]|''|\\.)*)'/gs)) values.push(unescapeMysqlString(m[1]));
  return values;
}

/** REFERENTIAL_CONSTRAINTS.UPDATE_RULE / DELETE_RULE → Prisma's referential action. */
export function mysqlReferentialAction(rule: string): ReferentialAction {
  switch (rule.toUpperCase()) {
    case 'CASCADE':
      return 'Cascade';
    case 'RESTRICT':
      return 'Restrict';
    case 'SET NULL':
      return 'SetNull';
    case 'SET DEFAULT':
      return 'SetDefault';
    default:
      return 'NoAction';
  }
}

/**
 * MariaDB stores a JSON column as LONGTEXT with a column-level `CHECK (json_valid(`col`))`.
 * Returns the column such a check guards, or null for any other check.
 */
export function mariadbJsonCheckColumn(clause: string): string | null {
  const match = /^json_valid\(`((?:[^`]|``)+)`\)$/i.exec(clause.trim());
  return match ? match[1].replace(/``/g, '`') : null;
}

/** The server's flavor from `SELECT VERSION()`, e.g. `10.11.19-MariaDB-0+deb12u1` or `8.0.36`. */
export function mysqlFlavor(version: string): MysqlFlavor {
  return /mariadb/i.test(version) ? 'mariadb' : 'mysql';
}
