/**
 * Live-database introspection: reads the connected database into the dialect-neutral Schema,
 * already normalised to Prisma's vocabulary. Only the modules behind this one know catalog queries.
 */
import type { Connection } from '../db/types';
import type { Schema } from '../schema/types';
import { introspectMysql } from './mysql';
import { type IntrospectOptions, tableFilter } from './normalize-options';
import { introspectPostgresql } from './postgresql';
import { introspectSqlite } from './sqlite';

export type { IntrospectOptions } from './normalize-options';
export { DEFAULT_VERSION_TABLE, tableFilter } from './normalize-options';

export async function introspect(conn: Connection, opts: IntrospectOptions = {}): Promise<Schema> {
  switch (conn.dialect) {
    case 'postgresql':
      return introspectPostgresql(conn, opts);
    case 'mysql':
      return introspectMysql(conn, opts);
    case 'sqlite': {
      // The SQLite introspector takes its own options; apply the shared table filter to its result.
      const schema = await introspectSqlite(conn);
      const keep = tableFilter(opts);
      return { ...schema, tables: schema.tables.filter((t) => keep(t.name)) };
    }
  }
}
