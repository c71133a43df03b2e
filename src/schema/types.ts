/**
 * The dialect-neutral model that both the Prisma datamodel and database introspection produce,
 * so that autogenerate compares like with like. Normalisation happens on the way in.
 */

/** Prisma's scalar vocabulary. A column type is one of these or a reference to an enum. */
export type ScalarType =
  | 'String'
  | 'Int'
  | 'BigInt'
  | 'Boolean'
  | 'DateTime'
  | 'Decimal'
  | 'Float'
  | 'Json'
  | 'Bytes'
  | 'Unsupported';

export const SCALAR_TYPES: readonly ScalarType[] = [
  'String', 'Int', 'BigInt', 'Boolean', 'DateTime', 'Decimal', 'Float', 'Json', 'Bytes', 'Unsupported',
];

/** A column whose values come from an enum. MySQL renders it inline, so the values travel with it. */
export interface EnumTypeRef {
  enum: string;
  values: string[];
  /** PostgreSQL: the schema the enum type lives in, when not the default one (multiSchema). */
  schema?: string;
}

export type ColumnType = ScalarType | EnumTypeRef;

/**
 * A default value.
 * - string | number | boolean: a literal
 * - { now: true }: the current timestamp (Prisma's now())
 * - { sql: '...' }: a raw database expression (Prisma's dbgenerated(...))
 * - null: no default
 */
export type ColumnDefault = string | number | boolean | { now: true } | { sql: string } | null;

export interface ColumnDef {
  name: string;
  type: ColumnType;
  /**
   * Prisma's native type attribute without the `@db.` prefix, e.g. `VarChar(120)`, `Text`,
   * `Timestamptz(6)`, `UnsignedInt`. When absent the provider's default mapping for `type` is used.
   * For `Unsupported`, the raw database type, e.g. `circle`.
   */
  nativeType?: string;
  /** Default true, as in Alembic. */
  nullable?: boolean;
  default?: ColumnDefault;
  /** autoincrement() / SERIAL / AUTO_INCREMENT / INTEGER PRIMARY KEY AUTOINCREMENT. */
  autoincrement?: boolean;
  /** Shorthand used by createTable: the column is (part of) the primary key. */
  primaryKey?: boolean;
  /** Prisma list fields (PostgreSQL arrays). */
  list?: boolean;
  comment?: string;
}

export type ReferentialAction = 'Cascade' | 'Restrict' | 'NoAction' | 'SetNull' | 'SetDefault';

export interface PrimaryKeyDef {
  name?: string;
  columns: string[];
}

export interface IndexColumn {
  name: string;
  order?: 'asc' | 'desc';
  /** Prefix length (MySQL). */
  length?: number;
}

export interface IndexDef {
  name: string;
  columns: (string | IndexColumn)[];
  unique?: boolean;
  /** Partial index predicate (PostgreSQL, SQLite). */
  where?: string;
  /** Index method on PostgreSQL: btree, hash, gin, gist, brin, spgist. */
  using?: string;
}

export interface UniqueDef {
  name: string;
  columns: (string | IndexColumn)[];
}

export interface ForeignKeyDef {
  name: string;
  columns: string[];
  referencedTable: string;
  referencedColumns: string[];
  referencedSchema?: string;
  onDelete?: ReferentialAction;
  onUpdate?: ReferentialAction;
}

export interface CheckDef {
  name: string;
  expression: string;
}

export interface TableDef {
  name: string;
  schema?: string;
  columns: ColumnDef[];
  primaryKey?: PrimaryKeyDef;
  /** Unique constraints (PostgreSQL/MySQL distinguish these from unique indexes; Prisma creates unique indexes). */
  uniques?: UniqueDef[];
  indexes?: IndexDef[];
  foreignKeys?: ForeignKeyDef[];
  checks?: CheckDef[];
  comment?: string;
}

export interface EnumDef {
  name: string;
  schema?: string;
  values: string[];
}

export interface Schema {
  tables: TableDef[];
  enums: EnumDef[];
}
