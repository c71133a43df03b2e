/**
 * SIGINT and SIGTERM for the commands that change the database (upgrade, downgrade, stamp). The
 * first signal asks the run to stop after the revision in progress (an AbortSignal the runtime
 * checks between revisions and while waiting for the lock); the run then releases the lock, closes
 * its connection and says where the database is, and the process exits 130 (SIGINT) or 143
 * (SIGTERM). A second signal stops the process at once and says what that leaves.
 *
 * An open confirmation prompt is cut short too: it receives the same AbortSignal and answers no.
 */
import type { RunningStep } from '../api/migrate';
import { RunStoppedError, stopExitCode } from '../runtime/interrupt';

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

export interface SignalWatch {
  readonly signal: AbortSignal;
  /** The revision that has just started, or undefined once it committed (for the message of a second signal). */
  running(step: RunningStep | undefined): void;
}

/** Whether a stoppable run has the signals now (else the idle handler below answers them). */
let runActive = false;

/**
 * Installed by the CLI entry before anything loads: a signal while no run is stoppable (start-up,
 * read-only commands, closing down after the run) stops at once, saying so, with the signal's
 * exit code. No revision is running then (adopt and import may have written revision files).
 */
export function stopAtOnceWhenIdle(): void {
  const onSignal = (name: NodeJS.Signals) => {
    if (runActive) return;
    process.stderr.write(`Stopped (${name}) while no revision was running; \`pmig current\` shows where the database is.\n`);
    process.exit(stopExitCode(name));
  };
  for (const s of SIGNALS) process.on(s, onSignal);
}

/**
 * Runs `fn` with SIGINT/SIGTERM turned into a stop request; a RunStoppedError becomes its message
 * on stderr and the signal's exit code. `work` names what finishes before the stop ("the revision
 * in progress").
 */
export async function stoppable<T>(
  io: { info(line: string): void; exit(code: number): never },
  work: string,
  fn: (watch: SignalWatch) => Promise<T>,
): Promise<T> {
  const controller = new AbortController();
  let current: RunningStep | undefined;
  const onSignal = (name: NodeJS.Signals) => {
    if (!controller.signal.aborted) {
      io.info(`Received ${name}: pmig stops after ${work}, then says where the database is. ${name === 'SIGINT' ? 'Press Ctrl-C again' : 'Send it again'} to stop at once.`);
      controller.abort(name);
      return;
    }
    io.info(immediateStopMessage(name, current));
    process.exit(stopExitCode(name));
  };
  for (const s of SIGNALS) process.on(s, onSignal);
  runActive = true;
  try {
    return await fn({ signal: controller.signal, running: (step) => (current = step) });
  } catch (e) {
    if (e instanceof RunStoppedError) {
      io.info(e.message);
      io.exit(e.exitCode);
    }
    throw e;
  } finally {
    runActive = false;
    for (const s of SIGNALS) process.off(s, onSignal);
  }
}

/** What stopping at once leaves: the database's own rollback, or a revision cut part-way. */
function immediateStopMessage(name: string, step: RunningStep | undefined): string {
  const head = `Stopped at once (${name}).`;
  if (!step) return `${head} No revision was running: the database is at the last revision that completed; \`pmig current\` shows it.`;
  const what = `${step.direction} of ${step.revision}`;
  if (step.inTransaction) {
    return `${head} The ${what} was in progress: its transaction dies with the connection, so the database rolls it back ` +
      'and stays at the revision before it. Run the command again to continue.';
  }
  return `${head} The ${what} was in progress outside a transaction (the database commits DDL as it goes), so it is ` +
    'interrupted part-way: what it completed stays applied. `pmig current --verbose` and the next run say how far it got.';
}
