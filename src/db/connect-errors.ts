/**
 * Why a connection could not be made, in words that point at the fix: a server that never answers
 * is named by host and port with the time waited; a SQLite path whose folder is missing, that is a
 * folder, or whose file is not a database is named by its path. Messages never carry the URL's
 * password: they name host, port and paths only.
 */
import { existsSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DialectName } from './types';

const DEFAULT_PORTS: Partial<Record<DialectName, number>> = { postgresql: 5432, mysql: 3306 };
const SERVER_NAMES: Partial<Record<DialectName, string>> = { postgresql: 'PostgreSQL', mysql: 'MySQL/MariaDB' };

/** `host:port` of a server URL, or undefined when the URL does not parse. */
export function serverAddress(url: string, dialect: DialectName): string | undefined {
  try {
    const parsed = new URL(url.replace(/^mariadb:/i, 'mysql:'));
    if (!parsed.hostname) return undefined;
    return `${parsed.hostname}:${parsed.port || DEFAULT_PORTS[dialect] || '?'}`;
  } catch {
    return undefined;
  }
}

function isTimeout(err: { message?: string; code?: string }): boolean {
  return err.code === 'ETIMEDOUT' || /timeout expired|timed? ?out|connection timeout/i.test(err.message ?? '');
}

/** The reason shown after "Cannot connect to <masked url>: " for a server database. */
export function serverConnectFailure(err: unknown, url: string, dialect: DialectName, timeoutMs: number): string {
  const e = err as { message?: string; code?: string };
  const address = serverAddress(url, dialect);
  if (isTimeout(e)) {
    return (
      `no answer from ${address ?? 'the server'} within ${Math.round(timeoutMs / 100) / 10} s. ` +
      `Check the host and port, and that a ${SERVER_NAMES[dialect] ?? dialect} server (not another service) listens there.`
    );
  }
  if (e.code === 'ECONNREFUSED') return `nothing listens on ${address ?? 'the server'} (connection refused). Is the server running, and is the port right?`;
  if (e.code === 'ENOTFOUND' || e.code === 'EAI_AGAIN') return `host ${address?.replace(/:[^:]*$/, '') ?? ''} not found (${e.code}).`;
  return e.message || String(e.code ?? err);
}

/** Throws when a SQLite file cannot be opened or created at `file`, naming the path and why. */
export function checkSqlitePath(file: string): void {
  if (file === ':memory:' || file === '') return;
  const folder = dirname(file);
  if (!existsSync(folder)) {
    throw new Error(`the folder ${folder} does not exist, so the SQLite database ${file} cannot be created there. Create the folder or correct the path.`);
  }
  if (existsSync(file) && statSync(file).isDirectory()) {
    throw new Error(`${file} is a folder, not a SQLite database file.`);
  }
}

/** Reads the file's header through `probe`; a file that is not a database gets its path named. */
export function checkSqliteDatabase(file: string, probe: () => void): void {
  try {
    probe();
  } catch (e) {
    const err = e as { code?: string; message?: string };
    if (err.code === 'SQLITE_NOTADB' || /not a database/i.test(err.message ?? '')) {
      throw new Error(`${file} is not a SQLite database (${err.message}). Check the path in the URL.`);
    }
    throw e;
  }
}
