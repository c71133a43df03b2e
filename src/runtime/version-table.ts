/**
 * pmig's own bookkeeping: the version table holds the current heads (one row per head, as Alembic's
 * alembic_version), and `<table>_log` is an append-only record of every step applied, reverted or
 * stamped, with the checksum of the revision file that ran.
 */
import type { Connection } from '../db/types';
import type { Dialect } from '../ddl/types';
import { StatementJournal } from './statement-journal';

export type StepDirection = 'upgrade' | 'downgrade' | 'stamp';

export type VersionChange =
  | { kind: 'insert'; version: string }
  | { kind: 'delete'; version: string }
  | { kind: 'update'; from: string; to: string };

export interface LogEntry {
  revision: string;
  direction: StepDirection;
  checksum: string | null;
  durationMs: number;
}

/** SQL for the version table and its log; shared by online runs and --sql output. */
export class VersionTableSql {
  constructor(readonly dialect: Dialect, readonly table: string) {}

  get logTable(): string {
    return `${this.table}_log`;
  }

  create(): string[] {
    const q = (s: string) => this.dialect.quote(s);
    const id = this.dialect.name === 'postgresql'
      ? 'BIGSERIAL PRIMARY KEY'
      : this.dialect.name === 'mysql' ? 'BIGINT AUTO_INCREMENT PRIMARY KEY' : 'INTEGER PRIMARY KEY AUTOINCREMENT';
    const time = this.dialect.name === 'postgresql' ? 'TIMESTAMPTZ' : this.dialect.name === 'mysql' ? 'DATETIME(3)' : 'TEXT';
    const now = this.dialect.name === 'sqlite' ? "(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))" : this.dialect.name === 'mysql' ? 'CURRENT_TIMESTAMP(3)' : 'CURRENT_TIMESTAMP';
    return [
      `CREATE TABLE IF NOT EXISTS ${q(this.table)} (${q('version_num')} VARCHAR(64) NOT NULL, CONSTRAINT ${q(`${this.table}_pkc`)} PRIMARY KEY (${q('version_num')}))`,
      `CREATE TABLE IF NOT EXISTS ${q(this.logTable)} (${q('id')} ${id}, ${q('revision')} VARCHAR(64) NOT NULL, ${q('direction')} VARCHAR(16) NOT NULL, ${q('checksum')} VARCHAR(64) NULL, ${q('applied_at')} ${time} NOT NULL DEFAULT ${now}, ${q('duration_ms')} INTEGER NOT NULL)`,
    ];
  }

  /** Statements for one change of the heads, with values inline (they are revision ids we validated). */
  change(change: VersionChange): string[] {
    const q = (s: string) => this.dialect.quote(s);
    const lit = (v: string) => this.dialect.literal(v);
    const t = q(this.table);
    const col = q('version_num');
    switch (change.kind) {
      case 'insert':
        return [`INSERT INTO ${t} (${col}) VALUES (${lit(change.version)})`];
      case 'delete':
        return [`DELETE FROM ${t} WHERE ${col} = ${lit(change.version)}`];
      case 'update':
        return [`UPDATE ${t} SET ${col} = ${lit(change.to)} WHERE ${col} = ${lit(change.from)}`];
    }
  }

  log(entry: LogEntry): string {
    const q = (s: string) => this.dialect.quote(s);
    const lit = (v: string | null) => (v === null ? 'NULL' : this.dialect.literal(v));
    return `INSERT INTO ${q(this.logTable)} (${q('revision')}, ${q('direction')}, ${q('checksum')}, ${q('duration_ms')}) VALUES (${lit(entry.revision)}, ${lit(entry.direction)}, ${lit(entry.checksum)}, ${Math.round(entry.durationMs)})`;
  }

  purge(): string {
    return `DELETE FROM ${this.dialect.quote(this.table)}`;
  }
}

/** Reads and writes the version table on a live connection. */
export class VersionTable {
  readonly sql: VersionTableSql;
  constructor(private readonly conn: Connection, dialect: Dialect, table: string) {
    this.sql = new VersionTableSql(dialect, table);
  }

  async exists(): Promise<boolean> {
    const name = this.sql.table;
    const rows = this.conn.dialect === 'postgresql'
      ? await this.conn.query("SELECT 1 FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = $1", [name])
      : this.conn.dialect === 'mysql'
        ? await this.conn.query('SELECT 1 FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = ?', [name])
        : await this.conn.query("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [name]);
    return rows.length > 0;
  }

  async ensure(): Promise<void> {
    for (const statement of this.sql.create()) await this.conn.execute(statement);
    await new StatementJournal(this.conn, this.sql.dialect, this.sql.table).ensure();
  }

  async heads(): Promise<string[]> {
    if (!(await this.exists())) return [];
    const q = (s: string) => this.sql.dialect.quote(s);
    const rows = await this.conn.query<{ version_num: string }>(`SELECT ${q('version_num')} FROM ${q(this.sql.table)}`);
    // Row order, not sorted: Alembic's planning (e.g. `downgrade -1` from several heads) follows it.
    return rows.map((r) => r.version_num);
  }

  async apply(changes: VersionChange[]): Promise<void> {
    for (const change of changes) for (const statement of this.sql.change(change)) await this.conn.execute(statement);
  }

  async log(entry: LogEntry): Promise<void> {
    await this.conn.execute(this.sql.log(entry));
  }

  /**
   * Records one step: the head changes and the log entry. PostgreSQL takes them as one
   * multi-statement call (a round trip per revision matters over 1,000 revisions); SQLite is
   * in-process, and MySQL's connection runs one statement per call. `then` appends statements to
   * the same call (PostgreSQL: `COMMIT; BEGIN` between two revisions), `before` prepends the
   * revision's own deferred statements (PostgreSQL only; elsewhere there are none).
   */
  async record(changes: VersionChange[], entry: LogEntry, then: string[] = [], before: string[] = []): Promise<void> {
    const statements = [...before, ...changes.flatMap((c) => this.sql.change(c)), this.sql.log(entry), ...then];
    if (this.conn.dialect === 'postgresql') {
      await this.conn.execute(statements.join(';\n'));
    } else {
      for (const statement of statements) await this.conn.execute(statement);
    }
  }

  /** For each applied revision, the checksum of its file when it was last upgraded. */
  async appliedChecksums(): Promise<Map<string, string>> {
    const q = (s: string) => this.sql.dialect.quote(s);
    const result = new Map<string, string>();
    if (!(await this.exists())) return result;
    const log = q(this.sql.logTable);
    // Only each revision's latest upgrade or downgrade matters; the log itself only grows.
    const rows = await this.conn.query<{ revision: string; direction: string; checksum: string | null }>(
      `SELECT l.${q('revision')}, l.${q('direction')}, l.${q('checksum')} FROM ${log} l
         JOIN (SELECT MAX(${q('id')}) AS ${q('id')} FROM ${log} WHERE ${q('direction')} IN ('upgrade', 'downgrade')
               GROUP BY ${q('revision')}) latest ON latest.${q('id')} = l.${q('id')}`,
    );
    for (const row of rows) {
      if (row.direction === 'upgrade' && row.checksum) result.set(row.revision, row.checksum);
    }
    return result;
  }

  async purge(): Promise<void> {
    if (await this.exists()) await this.conn.execute(this.sql.purge());
  }
}
