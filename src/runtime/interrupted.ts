/**
 * What pmig says about a revision the statement journal records as in progress: "revision X was
 * interrupted after statement k of n: ...", and what to do about it. `n` is found by running the
 * revision's function with a sink that renders its operations offline; a revision whose statements
 * depend on the database (it reads, or backfills) has no `n`.
 */
import type { Connection } from '../db/types';
import type { Dialect } from '../ddl/types';
import { loadModule } from '../script/loader';
import { Operations } from '../operations/operations';
import { offlineBackfills } from './backfill';
import { OfflineSink } from './sinks';
import { StatementJournal, type InterruptedStep } from './statement-journal';

/**
 * The number of statements a revision emits, found by running its function against a sink that
 * renders each operation offline, as `--sql` does. It never touches the database: `pmig current`
 * and a refused run must not run a revision's reads (or waits) on the live database, so a revision
 * that reads (op.query, or operations that need the live table) has no count.
 */
export async function statementCount(
  module: Record<string, unknown>, direction: 'upgrade' | 'downgrade', revision: string, dialect: Dialect,
): Promise<number | undefined> {
  const fn = module[direction];
  if (typeof fn !== 'function') return undefined;
  let n = 0;
  try {
    const sink = new OfflineSink(dialect, () => void n++, revision);
    await (fn as (op: Operations) => Promise<void>)(
      new Operations(sink, { revision, transactional: module.transactional !== false, backfills: offlineBackfills(revision) }),
    );
    return n;
  } catch {
    return undefined;
  }
}

/** "revision X (upgrade) was interrupted after statement k of n: <statement>", plus the one that was running. */
export function describeInterruption(step: InterruptedStep, total: number | undefined): string {
  // A revision that now emits fewer statements than completed has no meaningful "of n".
  const of = total !== undefined && total >= step.done ? ` of ${total}` : '';
  const what = `revision ${step.revision}${step.direction === 'downgrade' ? ' (downgrade)' : ''} was interrupted after statement ${step.done}${of}`;
  let line = step.done > 0 && step.lastStatement ? `${what}: ${step.lastStatement}` : `${what} (none of its statements had completed)`;
  if (step.started > step.done && step.runningStatement) {
    line += `\n  statement ${step.started} was running when it stopped and may have taken effect: ${step.runningStatement}`;
  }
  return line;
}

/** How to finish an interrupted step. */
export function howToFinish(step: InterruptedStep): string {
  return step.direction === 'upgrade'
    ? `\`pmig upgrade ${step.revision}\` (or any upgrade that includes it) resumes it from statement ${step.done + 1}`
    : `\`pmig downgrade ${step.revision}-1\` resumes its downgrade from statement ${step.done + 1}`;
}

/** Why a run that does not include the interrupted step must not start. */
export class InterruptedRevisionError extends Error {}

export function refuseMessage(step: InterruptedStep, total: number | undefined): string {
  return (
    `Nothing was run: ${describeInterruption(step, total)}.\n` +
    `  Finish it first: ${howToFinish(step)}.\n` +
    '  If you finished or undid its statements by hand instead, record where the database is with `pmig stamp <revision>`, which clears this record.'
  );
}

export interface InterruptionReport {
  revision: string;
  direction: 'upgrade' | 'downgrade';
  /** Statements completed. */
  done: number;
  /** Statements the revision emits, when known without running it. */
  total?: number;
  /** done + 1 when that statement was running as the run stopped (it may have taken effect). */
  running?: number;
  /** "revision X was interrupted after statement k of n: ..." and how to finish it. */
  message: string;
}

/** The revisions the statement journal records as in progress, described for `pmig current`. */
export async function interruptionReports(
  conn: Connection, dialect: Dialect, versionTable: string, fileOf: (revision: string) => { path: string; checksum: string } | undefined,
): Promise<InterruptionReport[]> {
  const records = await new StatementJournal(conn, dialect, versionTable).all();
  const reports: InterruptionReport[] = [];
  for (const record of records) {
    const file = fileOf(record.revision);
    let total: number | undefined;
    if (file) {
      try {
        total = await statementCount(loadModule(file.path, undefined, file.checksum), record.direction, record.revision, dialect);
      } catch {
        // A revision that no longer loads still gets reported, without its count.
      }
    }
    reports.push({
      revision: record.revision,
      direction: record.direction,
      done: record.done,
      ...(total !== undefined ? { total } : {}),
      ...(record.started > record.done ? { running: record.started } : {}),
      message: `${describeInterruption(record, total)}\n  ${capitalize(howToFinish(record))}.`,
    });
  }
  return reports;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
