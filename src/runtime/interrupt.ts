/**
 * Stopping a run on request (SIGINT, SIGTERM, or an AbortSignal of a programmatic caller): the run
 * stops between revisions, never inside one, and says where the database is. This module holds what
 * the runtime and the API need; src/commands/signals.ts turns process signals into the request.
 */

/** Exit codes of a process stopped by a signal, as shells report them (128 + signal number). */
const EXIT_CODES: Record<string, number> = { SIGINT: 130, SIGTERM: 143 };

/** The exit code for an abort reason: 143 for SIGTERM, else 130 (as Ctrl-C). */
export function stopExitCode(reason: unknown): number {
  return EXIT_CODES[String(reason)] ?? 130;
}

/** The run stopped because it was asked to; `exitCode` is the one a shell expects for the signal. */
export class RunStoppedError extends Error {
  constructor(message: string, readonly exitCode: number) {
    super(message);
  }
}

/** Thrown while pmig was still waiting for the migration lock: nothing ran. */
export class StoppedWaitingError extends RunStoppedError {}

/** Throws when a stop was requested while waiting for the migration lock. */
export function throwIfStoppedWaiting(signal: AbortSignal | undefined): void {
  if (signal?.aborted) {
    throw new StoppedWaitingError('stopped while waiting for the migration lock: nothing was run.', stopExitCode(signal.reason));
  }
}

/** Resolves after `ms`, or as soon as `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
