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

export interface Dialect {
  readonly name: DialectName;
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
