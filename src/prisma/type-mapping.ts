/**
 * Prisma's column types and default expressions, per provider, exactly as Prisma Migrate writes
 * them (checked against the schema engine's renderers and its WebAssembly build, Prisma 7.10).
 */
import type { DialectName } from '../db/types';
import type { ColumnDef, ColumnDefault, ColumnType, ScalarType } from '../schema/types';

/** A `@db.` native type split into its name and arguments: `VarChar(120)` → { VarChar, [120] }. */
export interface NativeType {
  name: string;
  args: string[];
}

export function parseNativeType(nativeType: string): NativeType {
  const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*(?:\((.*)\))?\s*$/s.exec(nativeType);
  if (!m) return { name: nativeType.trim(), args: [] };
  const args = m[2] === undefined ? [] : m[2].split(',').map((a) => a.trim()).filter((a) => a !== '');
  return { name: m[1], args };
}

type ScalarWithoutUnsupported = Exclude<ScalarType, 'Unsupported'>;

const POSTGRES_DEFAULTS: Record<ScalarWithoutUnsupported, string> = {
  String: 'TEXT',
  Int: 'INTEGER',
  BigInt: 'BIGINT',
  Boolean: 'BOOLEAN',
  DateTime: 'TIMESTAMP(3)',
  Decimal: 'DECIMAL(65,30)',
  Float: 'DOUBLE PRECISION',
  Json: 'JSONB',
  Bytes: 'BYTEA',
};

const MYSQL_DEFAULTS: Record<ScalarWithoutUnsupported, string> = {
  String: 'VARCHAR(191)',
  Int: 'INTEGER',
  BigInt: 'BIGINT',
  Boolean: 'BOOLEAN',
  DateTime: 'DATETIME(3)',
  Decimal: 'DECIMAL(65, 30)',
  Float: 'DOUBLE',
  Json: 'JSON',
  Bytes: 'LONGBLOB',
};

const SQLITE_DEFAULTS: Record<ScalarWithoutUnsupported, string> = {
  String: 'TEXT',
  Int: 'INTEGER',
  BigInt: 'BIGINT',
  Boolean: 'BOOLEAN',
  DateTime: 'DATETIME',
  Decimal: 'DECIMAL',
  Float: 'REAL',
  Json: 'JSONB',
  Bytes: 'BLOB',
};

/** `@db.X` → SQL keyword on PostgreSQL; arguments are appended as `(a,b)`. */
const POSTGRES_NATIVE: Record<string, string> = {
  Text: 'TEXT', Char: 'CHAR', VarChar: 'VARCHAR', Bit: 'BIT', VarBit: 'VARBIT', Uuid: 'UUID', Xml: 'XML',
  Inet: 'INET', Citext: 'CITEXT', Boolean: 'BOOLEAN', Integer: 'INTEGER', SmallInt: 'SMALLINT', Oid: 'OID',
  BigInt: 'BIGINT', Decimal: 'DECIMAL', Money: 'MONEY', Real: 'REAL', DoublePrecision: 'DOUBLE PRECISION',
  Timestamp: 'TIMESTAMP', Timestamptz: 'TIMESTAMPTZ', Date: 'DATE', Time: 'TIME', Timetz: 'TIMETZ',
  Json: 'JSON', JsonB: 'JSONB', ByteA: 'BYTEA',
};

/** `@db.X` → SQL keyword on MySQL; arguments are appended as `(a, b)`. */
const MYSQL_NATIVE: Record<string, string> = {
  Int: 'INTEGER', UnsignedInt: 'INTEGER UNSIGNED', SmallInt: 'SMALLINT', UnsignedSmallInt: 'SMALLINT UNSIGNED',
  TinyInt: 'TINYINT', UnsignedTinyInt: 'TINYINT UNSIGNED', MediumInt: 'MEDIUMINT',
  UnsignedMediumInt: 'MEDIUMINT UNSIGNED', BigInt: 'BIGINT', UnsignedBigInt: 'BIGINT UNSIGNED',
  Decimal: 'DECIMAL', Float: 'FLOAT', Double: 'DOUBLE', Bit: 'BIT', Char: 'CHAR', VarChar: 'VARCHAR',
  Binary: 'BINARY', VarBinary: 'VARBINARY', TinyBlob: 'TINYBLOB', Blob: 'BLOB', MediumBlob: 'MEDIUMBLOB',
  LongBlob: 'LONGBLOB', TinyText: 'TINYTEXT', Text: 'TEXT', MediumText: 'MEDIUMTEXT', LongText: 'LONGTEXT',
  Date: 'DATE', Time: 'TIME', DateTime: 'DATETIME', Timestamp: 'TIMESTAMP', Year: 'YEAR', Json: 'JSON',
};

export class UnknownNativeTypeError extends Error {}

function renderNative(provider: DialectName, nativeType: string): string {
  const { name, args } = parseNativeType(nativeType);
  const table = provider === 'postgresql' ? POSTGRES_NATIVE : MYSQL_NATIVE;
  const keyword = table[name];
  if (!keyword) throw new UnknownNativeTypeError(`@db.${nativeType} is not a ${provider} native type Prisma knows`);
  return args.length ? `${keyword}(${args.join(provider === 'postgresql' ? ',' : ', ')})` : keyword;
}

export interface SqlTypeOptions {
  /** Quotes an enum's name on PostgreSQL (the type is a named object there), with its schema if any. */
  quoteEnum?: (enumName: string, enumSchema?: string) => string;
}

type TypedColumn = Pick<ColumnDef, 'type' | 'nativeType' | 'autoincrement' | 'list'>;

function isEnumType(type: ColumnType): type is Exclude<ColumnType, string> {
  return typeof type === 'object';
}

function postgresType(col: TypedColumn, opts: SqlTypeOptions): string {
  let base: string;
  if (isEnumType(col.type)) base = opts.quoteEnum ? opts.quoteEnum(col.type.enum, col.type.schema) : `"${col.type.enum}"`;
  else if (col.type === 'Unsupported') base = col.nativeType ?? 'TEXT';
  else if (col.autoincrement && !col.list) {
    // SERIAL types are Prisma's rendering of autoincrement() on PostgreSQL.
    const native = col.nativeType ? parseNativeType(col.nativeType).name : undefined;
    if (native === 'SmallInt') base = 'SMALLSERIAL';
    else if (col.type === 'BigInt' || native === 'BigInt') base = 'BIGSERIAL';
    else base = 'SERIAL';
  } else base = col.nativeType ? renderNative('postgresql', col.nativeType) : POSTGRES_DEFAULTS[col.type];
  return col.list ? `${base}[]` : base;
}

function mysqlType(col: TypedColumn): string {
  if (isEnumType(col.type)) return `ENUM(${col.type.values.map(mysqlString).join(', ')})`;
  if (col.type === 'Unsupported') return col.nativeType ?? 'TEXT';
  if (col.type === 'Boolean' && col.nativeType && parseNativeType(col.nativeType).name === 'TinyInt') return 'BOOLEAN';
  return col.nativeType ? renderNative('mysql', col.nativeType) : MYSQL_DEFAULTS[col.type];
}

function sqliteType(col: TypedColumn): string {
  if (isEnumType(col.type)) return 'TEXT';
  if (col.type === 'Unsupported') return col.nativeType ?? 'TEXT';
  // SQLite has no native type attributes in Prisma.
  return SQLITE_DEFAULTS[col.type];
}

/** The SQL column type Prisma Migrate writes for a column on a provider. */
export function sqlColumnType(provider: DialectName, col: TypedColumn, opts: SqlTypeOptions = {}): string {
  switch (provider) {
    case 'postgresql': return postgresType(col, opts);
    case 'mysql': return mysqlType(col);
    case 'sqlite': return sqliteType(col);
  }
}

/** A string as a single-quoted SQL literal ('' doubling). */
export function sqlString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** MySQL also treats backslash as an escape character inside string literals. */
export function mysqlString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

/** Fractional-second precision of a MySQL DateTime/Timestamp column (Prisma's default is 3). */
function mysqlTimestampPrecision(nativeType?: string): number {
  if (!nativeType) return 3;
  const { name, args } = parseNativeType(nativeType);
  if ((name === 'DateTime' || name === 'Timestamp') && args.length) return Number(args[0]);
  if (name === 'DateTime' || name === 'Timestamp') return 0;
  return 3;
}

/** SQLite accepts only literals and CURRENT_* keywords bare; other expressions need parentheses. */
function sqliteExpression(sql: string): string {
  const trimmed = sql.trim();
  if (/^\(.*\)$/s.test(trimmed)) return trimmed;
  if (/^(-?\d+(\.\d+)?|'([^']|'')*'|NULL|TRUE|FALSE|CURRENT_TIMESTAMP|CURRENT_DATE|CURRENT_TIME)$/i.test(trimmed)) {
    return trimmed;
  }
  return `(${trimmed})`;
}

/**
 * The `DEFAULT` expression (without the keyword) for a column, or undefined for none.
 * Json values on PostgreSQL/MySQL are written as strings by the caller (`'{}'`).
 */
export function sqlDefault(
  provider: DialectName,
  col: Pick<ColumnDef, 'type' | 'nativeType' | 'default' | 'list'>,
  opts: SqlTypeOptions = {},
): string | undefined {
  const value: ColumnDefault | undefined = col.default;
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'object') {
    if ('now' in value) {
      return provider === 'mysql' ? `CURRENT_TIMESTAMP(${mysqlTimestampPrecision(col.nativeType)})` : 'CURRENT_TIMESTAMP';
    }
    if (provider === 'sqlite') return sqliteExpression(value.sql);
    // `ARRAY[]` has no type and `ARRAY['a']` is text[]: cast a list literal to the column's type, as Prisma does.
    if (provider === 'postgresql' && col.list && /^ARRAY\[[\s\S]*\]$/i.test(value.sql.trim())) {
      return `${value.sql.trim()}::${postgresType({ ...col, list: true }, opts)}`;
    }
    return value.sql;
  }
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return String(value);
  return provider === 'mysql' ? mysqlString(value) : sqlString(value);
}
