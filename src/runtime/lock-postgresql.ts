/**
 * PostgreSQL's run lock: a session advisory lock keyed by the version table's name. pg_locks and
 * pg_stat_activity say which backend holds it (pmig's own connections carry application_name=pmig).
 */
import type { Connection } from '../db/types';
import type { RunLock } from './lock';

/** A stable 32-bit key for pg_advisory_lock (the same key every pmig version has used). */
function advisoryKey(name: string): number {
  let h = 0x811c9dc5;
  for (const ch of Buffer.from(`pmig:${name}`)) {
    h ^= ch;
    h = Math.imul(h, 0x01000193);
  }
  return h | 0;
}

interface HolderRow {
  pid: number;
  application_name: string | null;
  usename: string | null;
  client_addr: string | null;
  backend_start: Date | null;
  state: string | null;
}

export async function advisoryLock(conn: Connection, versionTable: string): Promise<RunLock> {
  const key = advisoryKey(versionTable);
  // pg_locks shows a bigint advisory key as its high and low 32 bits (classid, objid), objsubid 1.
  const unsigned = BigInt.asUintN(64, BigInt(key));
  const classid = String(unsigned >> 32n);
  const objid = String(unsigned & 0xffffffffn);
  return {
    name: `PostgreSQL advisory lock ${key}, "pmig:${versionTable}"`,
    async tryAcquire() {
      const [{ got }] = await conn.query<{ got: boolean }>('SELECT pg_try_advisory_lock($1) AS got', [key]);
      return got;
    },
    async holder() {
      const rows = await conn.query<HolderRow>(
        `SELECT a.pid, a.application_name, a.usename, host(a.client_addr) AS client_addr, a.backend_start, a.state
           FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
          WHERE l.locktype = 'advisory' AND l.granted AND l.classid = $1::oid AND l.objid = $2::oid AND l.objsubid = 1
            AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
        [classid, objid],
      );
      if (!rows.length) return 'another connection (it has just released it)';
      const h = rows[0];
      const details = [
        `application ${h.application_name ? `'${h.application_name}'` : 'unnamed'}`,
        h.usename ? `user ${h.usename}` : undefined,
        `from ${h.client_addr ?? 'a local socket'}`,
        h.backend_start ? `connected since ${new Date(h.backend_start).toISOString()}` : undefined,
        h.state ? `now ${h.state}` : undefined,
      ].filter(Boolean);
      return `backend pid ${h.pid} (${details.join(', ')})`;
    },
    async release() {
      await conn.query('SELECT pg_advisory_unlock($1)', [key]);
    },
  };
}
