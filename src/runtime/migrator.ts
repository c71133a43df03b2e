/**
 * Runs planned steps against a live database: one lock for the run, one transaction per revision
 * where the database has transactional DDL, the version table updated with each revision, and a
 * failure that leaves the database and the version table at the last good revision.
 */
import type { Connection } from '../db/types';
import type { Dialect } from '../ddl/types';
import type { RevisionBundle } from '../script/loader';
import { acquireRunLock, type RunLockOptions } from './lock';
import { LiveSink, type StatementRecorder } from './sinks';
import { Operations } from '../operations/operations';
import { IrreversibleError } from '../operations/irreversible';
import type { PlannedStep } from './steps';
import { VersionTable } from './version-table';
import { Backfiller } from './backfill';
import { DestructiveGuard, type ConfirmDestructive } from './destructive';

export class MigrationError extends Error {}

export class ChangedRevisionError extends Error {}

export interface MigrateOptions {
  conn: Connection;
  dialect: Dialect;
  versionTable: string;
  /** Plans the steps from the heads read under the lock. */
  plan(heads: string[]): PlannedStep[];
  /** Revision id → checksum of its file now, for the changed-revision check. */
  fileChecksums: Map<string, string>;
  /** Where the revision modules come from. */
  modules: Pick<RevisionBundle, 'load'>;
  allowChanged?: boolean;
  /** 'skip' passes data revisions whose downgrade is irreversible without running them. */
  dataDowngrade?: 'run' | 'skip';
  log?(line: string): void;
  /** Asked before a step that destroys data or that rows would reject; without it the warning is only logged. */
  confirmDestructive?: ConfirmDestructive;
  /** How long to wait for the run lock, whom to tell, and when to stop waiting. */
  lock?: RunLockOptions;
  /** Aborted (SIGINT/SIGTERM): the run stops before the next revision; the result lists the steps done. */
  signal?: AbortSignal;
  /** Told which revision starts, just before it does. */
  onStep?(step: PlannedStep): void;
}

export interface MigrateResult {
  steps: PlannedStep[];
  headsBefore: string[];
  headsAfter: string[];
}

export async function migrate(options: MigrateOptions): Promise<MigrateResult> {
  const { conn, dialect } = options;
  const log = options.log ?? (() => undefined);
  const versions = new VersionTable(conn, dialect, options.versionTable);
  const release = await acquireRunLock(conn, options.versionTable, options.lock);
  // SQLite: the whole run holds the write lock (BEGIN IMMEDIATE); each revision is a savepoint.
  // Foreign keys are off for the run (it cannot change inside a transaction), as in Prisma's own
  // SQLite migrations: a table rebuild drops the old table, which would otherwise fire ON DELETE
  // actions on the rows that reference it. Each revision ends with a foreign_key_check instead.
  const sqliteRun = dialect.name === 'sqlite';
  try {
    if (sqliteRun) {
      await conn.execute('PRAGMA foreign_keys = OFF');
      await conn.begin();
    }
    await versions.ensure();
    const headsBefore = await versions.heads();
    await refuseChangedRevisions(versions, options);
    const steps = options.plan(headsBefore);
    // PostgreSQL: every revision commits on its own, but only the last commit waits for the WAL
    // flush, which makes all the earlier ones durable too. A server crash mid-run can only lose
    // whole revisions at the end, each together with its version-table row, never half of one.
    if (dialect.name === 'postgresql' && steps.length > 1) await conn.execute('SET synchronous_commit = off');
    const done: PlannedStep[] = [];
    for (const [index, step] of steps.entries()) {
      // A stop request (SIGINT/SIGTERM) takes effect here, between revisions, never inside one.
      if (options.signal?.aborted) break;
      options.onStep?.(step);
      log(step.description);
      if (dialect.name === 'postgresql' && steps.length > 1 && index === steps.length - 1) {
        await conn.execute('SET synchronous_commit = on');
      }
      await runStep(step, options, versions, done, index < steps.length - 1);
      done.push(step);
    }
    // PostgreSQL: the transaction opened for a next revision that never came.
    if (dialect.name === 'postgresql' && conn.inTransaction) await conn.commit();
    const headsAfter = await versions.heads();
    if (sqliteRun && conn.inTransaction) await conn.commit();
    return { steps: done, headsBefore, headsAfter };
  } catch (e) {
    if (sqliteRun && conn.inTransaction) await conn.commit();
    throw e;
  } finally {
    if (sqliteRun) await conn.execute('PRAGMA foreign_keys = ON');
    await release();
  }
}

/** SQLite runs with foreign keys off: a revision must still leave no dangling reference. */
async function checkSqliteForeignKeys(conn: Connection): Promise<void> {
  const rows = await conn.query<{ table: string; rowid: number; parent: string }>('PRAGMA foreign_key_check');
  if (!rows.length) return;
  const sample = rows.slice(0, 5).map((r) => `${r.table} row ${r.rowid} -> ${r.parent}`).join('; ');
  throw new MigrationError(`foreign key check failed: ${rows.length} row(s) reference missing rows (${sample})`);
}

async function refuseChangedRevisions(versions: VersionTable, options: MigrateOptions): Promise<void> {
  const applied = await versions.appliedChecksums();
  const changed = [...applied].filter(([rev, sum]) => options.fileChecksums.has(rev) && options.fileChecksums.get(rev) !== sum);
  if (!changed.length || options.allowChanged) return;
  throw new ChangedRevisionError(
    `Revision file${changed.length > 1 ? 's' : ''} changed after being applied: ${changed.map(([r]) => r).join(', ')}.\n` +
      'The database ran a different version of this code. Revert the edit (write a new revision instead), ' +
      'or pass --allow-changed if the change is harmless (comments, formatting).',
  );
}

/**
 * Runs one revision. `more` says another revision follows: on PostgreSQL the commit of this one
 * and the BEGIN of the next travel with the version-table statements in one round trip.
 */
async function runStep(step: PlannedStep, options: MigrateOptions, versions: VersionTable, done: PlannedStep[], more: boolean): Promise<void> {
  const { conn, dialect } = options;
  const module = step.path && step.checksum ? options.modules.load(step.path, step.checksum) : {};
  const transactional = module.transactional !== false && dialect.transactionalDdl;
  const recorder: StatementRecorder = { statements: [], current: undefined };
  const log = options.log ?? (() => undefined);
  const guard = new DestructiveGuard({ conn, dialect, revision: step.revision, log, confirm: options.confirmDestructive });
  // PostgreSQL: inside the revision's transaction, statements may wait to travel together.
  const sink = new LiveSink(conn, dialect, recorder, guard, dialect.name === 'postgresql' && transactional);
  const backfills = new Backfiller({ conn, dialect, versionTable: options.versionTable, revision: step.revision, direction: step.direction });
  const op = new Operations(sink, { revision: step.revision, transactional: module.transactional !== false, backfills, notify: log });
  const started = Date.now();
  const sqlite = dialect.name === 'sqlite';

  // SQLite: the run's transaction is open; a savepoint makes this revision atomic. A
  // non-transactional revision runs after committing what came before.
  if (sqlite && !transactional) await conn.commit();
  if (sqlite && transactional) await conn.execute('SAVEPOINT pmig_revision');
  if (!sqlite && transactional && !conn.inTransaction) await conn.begin();
  // A transaction opened ahead for this revision, which wants none: close it (it is empty).
  if (!sqlite && !transactional && conn.inTransaction) await conn.commit();
  try {
    const fn = step.path ? module[step.direction] : undefined;
    if (step.path && typeof fn !== 'function') throw new MigrationError(`${step.path} has no ${step.direction}() function`);
    try {
      if (fn) await (fn as (o: Operations) => Promise<void>)(op);
    } catch (e) {
      if (!(e instanceof IrreversibleError && step.direction === 'downgrade' && options.dataDowngrade === 'skip')) throw e;
      options.log?.(`Skipping the downgrade of ${step.revision}: ${e.message} (--data-downgrade=skip)`);
    }
    if (sqlite) await checkSqliteForeignKeys(conn);
    // Outside a transaction, the revision is still recorded in one, together with dropping its
    // backfill progress: a crash in between would either redo a finished backfill or leave a
    // stale "done" for the next time the revision runs.
    if (!transactional) await conn.begin();
    await backfills.complete();
    const entry = { revision: step.revision, direction: step.direction, checksum: step.checksum ?? null, durationMs: Date.now() - started };
    const deferred = sink.takeDeferred();
    if (dialect.name === 'postgresql' && more) {
      // This revision's last statements, its bookkeeping, its commit and the next revision's
      // BEGIN: one round trip.
      await versions.record(step.versionChanges, entry, ['COMMIT', 'BEGIN'], deferred);
    } else {
      await versions.record(step.versionChanges, entry, [], deferred);
      if (sqlite && transactional) await conn.execute('RELEASE pmig_revision');
      // SQLite: the transaction begun above is the run's again, committed at the end of the run.
      if (!sqlite) await conn.commit();
    }
  } catch (e) {
    let rolledBack = false;
    if (!transactional && !sqlite && conn.inTransaction) await conn.rollback().catch(() => undefined);
    if (transactional) {
      try {
        if (sqlite) {
          await conn.execute('ROLLBACK TO pmig_revision');
          await conn.execute('RELEASE pmig_revision');
        } else await conn.rollback();
        rolledBack = true;
        // Statements sent together fail together: find which one it was.
        if (!recorder.current) await sink.findFailure();
      } catch {
        // The original error is what the user needs to see.
      }
    }
    throw new MigrationError(describeFailure(step, e as Error, recorder, rolledBack, done, dialect.name));
  }
}

function describeFailure(
  step: PlannedStep, error: Error, recorder: StatementRecorder, rolledBack: boolean, done: PlannedStep[], dialect: string,
): string {
  const lines = [`${step.direction === 'upgrade' ? 'Upgrade' : 'Downgrade'} ${step.revision} failed: ${error.message}`];
  if (recorder.current) lines.push(`  while running: ${oneLine(recorder.current)}`);
  if (done.length) lines.push(`  completed before it: ${done.map((s) => s.revision).join(', ')} (recorded in the version table)`);
  if (rolledBack) {
    lines.push(`  ${step.revision} was rolled back; the version table records the last good revision.`);
  } else {
    const ran = recorder.statements.filter((s) => s !== recorder.current);
    lines.push(
      `  ${dialect === 'mysql' ? 'MySQL commits DDL implicitly, so' : 'This revision ran outside a transaction, so'} these statements of ${step.revision} stayed applied: ${ran.length ? '' : 'none.'}`,
    );
    for (const s of ran) lines.push(`    ${oneLine(s)}`);
    lines.push(`  The version table was not advanced past ${step.revision}: fix the database or the revision, then run again.`);
  }
  return lines.join('\n');
}

function oneLine(sql: string): string {
  const flat = sql.replace(/\s+/g, ' ').trim();
  return flat.length > 300 ? `${flat.slice(0, 297)}...` : flat;
}
