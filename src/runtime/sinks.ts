/**
 * Where `op` calls go: LiveSink renders each operation for the dialect and executes it;
 * OfflineSink writes the SQL to the output instead (`--sql`).
 */
import type { Connection, DialectName, Row } from '../db/types';
import { DdlError, type DdlContext, type Dialect } from '../ddl/types';
import type { OperationSink } from '../operations/operations';
import type { Op } from '../operations/types';
import type { TableDef } from '../schema/types';
import { inspectTable } from '../introspect/table';
import { renderSqliteBatch } from '../ddl/sqlite';
import { opKey, type JournaledRevision, type OpPlace } from './statement-journal';

export interface StatementRecorder {
  /** Statements of the current revision that completed. */
  statements: string[];
  /** The statement running now (the one that failed, after a failure). */
  current?: string;
}

/** Looks at each op just before it runs (src/runtime/destructive.ts: warnings for destructive steps). */
export interface OpGuard {
  /** Whether check() reads the database for this op (deferred statements must have run first). */
  readsDatabase(op: Op): boolean;
  check(op: Op): Promise<void>;
}

/** A statement as it ran, for replaying a revision to find which statement of a batch failed. */
interface JournalEntry {
  sql: string;
  params?: unknown[];
}

export class LiveSink implements OperationSink {
  readonly online = true;
  private readonly ctx: DdlContext;

  /** Statements held back to travel in one round trip (see `deferStatements`). */
  private deferred: string[] = [];
  private readonly journal: JournalEntry[] = [];

  /**
   * With `deferStatements` (PostgreSQL, inside the revision's transaction), statements without
   * parameters are held back and sent together: before anything reads the database, or with the
   * version-table statements at the end of the revision (`takeDeferred`). Over many small
   * revisions that halves the round trips; `findFailure` recovers which statement failed.
   */
  constructor(
    private readonly conn: Connection, private readonly impl: Dialect, private readonly recorder: StatementRecorder,
    private readonly guard?: OpGuard, private readonly deferStatements = false,
    /** Outside a transaction: each statement's completion is recorded (see statement-journal.ts). */
    private readonly journaled?: JournaledRevision,
  ) {
    this.ctx = {
      inspectTable: async (table, schema) => {
        await this.flush();
        return inspectTable(conn, table, schema);
      },
    };
  }

  async inspectTable(table: string, schema?: string): Promise<TableDef | undefined> {
    await this.flush();
    return inspectTable(this.conn, table, schema);
  }

  get dialect(): DialectName {
    return this.impl.name;
  }

  async run(op: Op): Promise<void> {
    // Resuming an interrupted revision: an op the earlier run completed is not rendered again.
    const key = this.journaled ? opKey(op) : undefined;
    if (key && this.journaled!.skipCompletedOp(key)) return;
    if (this.guard?.readsDatabase(op)) await this.flush();
    await this.guard?.check(op);
    const statements = await this.impl.render(op, this.ctx);
    const params = op.kind === 'execute' && op.params?.length ? op.params : undefined;
    for (const [i, sql] of statements.entries()) {
      if (this.deferStatements && !params) {
        this.deferred.push(sql);
        this.journal.push({ sql });
      } else {
        await this.flush();
        await this.exec(sql, params, key ? { key, position: i + 1, count: statements.length } : undefined);
      }
    }
  }

  /** Hands the held-back statements to the caller, which sends them with its own. */
  takeDeferred(): string[] {
    const taken = this.deferred;
    this.deferred = [];
    this.recorder.statements.push(...taken);
    return taken;
  }

  /**
   * After a failed batch (and the rollback of the revision): replays the revision's statements one
   * by one in a transaction that is rolled back, to name the statement that failed.
   */
  async findFailure(): Promise<void> {
    if (!this.journal.length) return;
    await this.conn.begin();
    try {
      for (const entry of this.journal) {
        try {
          await this.conn.execute(entry.sql, entry.params);
        } catch {
          this.recorder.current = entry.sql;
          this.recorder.statements = this.recorder.statements.filter((s) => s !== entry.sql);
          return;
        }
      }
    } finally {
      await this.conn.rollback();
    }
  }

  private async flush(): Promise<void> {
    if (!this.deferred.length) return;
    const batch = this.takeDeferred();
    await this.conn.execute(batch.join(';\n'));
  }

  async runBatch(table: string, schema: string | undefined, ops: Op[]): Promise<void> {
    if (this.impl.name !== 'sqlite') {
      for (const op of ops) await this.run(op);
      return;
    }
    for (const op of ops) await this.guard?.check(op);
    const current: TableDef | undefined = await inspectTable(this.conn, table, schema);
    if (!current) throw new DdlError(`batchAlterTable: table "${table}" does not exist`);
    for (const sql of renderSqliteBatch(current, ops)) await this.exec(sql);
  }

  async query<T = Row>(sql: string, params?: unknown[]): Promise<T[]> {
    await this.flush();
    return this.conn.query<T>(sql, params);
  }

  placeholder(index: number): string {
    return this.impl.placeholder(index);
  }

  quote(identifier: string): string {
    return this.impl.quote(identifier);
  }

  private async exec(sql: string, params?: unknown[], place?: OpPlace): Promise<void> {
    this.recorder.current = sql;
    this.journal.push({ sql, params });
    if (this.journaled) {
      // False: an interrupted run had completed it; it is skipped.
      if (await this.journaled.execute(sql, params, place)) this.recorder.statements.push(sql);
    } else {
      await this.conn.execute(sql, params);
      this.recorder.statements.push(sql);
    }
    this.recorder.current = undefined;
  }
}

/** Raised when a revision needs the database itself (reading rows, SQLite rebuilds) under --sql. */
export class NeedsConnectionError extends Error {}

export class OfflineSink implements OperationSink {
  readonly online = false;

  constructor(private readonly impl: Dialect, private readonly write: (sql: string) => void, private readonly revision: string) {}

  get dialect(): DialectName {
    return this.impl.name;
  }

  async run(op: Op): Promise<void> {
    let statements: string[];
    try {
      statements = await this.impl.render(op, {});
    } catch (e) {
      if (e instanceof DdlError) throw new NeedsConnectionError(`Revision ${this.revision} cannot be rendered offline: ${e.message}`);
      throw e;
    }
    const params = op.kind === 'execute' ? op.params : undefined;
    for (const sql of statements) this.write(`${params?.length ? inlineParams(sql, params, this.impl) : sql};`);
  }

  async runBatch(table: string, _schema: string | undefined, ops: Op[]): Promise<void> {
    if (this.impl.name === 'sqlite') {
      throw new NeedsConnectionError(
        `Revision ${this.revision}: batchAlterTable("${table}") rebuilds the table from its live definition on SQLite, so it needs a database connection; run without --sql.`,
      );
    }
    for (const op of ops) await this.run(op);
  }

  async query<T = Row>(sql: string): Promise<T[]> {
    throw new NeedsConnectionError(
      `Revision ${this.revision} reads from the database (op.query: ${sql.replace(/\s+/g, ' ').slice(0, 80)}), so it needs a live connection; its SQL cannot be printed with --sql.`,
    );
  }

  placeholder(index: number): string {
    return this.impl.placeholder(index);
  }

  quote(identifier: string): string {
    return this.impl.quote(identifier);
  }
}

/** Replaces bind placeholders with literals, for printing. */
function inlineParams(sql: string, params: unknown[], dialect: Dialect): string {
  if (dialect.name === 'postgresql') return sql.replace(/\$(\d+)/g, (m, n: string) => (Number(n) <= params.length ? dialect.literal(params[Number(n) - 1]) : m));
  let i = 0;
  return sql.replace(/\?/g, (m) => (i < params.length ? dialect.literal(params[i++]) : m));
}
