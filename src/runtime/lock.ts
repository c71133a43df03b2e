/**
 * One lock for a whole run, so that two `pmig upgrade head` at once apply each revision once:
 * the second waits, then finds nothing to do.
 * - PostgreSQL: a session advisory lock keyed by the version table's name.
 * - MySQL/MariaDB: GET_LOCK, named after the database and the version table.
 * - SQLite: the runtime holds a write transaction (BEGIN IMMEDIATE) for the run; see migrator.
 */
import type { Connection } from '../db/types';

export class LockTimeoutError extends Error {}

/** A stable 32-bit key for pg_advisory_lock. */
function advisoryKey(name: string): number {
  let h = 0x811c9dc5;
  for (const ch of Buffer.from(`pmig:${name}`)) {
    h ^= ch;
    h = Math.imul(h, 0x01000193);
  }
  return h | 0;
}

export async function acquireRunLock(conn: Connection, versionTable: string, timeoutSeconds = 600): Promise<() => Promise<void>> {
  if (conn.dialect === 'postgresql') {
    const key = advisoryKey(versionTable);
    await conn.query(`SET lock_timeout = '${timeoutSeconds}s'`);
    await conn.query('SELECT pg_advisory_lock($1)', [key]);
    await conn.query('SET lock_timeout = 0');
    return async () => {
      await conn.query('SELECT pg_advisory_unlock($1)', [key]);
    };
  }
  if (conn.dialect === 'mysql') {
    const [{ db }] = await conn.query<{ db: string }>('SELECT DATABASE() AS db');
    // GET_LOCK names are at most 64 characters.
    const name = `pmig:${db}:${versionTable}`.slice(0, 64);
    const [{ got }] = await conn.query<{ got: number | null }>('SELECT GET_LOCK(?, ?) AS got', [name, timeoutSeconds]);
    if (got !== 1) throw new LockTimeoutError(`Another pmig run holds the migration lock on ${conn.displayUrl}; gave up after ${timeoutSeconds}s.`);
    return async () => {
      await conn.query('SELECT RELEASE_LOCK(?)', [name]);
    };
  }
  return async () => undefined;
}
