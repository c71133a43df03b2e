/**
 * `op.backfill`: updates a table in batches by key (keyset pagination), each batch one short
 * transaction that also records how far it got, so that locks are held for one batch only and an
 * interrupted run resumes exactly after its last committed batch.
 *
 * Per batch: SELECT the key of the batchSize-th matching row after the last key (the database walks
 * the key index and returns one row), then UPDATE ... WHERE last < key <= that key AND (where). The
 * filter is checked again by the UPDATE under the row locks, so rows that concurrent writers changed
 * meanwhile are judged as they are now. Every row is visited once in all, so the whole backfill costs
 * about one pass over the table.
 */
import type { Connection, Row } from '../db/types';
import type { Dialect } from '../ddl/types';
import { inspectTable } from '../introspect/table';
import type { BackfillOptions, BackfillResult, BackfillRunner, SqlFragment } from '../operations/operations';
import { BackfillProgressStore, type BackfillId } from './backfill-progress';
import { BackfillReporter, type ProgressOutput } from './backfill-reporter';
import { BackfillSql } from './backfill-sql';
import { NeedsConnectionError } from './sinks';

export const DEFAULT_BATCH_SIZE = 10_000;

export class BackfillError extends Error {}

export interface BatchReport {
  rows: number;
  /** From BEGIN to COMMIT: how long this batch held its row locks. */
  transactionMs: number;
  lastKey: unknown[];
}

export interface BackfillerOptions {
  conn: Connection;
  dialect: Dialect;
  versionTable: string;
  revision: string;
  direction: 'upgrade' | 'downgrade';
  /** Where progress is shown (default: stderr). */
  progress?: ProgressOutput;
  /** Called after each committed batch. */
  onBatch?(batch: BatchReport): void;
}

/** Runs the backfills of one revision run (one instance per revision step). */
export class Backfiller implements BackfillRunner {
  private readonly store: BackfillProgressStore;
  private calls = 0;

  constructor(private readonly options: BackfillerOptions) {
    this.store = new BackfillProgressStore(options.conn, options.dialect, options.versionTable);
  }

  /** True once the revision called op.backfill: its progress must be cleared when it is recorded. */
  get used(): boolean {
    return this.calls > 0;
  }

  async run(spec: BackfillOptions): Promise<BackfillResult> {
    const { conn, dialect } = this.options;
    const id: BackfillId = { revision: this.options.revision, direction: this.options.direction, seq: this.calls++ };
    const batchSize = checkSpec(spec);
    const key = spec.key ?? (await this.primaryKey(spec));
    const sql = new BackfillSql(dialect, { table: spec.table, schema: spec.schema, key, set: spec.set, where: asFragment(spec.where) });

    await this.store.ensure();
    const saved = await this.store.open(id, spec.table);
    const label = `Backfill ${spec.table} (${id.revision})`;
    const result: BackfillResult = { rows: saved.rowsDone, batches: 0, resumed: saved.lastKey !== undefined, longestBatchMs: 0 };
    if (saved.done) {
      (this.options.progress ?? process.stderr).write(`${label}: already done by an earlier run (${saved.rowsDone} rows)\n`);
      return result;
    }

    let after = saved.lastKey;
    const left = await one<{ n: number | string }>(conn, sql.countAfter(after));
    const reporter = new BackfillReporter({ label, startRows: saved.rowsDone, total: saved.rowsDone + Number(left?.n ?? 0), output: this.options.progress });
    for (;;) {
      const upTo = (await keyOf(conn, sql.nthKeyAfter(after, batchSize), key)) ?? (await keyOf(conn, sql.lastKeyAfter(after), key));
      if (!upTo) break;
      if (result.batches > 0 && spec.pauseMs) await sleep(spec.pauseMs);
      const batch = await this.runBatch(id, sql, after, upTo);
      result.rows += batch.rows;
      result.batches += 1;
      result.longestBatchMs = Math.max(result.longestBatchMs, batch.transactionMs);
      this.options.onBatch?.(batch);
      reporter.update(result.rows);
      after = upTo;
    }
    await this.store.finish(id);
    reporter.finish(result.rows);
    return result;
  }

  /** Clears this revision's progress; the migrator calls it in the transaction that records the revision. */
  async complete(): Promise<void> {
    if (this.used) await this.store.clear(this.options.revision);
  }

  private async runBatch(id: BackfillId, sql: BackfillSql, after: unknown[] | undefined, upTo: unknown[]): Promise<BatchReport> {
    const { conn } = this.options;
    // InnoDB's default REPEATABLE READ locks every row the UPDATE scans, matching or not, and the gaps
    // between them; READ COMMITTED keeps only the locks of rows actually updated.
    if (conn.dialect === 'mysql') await conn.execute('SET TRANSACTION ISOLATION LEVEL READ COMMITTED');
    const started = performance.now();
    await conn.begin();
    try {
      const update = sql.updateBatch(after, upTo);
      const rows = await conn.execute(update.text, update.params);
      await this.store.advance(id, upTo, rows);
      await conn.commit();
      return { rows, transactionMs: performance.now() - started, lastKey: upTo };
    } catch (e) {
      await conn.rollback().catch(() => undefined);
      throw new BackfillError(`Backfill of ${id.revision} failed on the batch after key ${JSON.stringify(after ?? null)}: ${(e as Error).message}`);
    }
  }

  private async primaryKey(spec: BackfillOptions): Promise<string[]> {
    const table = await inspectTable(this.options.conn, spec.table, spec.schema);
    if (!table) throw new BackfillError(`op.backfill: table "${spec.table}" does not exist.`);
    if (table.primaryKey?.columns.length) return table.primaryKey.columns;
    // Every SQLite table but a WITHOUT ROWID one (which must have a primary key) has a rowid.
    if (this.options.dialect.name === 'sqlite') return ['rowid'];
    throw new BackfillError(
      `op.backfill: table "${spec.table}" has no primary key to page by; pass \`key: [...]\` with columns that are unique and never NULL.`,
    );
  }
}

/** For --sql: a backfill's batches depend on the data, so it cannot be printed. */
export function offlineBackfills(revision: string): BackfillRunner {
  return {
    run: (spec) =>
      Promise.reject(
        new NeedsConnectionError(
          `Revision ${revision} backfills "${spec.table}" in batches chosen from the live data (op.backfill), so it needs a live connection; ` +
            'its SQL cannot be printed with --sql. Run it with `pmig upgrade` against the database.',
        ),
      ),
  };
}

function checkSpec(spec: BackfillOptions): number {
  if (!spec.table) throw new BackfillError('op.backfill: `table` is required.');
  if (!spec.set || !Object.keys(spec.set).length) throw new BackfillError(`op.backfill('${spec.table}'): \`set\` names no column.`);
  const batchSize = spec.batchSize ?? DEFAULT_BATCH_SIZE;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new BackfillError(`op.backfill('${spec.table}'): batchSize must be a positive integer, not ${spec.batchSize}.`);
  if (spec.pauseMs !== undefined && !(spec.pauseMs >= 0)) throw new BackfillError(`op.backfill('${spec.table}'): pauseMs must be >= 0.`);
  if (spec.key && !spec.key.length) throw new BackfillError(`op.backfill('${spec.table}'): \`key\` names no column.`);
  return batchSize;
}

function asFragment(where: string | SqlFragment | undefined): SqlFragment | undefined {
  if (where === undefined) return undefined;
  return typeof where === 'string' ? { text: where, params: [] } : where;
}

async function one<T = Row>(conn: Connection, statement: { text: string; params: unknown[] }): Promise<T | undefined> {
  return (await conn.query<T>(statement.text, statement.params))[0];
}

async function keyOf(conn: Connection, statement: { text: string; params: unknown[] }, key: string[]): Promise<unknown[] | undefined> {
  const row = await one(conn, statement);
  return row && key.map((column) => row[column]);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
