/**
 * A connection that died under a run (the server restarted, an administrator ran
 * pg_terminate_backend or KILL, the network dropped) is told apart from an SQL error, so that the
 * runtime can say what happened to the revision in progress instead of passing on the driver's
 * "Client has encountered a connection error and is not queryable" or "read ECONNRESET".
 */

export class ConnectionLostError extends Error {
  constructor(readonly displayUrl: string, readonly detail: string) {
    super(`the connection to ${displayUrl} was lost (${detail})`);
  }
}

/** Socket-level failures, whatever the driver. */
const SOCKET_CODES = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNREFUSED']);

/**
 * PostgreSQL: class 57P (operator intervention: pg_terminate_backend, shutdown) and class 08
 * (connection exception), or pg's own messages once the socket is gone.
 */
export function isLostPostgresConnection(e: unknown): boolean {
  const err = e as { code?: string; message?: string };
  if (!err || typeof err !== 'object') return false;
  if (err.code && (/^57P0[123]$/.test(err.code) || /^08/.test(err.code) || SOCKET_CODES.has(err.code))) return true;
  return /Connection terminated|not queryable|terminating connection|server closed the connection/i.test(err.message ?? '');
}

/**
 * MySQL/MariaDB: mysql2 marks errors after which the connection is unusable as `fatal`; KILL of
 * the connection reaches the statement in flight as ER_CONNECTION_KILLED (1927, MariaDB) or
 * ER_SERVER_SHUTDOWN (1053).
 */
export function isLostMysqlConnection(e: unknown): boolean {
  const err = e as { code?: string; errno?: number; fatal?: boolean; message?: string };
  if (!err || typeof err !== 'object') return false;
  if (err.fatal === true) return true;
  if (err.errno === 1927 || err.errno === 1053) return true;
  if (err.code && (err.code === 'PROTOCOL_CONNECTION_LOST' || SOCKET_CODES.has(err.code))) return true;
  return /connection is in closed state|Connection lost/i.test(err.message ?? '');
}
