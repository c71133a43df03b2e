/**
 * MySQL/MariaDB's run lock: GET_LOCK, named after the database and the version table (lock names
 * are server-wide). IS_USED_LOCK names the holder's connection, the process list says who it is;
 * where performance_schema records connection attributes, pmig's connections show program_name=pmig.
 */
import type { Connection } from '../db/types';
import type { RunLock } from './lock';

interface ProcessRow {
  USER: string | null;
  HOST: string | null;
  COMMAND: string | null;
  TIME: number | null;
}

export async function namedLock(conn: Connection, versionTable: string): Promise<RunLock> {
  const [{ db }] = await conn.query<{ db: string }>('SELECT DATABASE() AS db');
  // GET_LOCK names are at most 64 characters.
  const name = `pmig:${db}:${versionTable}`.slice(0, 64);
  return {
    name: `MySQL named lock '${name}'`,
    async tryAcquire() {
      const [{ got }] = await conn.query<{ got: number | null }>('SELECT GET_LOCK(?, 0) AS got', [name]);
      return Number(got) === 1;
    },
    async holder() {
      const [{ id }] = await conn.query<{ id: number | null }>('SELECT IS_USED_LOCK(?) AS id', [name]);
      if (id === null) return 'another connection (it has just released it)';
      const [p] = await conn.query<ProcessRow>('SELECT USER, HOST, COMMAND, TIME FROM information_schema.PROCESSLIST WHERE ID = ?', [id]);
      const program = await programName(conn, id);
      const details = [
        program ? `program '${program}'` : undefined,
        p?.USER ? `user ${p.USER}${p.HOST ? ` from ${p.HOST}` : ''}` : undefined,
        p && p.TIME !== null ? `${p.COMMAND === 'Sleep' ? 'idle' : `running (${p.COMMAND})`} for ${p.TIME} s` : undefined,
      ].filter(Boolean);
      return `connection ${id}${details.length ? ` (${details.join(', ')})` : ''}`;
    },
    async release() {
      await conn.query('SELECT RELEASE_LOCK(?)', [name]);
    },
  };
}

/** The connection's program_name attribute, where performance_schema keeps them (off by default on MariaDB). */
async function programName(conn: Connection, id: number): Promise<string | undefined> {
  try {
    const rows = await conn.query<{ v: string }>(
      "SELECT ATTR_VALUE AS v FROM performance_schema.session_connect_attrs WHERE PROCESSLIST_ID = ? AND ATTR_NAME = 'program_name'",
      [id],
    );
    return rows[0]?.v;
  } catch {
    return undefined;
  }
}
