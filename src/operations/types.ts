/**
 * Operations as data. `op.*` calls in a revision build these; `ddl/<dialect>` turns them into SQL;
 * autogenerate produces them from a comparison and renders them back as `op.*` calls.
 */
import type {
  CheckDef, ColumnDef, ColumnDefault, ColumnType, ForeignKeyDef, IndexColumn, PrimaryKeyDef,
  ReferentialAction, TableDef, UniqueDef,
} from '../schema/types';

export interface CreateTableOp {
  kind: 'createTable';
  table: TableDef;
  /** Put back the rows a `dropTable` with `archive` copied aside (the downgrade of an archived drop). */
  restoreArchive?: boolean;
}
export interface DropTableOp {
  kind: 'dropTable';
  table: string;
  schema?: string;
  /** What the table looked like, so that the inverse can recreate it (autogenerate fills it in). */
  existing?: TableDef;
  /** Copy the rows into a pmig archive table first (src/runtime/archive.ts). */
  archive?: boolean;
}
export interface RenameTableOp {
  kind: 'renameTable';
  from: string;
  to: string;
  schema?: string;
}
export interface AddColumnOp {
  kind: 'addColumn';
  table: string;
  schema?: string;
  column: ColumnDef;
  /** Fill the column back from the archive a `dropColumn` with `archive` made, matching rows by `key`. */
  restoreArchive?: ArchiveSpec;
}
export interface DropColumnOp {
  kind: 'dropColumn';
  table: string;
  schema?: string;
  column: string;
  existing?: ColumnDef;
  /** Copy the non-null values with the rows' keys into a pmig archive table first (src/runtime/archive.ts). */
  archive?: ArchiveSpec;
}

/**
 * How a column is archived and restored: `true` reads the primary key from the database; `{ key }`
 * names it, which `--sql` needs (there is no database to read it from).
 */
export type ArchiveSpec = boolean | { key: string[] };
export interface RenameColumnOp {
  kind: 'renameColumn';
  table: string;
  schema?: string;
  from: string;
  to: string;
}

/**
 * Two columns of one table exchange names, so that each name then holds the other's values (with
 * the indexes and constraints on them). Autogenerate uses it when an implicit many-to-many join
 * table's `A` and `B` change meaning (a model rename changes which model sorts first).
 */
export interface SwapColumnsOp {
  kind: 'swapColumns';
  table: string;
  schema?: string;
  columns: [string, string];
}

/** What a column is now; needed by MySQL (MODIFY restates the whole column) and for inverses. */
export interface ExistingColumn {
  type?: ColumnType;
  nativeType?: string;
  nullable?: boolean;
  default?: ColumnDefault;
  autoincrement?: boolean;
}

export interface AlterColumnOp {
  kind: 'alterColumn';
  table: string;
  schema?: string;
  column: string;
  /** New type (with nativeType) when the type changes. */
  type?: ColumnType;
  nativeType?: string;
  nullable?: boolean;
  /** undefined: unchanged; null: drop the default. */
  default?: ColumnDefault;
  newName?: string;
  /** PostgreSQL `USING` expression for a type change. */
  using?: string;
  /** Turns autoincrement (SERIAL / IDENTITY / AUTO_INCREMENT) on or off. */
  autoincrement?: boolean;
  existing?: ExistingColumn;
}

export interface CreateIndexOp {
  kind: 'createIndex';
  name: string;
  table: string;
  schema?: string;
  columns: (string | IndexColumn)[];
  unique?: boolean;
  where?: string;
  using?: string;
  /** PostgreSQL CREATE INDEX CONCURRENTLY (the revision must not be transactional). */
  concurrently?: boolean;
}
export interface DropIndexOp {
  kind: 'dropIndex';
  name: string;
  /** Required by MySQL (DROP INDEX ... ON table) and for inverses. */
  table?: string;
  schema?: string;
  concurrently?: boolean;
  existing?: Omit<CreateIndexOp, 'kind'>;
}
export interface RenameIndexOp {
  kind: 'renameIndex';
  table: string;
  schema?: string;
  from: string;
  to: string;
}

export interface CreatePrimaryKeyOp {
  kind: 'createPrimaryKey';
  table: string;
  schema?: string;
  name?: string;
  columns: string[];
}
export interface CreateUniqueConstraintOp {
  kind: 'createUniqueConstraint';
  table: string;
  schema?: string;
  name: string;
  columns: string[];
}
export interface CreateForeignKeyOp {
  kind: 'createForeignKey';
  table: string;
  schema?: string;
  foreignKey: ForeignKeyDef;
}
export interface CreateCheckConstraintOp {
  kind: 'createCheckConstraint';
  table: string;
  schema?: string;
  check: CheckDef;
}
export type ConstraintType = 'primary' | 'unique' | 'foreignKey' | 'check';
export interface DropConstraintOp {
  kind: 'dropConstraint';
  table: string;
  schema?: string;
  name: string;
  type: ConstraintType;
  /** The constraint as it was, for inverses. */
  existing?: PrimaryKeyDef | UniqueDef | ForeignKeyDef | CheckDef;
}

export interface CreateEnumOp {
  kind: 'createEnum';
  name: string;
  schema?: string;
  values: string[];
}
export interface DropEnumOp {
  kind: 'dropEnum';
  name: string;
  schema?: string;
  existing?: string[];
}
export interface AddEnumValueOp {
  kind: 'addEnumValue';
  name: string;
  schema?: string;
  value: string;
  before?: string;
  after?: string;
  /** For MySQL, where the enum lives inline on columns: the columns that use it. */
  /** `values` are the enum's values before this change; `default` keeps the column's default through MODIFY. */
  columns?: { table: string; column: string; values: string[]; nullable?: boolean; default?: ColumnDefault }[];
}

export interface ExecuteOp {
  kind: 'execute';
  sql: string;
  params?: unknown[];
  /** Statement that undoes this one, when known (autogenerate's enum renames); without it the downgrade must be written by hand. */
  inverse?: { sql: string; params?: unknown[] };
}

export type Op =
  | CreateTableOp | DropTableOp | RenameTableOp
  | AddColumnOp | DropColumnOp | RenameColumnOp | SwapColumnsOp | AlterColumnOp
  | CreateIndexOp | DropIndexOp | RenameIndexOp
  | CreatePrimaryKeyOp | CreateUniqueConstraintOp | CreateForeignKeyOp | CreateCheckConstraintOp
  | DropConstraintOp
  | CreateEnumOp | DropEnumOp | AddEnumValueOp
  | ExecuteOp;

export type OpKind = Op['kind'];

export type { ReferentialAction };
