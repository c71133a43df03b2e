/**
 * SQLite's run lock: an exclusive lock on a small file beside the database, `<database>-pmig-lock`,
 * held by a second SQLite connection for the whole run. The database file itself cannot hold a lock
 * across the run, because each revision commits on its own. The OS drops the lock when the process
 * dies; the file stays (deleting a lock file others may be waiting on would let two runs in).
 * SQLite cannot tell which process holds a lock.
 */
import type { Connection } from '../db/types';
import type { RunLock } from './lock';

export async function sidecarFileLock(conn: Connection, _versionTable: string, timeoutSeconds: number): Promise<RunLock | undefined> {
  // Other writers (the application) get as long as other runs before "database is locked".
  await conn.execute(`PRAGMA busy_timeout = ${Math.round(timeoutSeconds * 1000)}`);
  // An in-memory database belongs to this process alone.
  if (!conn.file || conn.file === ':memory:') return undefined;
  const path = `${conn.file}-pmig-lock`;
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const Database = require('better-sqlite3') as typeof import('better-sqlite3');
  let db: import('better-sqlite3').Database;
  try {
    db = new Database(path, { timeout: 0 });
  } catch (e) {
    throw new Error(`Cannot open the migration lock file ${path}: ${(e as Error).message}`);
  }
  let held = false;
  return {
    name: `SQLite lock file ${path}`,
    async tryAcquire() {
      try {
        db.exec('BEGIN EXCLUSIVE');
        held = true;
        return true;
      } catch (e) {
        if ((e as { code?: string }).code === 'SQLITE_BUSY') return false;
        throw new Error(`Cannot lock ${path}: ${(e as Error).message}`);
      }
    },
    async holder() {
      return 'another process (SQLite cannot tell which)';
    },
    abandon() {
      db.close();
    },
    async release() {
      try {
        if (held) db.exec('ROLLBACK');
      } finally {
        held = false;
        db.close();
      }
    },
  };
}
