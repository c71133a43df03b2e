/**
 * One lock for a whole run, so that two `pmig upgrade head` at once apply each revision once:
 * the second waits, then finds nothing to do. Each database has its own kind of lock (below); all
 * are released by the database or the OS when the holder dies, so a killed run never leaves one.
 *
 * Waiting polls the lock instead of blocking on it, so that a run waiting for the lock still
 * answers Ctrl-C, can say after a couple of seconds who holds the lock, and gives up after
 * `timeoutSeconds` with a message naming the lock and its holder.
 */
import type { Connection } from '../db/types';
import { DEFAULT_LOCK_TIMEOUT_SECONDS } from '../config/lock-timeout';
import { sleep, throwIfStoppedWaiting } from './interrupt';
import { advisoryLock } from './lock-postgresql';
import { namedLock } from './lock-mysql';
import { sidecarFileLock } from './lock-sqlite';

export class LockTimeoutError extends Error {}

export interface RunLockOptions {
  /** Seconds to wait for a lock another run holds; 0 gives up at once. Default: 600. */
  timeoutSeconds?: number;
  /** Told once, after about two seconds of waiting, who holds the lock. */
  log?(line: string): void;
  /** Aborting ends the wait with a StoppedWaitingError (SIGINT/SIGTERM while waiting). */
  signal?: AbortSignal;
}

/** One database's run lock. */
export interface RunLock {
  /** The lock's name in messages. */
  readonly name: string;
  /** Takes the lock if it is free; never waits. */
  tryAcquire(): Promise<boolean>;
  /** Who holds the lock, as far as the database can tell. */
  holder(): Promise<string>;
  release(): Promise<void>;
  /** Frees what a lock that was never taken still holds (SQLite: its lock file's connection). */
  abandon?(): void;
}

/** After this long, one line says that pmig waits and for whom. */
const WAIT_NOTICE_MS = 2000;
const POLL_MS = 100;

const runLocks: Record<Connection['dialect'], (conn: Connection, versionTable: string, timeoutSeconds: number) => Promise<RunLock | undefined>> = {
  postgresql: advisoryLock,
  mysql: namedLock,
  sqlite: sidecarFileLock,
};

/** Takes the run lock, waiting up to the timeout; returns the function that releases it. */
export async function acquireRunLock(conn: Connection, versionTable: string, options: RunLockOptions = {}): Promise<() => Promise<void>> {
  const timeoutSeconds = options.timeoutSeconds ?? DEFAULT_LOCK_TIMEOUT_SECONDS;
  throwIfStoppedWaiting(options.signal);
  const lock = await runLocks[conn.dialect](conn, versionTable, timeoutSeconds);
  if (!lock) return async () => undefined;
  try {
    return await waitFor(lock, conn, timeoutSeconds, options);
  } catch (e) {
    lock.abandon?.();
    throw e;
  }
}

async function waitFor(lock: RunLock, conn: Connection, timeoutSeconds: number, options: RunLockOptions): Promise<() => Promise<void>> {
  const started = Date.now();
  const deadline = started + timeoutSeconds * 1000;
  let told = false;
  for (;;) {
    if (await lock.tryAcquire()) {
      return async () => {
        // A connection that is gone took its lock with it; the original error matters more.
        await lock.release().catch(() => undefined);
      };
    }
    const now = Date.now();
    if (now >= deadline) {
      throw new LockTimeoutError(
        `Gave up after ${timeoutSeconds} s waiting for the migration lock (${lock.name}) on ${conn.displayUrl}, held by ${await lock.holder()}. ` +
          'Nothing was run. Wait for that run to finish (or stop it), or give a longer --lock-timeout.',
      );
    }
    if (!told && now - started >= WAIT_NOTICE_MS) {
      told = true;
      options.log?.(`waiting for the migration lock held by ${await lock.holder()} (giving up after ${timeoutSeconds} s)`);
    }
    await sleep(Math.min(POLL_MS, deadline - now), options.signal);
    throwIfStoppedWaiting(options.signal);
  }
}
