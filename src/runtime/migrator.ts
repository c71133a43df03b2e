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
import { JournaledRevision, JournalMismatchError, StatementJournal, type InterruptedStep } from './statement-journal';
import { describeInterruption, InterruptedRevisionError, refuseMessage, statementCount } from './interrupted';
import { ConnectionLostError } from '../db/connection-lost';

export { InterruptedRevisionError } from './interrupted';

export class MigrationError extends Error {}

export class ChangedRevisionError extends Error {}

/** The statement journal of the run and the revisions it found interrupted. */
interface RunJournal {
  journal: StatementJournal;
  interrupted: InterruptedStep[];
}

export interface MigrateOptions {
  conn: Connection;
  dialect: Dialect;
  versionTable: string;
  /** Plans the steps from the heads read under the lock. */
  plan(heads: string[]): PlannedStep[];
  /** Revision id → checksum of its file now, for the changed-revision check. */
  fileChecksums: Map<string, string>;
  /** Revision id → its file, to describe an interrupted revision the plan does not include. */
  filePaths?: Map<string, string>;
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
  /** Told which revision starts, just before it does, and told `undefined` once it has committed. */
  onStep?(step: PlannedStep | undefined): void;
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
  // SQLite: each revision commits on its own (BEGIN IMMEDIATE ... COMMIT, with its version row), so
  // a kill loses at most the revision in progress; the run lock (a lock file) keeps other runs out
  // between revisions. Foreign keys are off while the run's revisions execute (the pragma cannot
  // change inside a transaction, so it is set outside them), as in Prisma's own SQLite migrations:
  // a table rebuild drops the old table, which would otherwise fire ON DELETE actions on the rows
  // that reference it. Each revision runs foreign_key_check before its COMMIT instead.
  const sqliteRun = dialect.name === 'sqlite';
  const journal = new StatementJournal(conn, dialect, options.versionTable);
  try {
    if (sqliteRun) await conn.execute('PRAGMA foreign_keys = OFF');
    await versions.ensure();
    const headsBefore = await versions.heads();
    await refuseChangedRevisions(versions, options);
    const steps = options.plan(headsBefore);
    // Revisions a run that died left half done (statement journal): only a plan that finishes them may go on.
    const interrupted = await journal.all();
    await refuseUnfinishedInterruptions(interrupted, steps, options);
    // PostgreSQL: every revision commits on its own, but only the last commit waits for the WAL
    // flush, which makes all the earlier ones durable too. A server crash mid-run can only lose
    // whole revisions at the end, each together with its version-table row, never half of one.
    const asynchronous = dialect.name === 'postgresql' && steps.length > 1;
    if (asynchronous) await conn.execute('SET synchronous_commit = off');
    const done: PlannedStep[] = [];
    try {
      for (const [index, step] of steps.entries()) {
        // A stop request (SIGINT/SIGTERM) takes effect here, between revisions, never inside one.
        if (options.signal?.aborted) break;
        options.onStep?.(step);
        log(step.description);
        if (asynchronous && index === steps.length - 1) await conn.execute('SET synchronous_commit = on');
        await runStep(step, options, versions, done, index < steps.length - 1, { journal, interrupted });
        done.push(step);
        options.onStep?.(undefined);
      }
    } catch (e) {
      // A failed revision was rolled back; the ones before it must stay, durably.
      if (asynchronous && done.length) await flushAsynchronousCommits(conn).catch(() => undefined);
      throw e;
    }
    if (asynchronous && done.length && done.length < steps.length) await flushAsynchronousCommits(conn);
    // PostgreSQL: the transaction opened for a next revision that never came.
    if (dialect.name === 'postgresql' && conn.inTransaction) await conn.commit();
    const headsAfter = await versions.heads();
    return { steps: done, headsBefore, headsAfter };
  } finally {
    // The lock is released even when the connection can no longer take the pragma.
    try {
      if (sqliteRun) await conn.execute('PRAGMA foreign_keys = ON');
    } finally {
      await release();
    }
  }
}

/**
 * PostgreSQL: a run that ends before its last revision (stopped, or failed) committed the earlier
 * ones asynchronously. One synchronous commit that writes a commit record of its own
 * (txid_current() gives the transaction an id) flushes the WAL past all of them.
 */
async function flushAsynchronousCommits(conn: Connection): Promise<void> {
  if (conn.inTransaction) await conn.rollback();
  await conn.execute('SET synchronous_commit = on');
  await conn.begin();
  await conn.query('SELECT txid_current()');
  await conn.commit();
}

/** SQLite runs with foreign keys off: a revision must still leave no dangling reference. */
async function checkSqliteForeignKeys(conn: Connection): Promise<void> {
  const rows = await conn.query<{ table: string; rowid: number; parent: string }>('PRAGMA foreign_key_check');
  if (!rows.length) return;
  const sample = rows.slice(0, 5).map((r) => `${r.table} row ${r.rowid} -> ${r.parent}`).join('; ');
  throw new MigrationError(`foreign key check failed: ${rows.length} row(s) reference missing rows (${sample})`);
}

/**
 * A revision interrupted mid-way (outside a transaction) must be finished before anything else
 * runs on top of or below it: a run whose plan includes that step resumes it; any other refuses.
 */
async function refuseUnfinishedInterruptions(interrupted: InterruptedStep[], steps: PlannedStep[], options: MigrateOptions): Promise<void> {
  for (const record of interrupted) {
    const step = steps.find((s) => s.revision === record.revision && s.direction === record.direction);
    if (step) continue;
    throw new InterruptedRevisionError(refuseMessage(record, await countOf(record, options)));
  }
}

/** "n" of "statement k of n", when the revision's statements can be known without running it. */
async function countOf(record: InterruptedStep, options: MigrateOptions, step?: PlannedStep): Promise<number | undefined> {
  const file = step ?? { path: options.filePaths?.get(record.revision), checksum: options.fileChecksums.get(record.revision) };
  if (!file.path || !file.checksum) return undefined;
  try {
    return await statementCount(options.modules.load(file.path, file.checksum), record.direction, record.revision, options.dialect);
  } catch {
    return undefined;
  }
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
async function runStep(
  step: PlannedStep, options: MigrateOptions, versions: VersionTable, done: PlannedStep[], more: boolean, run: RunJournal,
): Promise<void> {
  const { conn, dialect } = options;
  const module = step.path && step.checksum ? options.modules.load(step.path, step.checksum) : {};
  // Outside a transaction every statement's completion is recorded, and an interrupted run's
  // completed statements are skipped; a revision resumed that way goes on outside a transaction.
  const resume = run.interrupted.find((r) => r.revision === step.revision && r.direction === step.direction);
  const transactional = module.transactional !== false && dialect.transactionalDdl && !resume;
  const recorder: StatementRecorder = { statements: [], current: undefined };
  const log = options.log ?? (() => undefined);
  const guard = new DestructiveGuard({ conn, dialect, revision: step.revision, log, confirm: options.confirmDestructive });
  const journaled = transactional
    ? undefined
    : new JournaledRevision(run.journal, step.revision, step.direction, step.checksum ?? null, resume, log);
  if (resume) log(`  ${capitalize(describeInterruption(resume, await countOf(resume, options, step)))}\n  resuming from statement ${resume.done + 1}.`);
  // PostgreSQL: inside the revision's transaction, statements may wait to travel together.
  const sink = new LiveSink(conn, dialect, recorder, guard, dialect.name === 'postgresql' && transactional, journaled);
  const backfills = new Backfiller({ conn, dialect, versionTable: options.versionTable, revision: step.revision, direction: step.direction });
  const op = new Operations(sink, { revision: step.revision, transactional: module.transactional !== false, backfills, notify: log });
  const started = Date.now();
  let committing = false;

  if (transactional && !conn.inTransaction) await conn.begin();
  // A transaction opened ahead for this revision, which wants none: close it (it is empty).
  if (!transactional && conn.inTransaction) await conn.commit();
  try {
    const fn = step.path ? module[step.direction] : undefined;
    if (step.path && typeof fn !== 'function') throw new MigrationError(`${step.path} has no ${step.direction}() function`);
    try {
      if (fn) await (fn as (o: Operations) => Promise<void>)(op);
    } catch (e) {
      if (!(e instanceof IrreversibleError && step.direction === 'downgrade' && options.dataDowngrade === 'skip')) throw e;
      options.log?.(`Skipping the downgrade of ${step.revision}: ${e.message} (--data-downgrade=skip)`);
    }
    journaled?.finish();
    if (dialect.name === 'sqlite') await checkSqliteForeignKeys(conn);
    // Outside a transaction, the revision is still recorded in one, together with dropping its
    // backfill progress and its statement journal: a crash in between would either redo a
    // finished backfill or leave a stale "done" for the next time the revision runs.
    if (!transactional) await conn.begin();
    await backfills.complete();
    const bookkeeping = journaled?.recorded ? [run.journal.clearSql(step.revision, step.direction)] : [];
    const entry = { revision: step.revision, direction: step.direction, checksum: step.checksum ?? null, durationMs: Date.now() - started };
    const deferred = [...sink.takeDeferred(), ...bookkeeping];
    committing = true;
    if (dialect.name === 'postgresql' && more) {
      // This revision's last statements, its bookkeeping, its commit and the next revision's
      // BEGIN: one round trip.
      await versions.record(step.versionChanges, entry, ['COMMIT', 'BEGIN'], deferred);
    } else {
      await versions.record(step.versionChanges, entry, [], deferred);
      await conn.commit();
    }
  } catch (e) {
    let rolledBack = false;
    const lost = e instanceof ConnectionLostError;
    if (!transactional && conn.inTransaction) await conn.rollback().catch(() => undefined);
    if (transactional) {
      if (lost) rolledBack = true; // The transaction ended with the connection.
      else {
        try {
          await conn.rollback();
          rolledBack = true;
          // Statements sent together fail together: find which one it was.
          if (!recorder.current) await sink.findFailure();
        } catch {
          // The original error is what the user needs to see.
        }
      }
    }
    // Nothing of the revision took effect: there is nothing to resume, so no record to keep.
    if (journaled?.recorded && !journaled.resume && journaled.completed === 0 && !lost) {
      await conn.execute(run.journal.clearSql(step.revision, step.direction)).catch(() => undefined);
    }
    // The connection died while the COMMIT was on its way: a new connection tells whether it landed.
    let uncertainCommit = committing && lost;
    if (uncertainCommit && transactional) {
      const landed = await committedAfterAll(conn, dialect, options.versionTable, step);
      if (landed !== undefined) {
        uncertainCommit = false;
        if (landed) {
          done.push(step);
          throw new MigrationError(describeLostAfterCommit(step, e as Error, done));
        }
      }
    }
    throw new MigrationError(describeFailure({
      step, error: e as Error, recorder, rolledBack, done, journaled, committing: uncertainCommit, implicitDdlCommits: !dialect.transactionalDdl,
    }));
  }
}

/** Whether the step's version-table change is in the database (undefined: cannot tell). */
async function committedAfterAll(conn: Connection, dialect: Dialect, versionTable: string, step: PlannedStep): Promise<boolean | undefined> {
  if (!conn.reopen) return undefined;
  try {
    const fresh = await conn.reopen();
    try {
      const heads = new Set(await new VersionTable(fresh, dialect, versionTable).heads());
      // Each change of the step, as the version table shows it once committed.
      return step.versionChanges.every((c) =>
        c.kind === 'insert' ? heads.has(c.version) : c.kind === 'delete' ? !heads.has(c.version) : heads.has(c.to) && !heads.has(c.from));
    } finally {
      await fresh.close().catch(() => undefined);
    }
  } catch {
    return undefined;
  }
}

function describeLostAfterCommit(step: PlannedStep, error: Error, done: PlannedStep[]): string {
  return [
    `${step.direction === 'upgrade' ? 'Upgrade' : 'Downgrade'} ${step.revision} was committed, with its version-table row, just before ${error.message}.`,
    `  completed: ${done.map((s) => s.revision).join(', ')} (recorded in the version table)`,
    `  Run \`pmig ${step.direction}\` again (e.g. \`pmig upgrade head\`) to continue from there.`,
  ].join('\n');
}

interface Failure {
  step: PlannedStep;
  error: Error;
  recorder: StatementRecorder;
  rolledBack: boolean;
  done: PlannedStep[];
  journaled?: JournaledRevision;
  /** The connection was lost while the revision's COMMIT was on its way: it may have committed. */
  committing: boolean;
  implicitDdlCommits: boolean;
}

function describeFailure({ step, error, recorder, rolledBack, done, journaled, committing, implicitDdlCommits }: Failure): string {
  const lost = error instanceof ConnectionLostError;
  const lines = [`${step.direction === 'upgrade' ? 'Upgrade' : 'Downgrade'} ${step.revision} failed: ${error.message}`];
  if (recorder.current) lines.push(`  while running: ${oneLine(recorder.current)}`);
  if (done.length) lines.push(`  completed before it: ${done.map((s) => s.revision).join(', ')} (recorded in the version table)`);
  const again = `Run \`pmig ${step.direction}\` again`;
  if (error instanceof JournalMismatchError) {
    // Its message says what the database holds and what to do.
  } else if (committing) {
    lines.push(
      `  The connection was lost while ${step.revision} was being committed: it is either applied and recorded in the version table, or not at all.`,
      `  \`pmig current\` shows which. ${again} to continue.`,
    );
  } else if (rolledBack) {
    lines.push(
      lost
        ? `  ${step.revision} was rolled back: its transaction ended with the connection, so the database is at the last revision the version table records.`
        : `  ${step.revision} was rolled back; the version table records the last good revision.`,
    );
    if (lost) lines.push(`  ${again} (e.g. \`pmig upgrade head\`) to continue from there.`);
  } else if (journaled && !journaled.resume && journaled.completed === 0 && !(lost && recorder.current)) {
    lines.push(`  No statement of ${step.revision} had taken effect; the version table records the last good revision.`);
  } else if (journaled) {
    const k = journaled.completed;
    const running = recorder.current ? oneLine(recorder.current) : undefined;
    const last = recorder.statements.at(-1);
    const why = implicitDdlCommits ? 'MySQL commits DDL implicitly, so' : 'This revision ran outside a transaction, so';
    lines.push(
      `  ${why} each statement of ${step.revision} stays applied as it completes; it stopped after statement ${k}${last ? `: ${oneLine(last)}` : ''}` +
        ' (pmig recorded each statement as it completed).',
    );
    if (lost && running) lines.push(`  Statement ${k + 1} was running when the connection was lost; the next run finds out whether it took effect.`);
    lines.push(
      lost
        ? `  ${again} (e.g. \`pmig upgrade head\`): it resumes ${step.revision} from statement ${k + 1}.`
        : `  Once the cause is fixed, ${again.toLowerCase()}: it resumes ${step.revision} from statement ${k + 1} (after checking that the first ${k} are unchanged).`,
    );
  } else {
    const ran = recorder.statements.filter((s) => s !== recorder.current);
    lines.push(`  This revision ran outside a transaction, so these statements of ${step.revision} stayed applied: ${ran.length ? '' : 'none.'}`);
    for (const s of ran) lines.push(`    ${oneLine(s)}`);
    lines.push(`  The version table was not advanced past ${step.revision}: fix the database or the revision, then run again.`);
  }
  return lines.join('\n');
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function oneLine(sql: string): string {
  const flat = sql.replace(/\s+/g, ' ').trim();
  return flat.length > 300 ? `${flat.slice(0, 297)}...` : flat;
}
