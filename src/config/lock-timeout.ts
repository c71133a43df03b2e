/** How long a run waits for the migration lock: `--lock-timeout` or the `lockTimeout` config key. */

export const DEFAULT_LOCK_TIMEOUT_SECONDS = 600;

export class LockTimeoutValueError extends Error {}

/**
 * Seconds as a finite number ≥ 0 (fractions allowed); `what` names where the value came from
 * (e.g. "--lock-timeout", "lockTimeout in pmig.config.ts") for the message.
 */
export function parseLockTimeout(value: unknown, what: string): number {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n) || n < 0) {
    throw new LockTimeoutValueError(
      `${what} must be a number of seconds, 0 or more (0 gives up at once if another run holds the lock); got ${JSON.stringify(value) ?? String(value)}.`,
    );
  }
  return n;
}
