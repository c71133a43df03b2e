/** One table as it is now, for DDL that must restate it (SQLite rebuilds, MySQL MODIFY COLUMN). */
import type { Connection } from '../db/types';
import type { TableDef } from '../schema/types';
import { introspect } from './index';

export async function inspectTable(conn: Connection, table: string, schema?: string): Promise<TableDef | undefined> {
  const result = await introspect(conn, { include: (name: string) => name === table, ...(schema ? { schemas: [schema] } : {}) });
  return result.tables.find((t) => t.name === table && (!schema || !t.schema || t.schema === schema));
}
