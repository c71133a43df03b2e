/** One connection to one database, whatever the driver. Placeholders are the driver's own:
 * `$1, $2` on PostgreSQL, `?` on MySQL and SQLite (see Dialect.placeholder). */
export type DialectName = 'postgresql' | 'mysql' | 'sqlite';

export type Row = Record<string, unknown>;

export interface Connection {
  readonly dialect: DialectName;
  /** The URL with any password masked, for messages. */
  readonly displayUrl: string;
  /** SQLite: the database file (the run lock sits beside it). */
  readonly file?: string;
  query<T = Row>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Runs a statement; returns the number of affected rows where the driver reports it. */
  execute(sql: string, params?: unknown[]): Promise<number>;
  begin(): Promise<void>;
  commit(): Promise<void>;
  rollback(): Promise<void>;
  /** True between begin() and commit()/rollback(). */
  readonly inTransaction: boolean;
  close(): Promise<void>;
  /** A new connection to the same database (servers only), e.g. to see what a lost one left. */
  reopen?(): Promise<Connection>;
}
