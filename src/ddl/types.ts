import type { DialectName } from '../db/types';
import type { Op } from '../operations/types';
import type { TableDef } from '../schema/types';

/** What DDL rendering may ask of the live database. Absent in offline (`--sql`) mode. */
export interface DdlContext {
  /** The table as it is now (used by SQLite table rebuilds and MySQL MODIFY COLUMN). */
  inspectTable?(table: string, schema?: string): Promise<TableDef | undefined>;
}

/** Thrown when an operation cannot be rendered without a live connection or is not supported. */
export class DdlError extends Error {}

/** What a name belongs to, for messages and for rules that differ by kind. */
export type IdentifierKind = 'schema' | 'table' | 'column' | 'index' | 'constraint' | 'enum' | 'enumValue';

/**
 * The names a database can hold. A name it cannot hold is either cut silently (PostgreSQL keeps the
 * first NAMEDATALEN-1 bytes, so `check` then sees a different name forever) or refused only when the
 * revision runs: pmig refuses it when the revision is written and before an `op` runs.
 */
export interface IdentifierLimits {
  /** The longest name, counted in `unit`; absent: no limit. */
  readonly maxLength?: number;
  /** How the database counts: PostgreSQL in UTF-8 bytes, MySQL/MariaDB in characters. */
  readonly unit: 'bytes' | 'characters';
  /**
   * The kinds of name this database stores as identifiers, which the rules below apply to: PostgreSQL
   * enum types and labels are names; MySQL keeps enums inline on columns and SQLite stores TEXT.
   */
  readonly identifierKinds: readonly IdentifierKind[];
  /** MySQL/MariaDB: no characters beyond the Basic Multilingual Plane (emoji) in any name. */
  readonly refusesSupplementaryCharacters: boolean;
  /** MySQL/MariaDB: "Incorrect table/column/index name" for a name ending with a space. */
  readonly refusesTrailingSpace: boolean;
  /** A rule of this database alone (MySQL/MariaDB: a table's name is also a file's name). */
  readonly otherProblem?: (name: string, kind: IdentifierKind) => string | undefined;
}

export interface Dialect {
  readonly name: DialectName;
  /** Which names the database can hold (see identifierProblem in ./identifiers). */
  readonly identifierLimits: IdentifierLimits;
  /** Whether DDL can run inside a transaction and be rolled back. */
  readonly transactionalDdl: boolean;
  quote(identifier: string): string;
  /** A value as an SQL literal, for offline output. */
  literal(value: unknown): string;
  /** Bind placeholder for the 1-based parameter index. */
  placeholder(index: number): string;
  /** SQL statements for one operation, in order. */
  render(op: Op, ctx: DdlContext): Promise<string[]>;
}
