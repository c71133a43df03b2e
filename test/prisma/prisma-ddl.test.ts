/**
 * The oracle's DDL runs on real databases, and creates the tables datamodelToSchema expects:
 * the ground on which the zero-difference test (create with Prisma, introspect, compare) stands.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Client } from 'pg';
import { datamodelToSchema } from '../../src/prisma';
import { describeDialects } from '../helpers/databases';
import { prismaDdl } from '../helpers/prisma-ddl';

const FIXTURES = join(__dirname, '..', 'fixtures', 'schemas');

describeDialects('Prisma DDL for the e-commerce schema', (dialect, db) => {
  const text = readFileSync(join(FIXTURES, `ecommerce.${dialect}.prisma`), 'utf8');

  it('applies to a fresh database and creates every table datamodelToSchema lists', async () => {
    const ddl = await prismaDdl(text, dialect as 'postgresql' | 'sqlite');
    let tables: string[];
    if (dialect === 'postgresql') {
      const client = new Client({ connectionString: db().url });
      await client.connect();
      try {
        await client.query(ddl);
        const res = await client.query<{ table_name: string }>(
          "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'",
        );
        tables = res.rows.map((r) => r.table_name);
      } finally {
        await client.end();
      }
    } else {
      const sqlite = new Database(db().name);
      try {
        sqlite.exec(ddl);
        tables = sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
          .all().map((r) => (r as { name: string }).name);
      } finally {
        sqlite.close();
      }
    }
    expect(tables.sort()).toEqual(datamodelToSchema(text).tables.map((t) => t.name).sort());
  });
}, ['postgresql', 'sqlite']);

it('rejects MySQL, which the WebAssembly schema engine does not include', async () => {
  await expect(prismaDdl('datasource db {\n  provider = "mysql"\n}\n', 'mysql')).rejects.toThrow(/no MySQL connector/);
});
