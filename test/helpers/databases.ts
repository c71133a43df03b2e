/**
 * Real databases for tests: each call makes a uniquely named database (or SQLite file) and
 * returns its URL and a drop function. PostgreSQL at 127.0.0.1:5432 (user postgres, trust),
 * MariaDB/MySQL at 127.0.0.1:3306 (root, empty password), SQLite files in a temp folder.
 *
 * In CI (CI=true) a server that cannot be reached fails the tests; elsewhere the tests for that
 * database are skipped and a line says so.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from '../../src/db/connect';
import type { Connection, DialectName } from '../../src/db/types';

export const PG_ADMIN_URL = process.env.PMIG_TEST_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
export const MYSQL_ADMIN_URL = process.env.PMIG_TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/mysql';

export const ALL_DIALECTS: DialectName[] = ['postgresql', 'mysql', 'sqlite'];

export interface TestDatabase {
  dialect: DialectName;
  url: string;
  /** For SQLite: the file path. For servers: the database name. */
  name: string;
  drop(): Promise<void>;
}

function uniqueName(): string {
  return `pmig_t_${process.pid}_${randomBytes(4).toString('hex')}`;
}

function withDatabase(adminUrl: string, db: string): string {
  const u = new URL(adminUrl);
  u.pathname = `/${db}`;
  return u.toString();
}

const reachability = new Map<DialectName, Promise<string | null>>();

/** null when reachable, else the reason. */
export function serverProblem(dialect: DialectName): Promise<string | null> {
  if (dialect === 'sqlite') return Promise.resolve(null);
  let p = reachability.get(dialect);
  if (!p) {
    p = (async () => {
      try {
        if (dialect === 'postgresql') {
          const { Client } = await import('pg');
          const c = new Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 3000 });
          await c.connect();
          await c.end();
        } else {
          const mysql = await import('mysql2/promise');
          const c = await mysql.createConnection({ uri: MYSQL_ADMIN_URL, connectTimeout: 3000 });
          await c.end();
        }
        return null;
      } catch (e) {
        return (e as Error).message;
      }
    })();
    reachability.set(dialect, p);
  }
  return p;
}

export async function createTestDatabase(dialect: DialectName): Promise<TestDatabase> {
  const name = uniqueName();
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'pmig-test-'));
    const file = join(dir, `${name}.db`);
    return { dialect, url: `file:${file}`, name: file, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  if (dialect === 'postgresql') {
    const { Client } = await import('pg');
    const admin = new Client({ connectionString: PG_ADMIN_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
    await admin.end();
    return {
      dialect, name, url: withDatabase(PG_ADMIN_URL, name),
      drop: async () => {
        const a = new Client({ connectionString: PG_ADMIN_URL });
        await a.connect();
        await a.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        await a.end();
      },
    };
  }
  const mysql = await import('mysql2/promise');
  const admin = await mysql.createConnection({ uri: MYSQL_ADMIN_URL });
  await admin.query(`CREATE DATABASE \`${name}\``);
  await admin.end();
  return {
    dialect, name, url: withDatabase(MYSQL_ADMIN_URL, name),
    drop: async () => {
      const a = await mysql.createConnection({ uri: MYSQL_ADMIN_URL });
      await a.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await a.end();
    },
  };
}

/** Dialects whose server globalSetup found unreachable (outside CI), with the reason. */
export function unreachableDialects(): Map<string, string> {
  const raw = process.env.PMIG_TEST_UNREACHABLE;
  return new Map(raw ? (JSON.parse(raw) as [string, string][]) : []);
}

/**
 * `describe` a block once per dialect. The block gets a getter for a fresh database made in
 * beforeEach (and dropped in afterEach). An unreachable server (found by test/global-setup.ts) is a
 * failure in CI and a visible skip elsewhere.
 */
export function describeDialects(
  title: string,
  body: (dialect: DialectName, db: () => TestDatabase) => void,
  dialects: DialectName[] = ALL_DIALECTS,
): void {
  const unreachable = unreachableDialects();
  for (const dialect of dialects) {
    const reason = unreachable.get(dialect);
    const block = reason ? describe.skip : describe;
    block(`${title} [${dialect}]${reason ? ` (SKIPPED: ${reason})` : ''}`, () => {
      let current: TestDatabase | undefined;
      beforeEach(async () => {
        current = await createTestDatabase(dialect);
      });
      afterEach(async () => {
        if (current) await current.drop();
        current = undefined;
      });
      body(dialect, () => {
        if (!current) throw new Error('test database not created');
        return current;
      });
    });
  }
}

/** Runs `fn` with a connection to `url`, closed afterwards. */
export async function withDb<T>(url: string, fn: (conn: Connection) => Promise<T>): Promise<T> {
  const conn = await connect(url);
  try {
    return await fn(conn);
  } finally {
    await conn.close();
  }
}
