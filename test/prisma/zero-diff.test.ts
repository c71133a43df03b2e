/**
 * The key agreement: a database created by Prisma's own DDL, introspected, must equal what
 * datamodelToSchema says Prisma creates. Differences are listed one per line, readably.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { connect } from '../../src/db/connect';
import { introspect } from '../../src/introspect';
import { datamodelToSchema } from '../../src/prisma';
import type { ColumnDef, IndexColumn, Schema, TableDef } from '../../src/schema/types';
import { describeDialects } from '../helpers/databases';
import { prismaDdl } from '../helpers/prisma-ddl';

const FIXTURES = join(__dirname, '..', 'fixtures', 'schemas');

const show = (v: unknown): string => (v === undefined ? '(none)' : JSON.stringify(v));
const indexColumns = (cols: (string | IndexColumn)[]) => cols.map((c) => (typeof c === 'string' ? c : c.order || c.length !== undefined ? c : c.name));

function columnFacts(c: ColumnDef): Record<string, unknown> {
  return {
    type: c.type,
    nativeType: c.nativeType,
    nullable: c.nullable ?? true,
    // A raw SQL default comes back as the database re-prints it (`(gen_random_uuid())::text`,
    // `ARRAY['new'::text]`): its text is opaque, only its presence is compared here.
    default: c.default !== null && typeof c.default === 'object' && 'sql' in c.default ? 'raw SQL' : c.default ?? undefined,
    autoincrement: c.autoincrement ?? false,
    list: c.list ?? false,
  };
}

function tableDifferences(expected: TableDef, actual: TableDef): string[] {
  const out: string[] = [];
  const where = expected.name;
  for (const c of expected.columns) {
    const a = actual.columns.find((x) => x.name === c.name);
    if (!a) { out.push(`${where}.${c.name}: column missing in database`); continue; }
    const e = columnFacts(c);
    const f = columnFacts(a);
    for (const key of Object.keys(e)) {
      if (show(e[key]) !== show(f[key])) out.push(`${where}.${c.name}: ${key} expected ${show(e[key])}, database has ${show(f[key])}`);
    }
  }
  for (const a of actual.columns) {
    if (!expected.columns.some((c) => c.name === a.name)) out.push(`${where}.${a.name}: unexpected column in database`);
  }
  if (show(expected.primaryKey) !== show(actual.primaryKey)) {
    out.push(`${where}: primary key expected ${show(expected.primaryKey)}, database has ${show(actual.primaryKey)}`);
  }
  const indexFacts = (t: TableDef) => new Map((t.indexes ?? []).map((i) => [i.name, show({ columns: indexColumns(i.columns), unique: i.unique ?? false, using: i.using, where: i.where })]));
  const ei = indexFacts(expected);
  const ai = indexFacts(actual);
  for (const [name, facts] of ei) if (ai.get(name) !== facts) out.push(`${where}: index ${name} expected ${facts}, database has ${ai.get(name) ?? '(missing)'}`);
  for (const name of ai.keys()) if (!ei.has(name)) out.push(`${where}: unexpected index ${name} in database`);
  const fkFacts = (t: TableDef) => new Map((t.foreignKeys ?? []).map((f) => [f.name, show({
    columns: f.columns, referencedTable: f.referencedTable, referencedColumns: f.referencedColumns, onDelete: f.onDelete, onUpdate: f.onUpdate,
  })]));
  const ef = fkFacts(expected);
  const af = fkFacts(actual);
  for (const [name, facts] of ef) if (af.get(name) !== facts) out.push(`${where}: foreign key ${name} expected ${facts}, database has ${af.get(name) ?? '(missing)'}`);
  for (const name of af.keys()) if (!ef.has(name)) out.push(`${where}: unexpected foreign key ${name} in database`);
  return out;
}

function schemaDifferences(expected: Schema, actual: Schema): string[] {
  const out: string[] = [];
  for (const t of expected.tables) {
    const a = actual.tables.find((x) => x.name === t.name);
    if (!a) out.push(`${t.name}: table missing in database`);
    else out.push(...tableDifferences(t, a));
  }
  for (const a of actual.tables) if (!expected.tables.some((t) => t.name === a.name)) out.push(`${a.name}: unexpected table in database`);
  const enums = (s: Schema) => show([...s.enums].sort((x, y) => x.name.localeCompare(y.name)).map((e) => ({ name: e.name, values: e.values })));
  if (enums(expected) !== enums(actual)) out.push(`enums expected ${enums(expected)}, database has ${enums(actual)}`);
  return out;
}

describeDialects('zero differences after Prisma creates the e-commerce schema', (dialect, db) => {
  it('introspects to exactly what datamodelToSchema expects', async () => {
    const text = readFileSync(join(FIXTURES, `ecommerce.${dialect}.prisma`), 'utf8');
    const ddl = await prismaDdl(text, dialect as 'postgresql' | 'sqlite');
    const conn = await connect(db().url);
    try {
      if (dialect === 'sqlite') {
        // One statement at a time: the SQLite driver runs a single statement per call.
        for (const statement of ddl.split(/;\s*\n/).map((s) => s.replace(/--.*$/gm, '').trim()).filter(Boolean)) {
          await conn.execute(statement);
        }
      } else {
        await conn.execute(ddl);
      }
      const actual = await introspect(conn);
      expect(schemaDifferences(datamodelToSchema(text), actual)).toEqual([]);
    } finally {
      await conn.close();
    }
  });
}, ['postgresql', 'sqlite']);
