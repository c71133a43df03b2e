/**
 * Opens a Connection for a URL. Drivers are loaded lazily, so a SQLite user never loads pg.
 */
import type { Connection, DialectName, Row } from './types';
import { DatabaseUrlError, dialectOfUrl, maskUrl, sqliteFilePath, urlSecrets } from './url';
import { redactSecrets, rememberUrlSecrets } from './redact';
import { checkSqliteDatabase, checkSqlitePath, serverConnectFailure } from './connect-errors';
import { ConnectionLostError, isLostMysqlConnection, isLostPostgresConnection } from './connection-lost';

export class ConnectionError extends Error {}

export interface ConnectOptions {
  /** Folder that relative SQLite paths resolve against (default: process.cwd()). */
  baseDir?: string;
  connectTimeoutMs?: number;
}

export async function connect(url: string, options: ConnectOptions = {}): Promise<Connection> {
  // Every message printed from here on masks this URL's password, drivers' messages included.
  rememberUrlSecrets(url);
  const dialect = dialectOfUrl(url);
  const displayUrl = maskUrl(url);
  try {
    let conn: Connection;
    if (dialect === 'postgresql') conn = await connectPostgres(url, displayUrl, options);
    else if (dialect === 'mysql') conn = await connectMysql(url, displayUrl, options);
    else return connectSqlite(sqliteFilePath(url, options.baseDir ?? process.cwd()), displayUrl);
    // After a lost connection, a new one can find out what became of the work in flight.
    return Object.assign(conn, { reopen: () => connect(url, { ...options, connectTimeoutMs: options.connectTimeoutMs ?? 5000 }) });
  } catch (e) {
    if (e instanceof DatabaseUrlError) throw e;
    const reason = dialect === 'sqlite' ? (e as Error).message : serverConnectFailure(e, url, dialect, options.connectTimeoutMs ?? 10000);
    throw new ConnectionError(redactSecrets(`Cannot connect to ${displayUrl}: ${reason}`, urlSecrets(url)));
  }
}

abstract class BaseConnection implements Connection {
  abstract readonly dialect: DialectName;
  inTransaction = false;
  constructor(readonly displayUrl: string) {}
  abstract query<T = Row>(sql: string, params?: unknown[]): Promise<T[]>;
  abstract execute(sql: string, params?: unknown[]): Promise<number>;
  abstract close(): Promise<void>;
  async begin(): Promise<void> {
    await this.execute(this.dialect === 'mysql' ? 'START TRANSACTION' : 'BEGIN');
    this.inTransaction = true;
  }
  async commit(): Promise<void> {
    this.inTransaction = false;
    await this.execute('COMMIT');
  }
  async rollback(): Promise<void> {
    this.inTransaction = false;
    await this.execute('ROLLBACK');
  }
}

/**
 * Turns the driver's errors for a dead connection into one ConnectionLostError, and fails every
 * later call at once with the same explanation (rather than "not queryable" on the ROLLBACK).
 */
class LostConnectionGuard {
  lost: ConnectionLostError | undefined;
  constructor(private readonly displayUrl: string, private readonly isLost: (e: unknown) => boolean) {}
  async call<T>(fn: () => Promise<T>): Promise<T> {
    if (this.lost) throw this.lost;
    try {
      return await fn();
    } catch (e) {
      if (!this.isLost(e)) throw e;
      this.lost = new ConnectionLostError(this.displayUrl, (e as Error).message || String((e as { code?: string }).code));
      throw this.lost;
    }
  }
}

async function connectPostgres(url: string, displayUrl: string, options: ConnectOptions): Promise<Connection> {
  const { Client, types } = await import('pg');
  // BIGINT (int8) as string would surprise nobody, but counts and ids compare more easily as numbers
  // when they fit; keep values exact by only converting safe integers.
  types.setTypeParser(20, (v: string) => {
    const n = Number(v);
    return Number.isSafeInteger(n) ? n : v;
  });
  // application_name (unless the URL sets one) lets a run waiting for the migration lock name its holder.
  const client = new Client({ connectionString: url, connectionTimeoutMillis: options.connectTimeoutMs ?? 10000, application_name: 'pmig' });
  await client.connect();
  // Prisma's `?schema=` names the PostgreSQL schema to work in; pg itself ignores the parameter.
  const schema = new URL(url).searchParams.get('schema');
  if (schema) await client.query(`SET search_path TO "${schema.replace(/"/g, '""')}"`);
  // A server that dies mid-run must not crash the process with an unhandled 'error' event.
  client.on('error', () => undefined);
  class PgConnection extends BaseConnection {
    readonly dialect = 'postgresql' as const;
    private readonly guard = new LostConnectionGuard(displayUrl, isLostPostgresConnection);
    async query<T = Row>(sql: string, params?: unknown[]): Promise<T[]> {
      return this.guard.call(async () => (await client.query(sql, params as unknown[])).rows as T[]);
    }
    async execute(sql: string, params?: unknown[]): Promise<number> {
      return this.guard.call(async () => (await client.query(sql, params as unknown[])).rowCount ?? 0);
    }
    async close(): Promise<void> {
      if (this.guard.lost) return;
      await client.end();
    }
  }
  return new PgConnection(displayUrl);
}

async function connectMysql(url: string, displayUrl: string, options: ConnectOptions): Promise<Connection> {
  const mysql = await import('mysql2/promise');
  const conn = await mysql.createConnection({
    uri: url.replace(/^mariadb:/i, 'mysql:'),
    connectTimeout: options.connectTimeoutMs ?? 10000,
    multipleStatements: false,
    dateStrings: false,
    supportBigNumbers: true,
    // Shown in performance_schema.session_connect_attrs, where a waiting run looks for the lock's holder.
    connectAttributes: { program_name: 'pmig' },
  });
  conn.on('error', () => undefined);
  class MysqlConnection extends BaseConnection {
    readonly dialect = 'mysql' as const;
    private readonly guard = new LostConnectionGuard(displayUrl, isLostMysqlConnection);
    async query<T = Row>(sql: string, params?: unknown[]): Promise<T[]> {
      // query(), not execute(): prepared statements cannot run most DDL in MySQL.
      const [rows] = await this.guard.call(() => conn.query(sql, params));
      return (Array.isArray(rows) ? rows : []) as T[];
    }
    async execute(sql: string, params?: unknown[]): Promise<number> {
      const [result] = await this.guard.call(() => conn.query(sql, params));
      return (result as { affectedRows?: number }).affectedRows ?? 0;
    }
    async close(): Promise<void> {
      if (this.guard.lost) {
        conn.destroy();
        return;
      }
      await conn.end();
    }
  }
  return new MysqlConnection(displayUrl);
}

function connectSqlite(file: string, displayUrl: string): Connection {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const Database = require('better-sqlite3') as typeof import('better-sqlite3');
  checkSqlitePath(file);
  const db = new Database(file, { timeout: 60000 });
  try {
    checkSqliteDatabase(file, () => db.prepare('SELECT count(*) FROM sqlite_master').get());
  } catch (e) {
    db.close();
    throw e;
  }
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 60000');
  class SqliteConnection extends BaseConnection {
    readonly dialect = 'sqlite' as const;
    readonly file = file;
    async query<T = Row>(sql: string, params: unknown[] = []): Promise<T[]> {
      return sqliteCall(() => {
        const stmt = db.prepare(sql);
        if (!stmt.reader) {
          stmt.run(...sqliteParams(params));
          return [];
        }
        return stmt.all(...sqliteParams(params)) as T[];
      });
    }
    async execute(sql: string, params: unknown[] = []): Promise<number> {
      return sqliteCall(() => {
        if (!params.length && !/^\s*(insert|update|delete|replace)\b/i.test(sql)) {
          // exec() accepts several statements and statements that prepare() refuses (e.g. BEGIN IMMEDIATE).
          db.exec(sql);
          return 0;
        }
        return db.prepare(sql).run(...sqliteParams(params)).changes;
      });
    }
    async begin(): Promise<void> {
      // IMMEDIATE takes the write lock at once, so two runs cannot both read the version table
      // and then both write.
      db.exec('BEGIN IMMEDIATE');
      this.inTransaction = true;
    }
    async close(): Promise<void> {
      db.close();
    }
  }
  return new SqliteConnection(displayUrl);
}

/**
 * better-sqlite3 builds its errors from the Error class of whichever copy of the module first
 * loaded the native addon; rethrowing a plain Error of ours (keeping SQLite's code) keeps
 * `instanceof Error` true wherever pmig runs (test runners load modules once per file).
 */
function sqliteCall<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    const err = e as { message?: string; code?: string };
    throw Object.assign(new Error(err.message ?? String(e)), { code: err.code });
  }
}

/** better-sqlite3 binds numbers, strings, bigints, buffers and null; map the rest. */
function sqliteParams(params: unknown[]): unknown[] {
  return params.map((p) => {
    if (p === undefined) return null;
    if (typeof p === 'boolean') return p ? 1 : 0;
    if (p instanceof Date) return p.toISOString();
    if (p !== null && typeof p === 'object' && !Buffer.isBuffer(p)) return JSON.stringify(p);
    return p;
  });
}
