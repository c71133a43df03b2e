/**
 * What the round-trip tests read from a database besides pmig's own introspection: every table
 * the catalogs list (pmig's version tables included), and small row helpers for the catalogue.
 */
import { connect } from '../../src/db/connect';
import type { DialectName } from '../../src/db/types';
import { introspect } from '../../src/introspect';
import type { Schema } from '../../src/schema/types';

/** Every base table in the database (all schemas but the system ones), as `schema.table` or `table`. */
export async function allTables(url: string): Promise<string[]> {
  const conn = await connect(url);
  try {
    let rows: { name: string }[];
    if (conn.dialect === 'sqlite') {
      rows = await conn.query("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'");
    } else if (conn.dialect === 'mysql') {
      rows = await conn.query("SELECT table_name AS name FROM information_schema.tables WHERE table_schema = DATABASE() AND table_type = 'BASE TABLE'");
    } else {
      rows = await conn.query(
        `SELECT CASE WHEN table_schema = current_schema() THEN table_name ELSE table_schema || '.' || table_name END AS name
           FROM information_schema.tables
          WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')`,
      );
    }
    return rows.map((r) => r.name).sort();
  } finally {
    await conn.close();
  }
}

/** The database as pmig sees it (version tables left out), reading the given PostgreSQL schemas. */
export async function introspectUrl(url: string, schemas: string[] = []): Promise<Schema> {
  const conn = await connect(url);
  try {
    return await introspect(conn, schemas.length ? { schemas } : {});
  } finally {
    await conn.close();
  }
}

export async function query<T = Record<string, unknown>>(url: string, sql: string): Promise<T[]> {
  const conn = await connect(url);
  try {
    return await conn.query<T>(sql);
  } finally {
    await conn.close();
  }
}

export async function execute(url: string, statements: string[]): Promise<void> {
  const conn = await connect(url);
  try {
    for (const s of statements) await conn.execute(s);
  } finally {
    await conn.close();
  }
}

export function quoteFor(dialect: DialectName): (id: string) => string {
  return dialect === 'mysql' ? (id) => `\`${id}\`` : (id) => `"${id}"`;
}
