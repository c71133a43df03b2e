/**
 * pmig's DDL compared with Prisma's own, from the WebAssembly schema engine that ships with
 * @prisma/internals (PostgreSQL and SQLite; the wasm engine has no MySQL connector). The engine is
 * an ES module, so it runs in a child node process.
 */
import { execFileSync } from 'node:child_process';
import { dialectFor } from '../../src/ddl';
import type { TableDef } from '../../src/schema/types';

const ENGINE_SCRIPT = `
globalThis.PRISMA_WASM_PANIC_REGISTRY = { set_message(m) { process.stderr.write(m); } };
const fs = await import('node:fs');
const root = process.argv[1] + '/node_modules/@prisma/schema-engine-wasm';
const runtime = await import(root + '/schema_engine_bg.js');
const instance = new WebAssembly.Instance(new WebAssembly.Module(fs.readFileSync(root + '/schema_engine_bg.wasm')), { './schema_engine_bg.js': runtime });
runtime.__wbg_set_wasm(instance.exports);
instance.exports.__wbindgen_start();
const [provider, schema] = [process.argv[2], process.argv[3]];
// diff from empty only asks the PostgreSQL adapter for the server version.
const version = { columnNames: ['exists', 'version', 'numeric_version'], columnTypes: [5, 7, 0], rows: [[true, 'PostgreSQL 15.0', 150000]] };
const fail = async () => ({ ok: false, error: { kind: 'GenericJs', id: 0 } });
const conn = { provider, adapterName: 'pmig-test', queryRaw: async (q) => q.sql.includes('pg_namespace') ? { ok: true, value: version } : fail(),
  executeRaw: fail, executeScript: fail, startTransaction: fail, getConnectionInfo: () => ({ ok: true, value: { supportsRelationJoins: false } }), dispose: async () => ({ ok: true, value: undefined }) };
const adapter = { provider, adapterName: 'pmig-test', connect: async () => ({ ok: true, value: conn }), connectToShadowDb: fail };
const engine = await runtime.SchemaEngine.new({ datamodels: [['schema.prisma', schema]] }, () => {}, adapter);
const res = await engine.diff({ from: { tag: 'empty' }, to: { tag: 'schemaDatamodel', files: [{ path: 'schema.prisma', content: schema }] }, script: true, shadowDatabaseUrl: null, exitCode: null, filters: { externalTables: [], externalEnums: [] } });
process.stdout.write(res.stdout);
`;

function prismaDdl(provider: 'postgres' | 'sqlite', schema: string): string[] {
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', ENGINE_SCRIPT, process.cwd(), provider, schema], { encoding: 'utf8' });
  return out.split(/;\s*\n/).map((s) => s.replace(/^\s*--.*\n/gm, '').trim()).filter((s) => s && !s.startsWith('CREATE SCHEMA'));
}

const MODEL = (provider: string, extra: string) => `datasource db {
  provider = "${provider}"
}
model Thing {
  id        Int      @id @default(autoincrement())
  email     String
  createdAt DateTime @default(now())
  big       BigInt   @default(5)
  data      Json?
  blob      Bytes
  price     Decimal  @default(1.5)
  ratio     Float
  ok        Boolean  @default(true)
  quote     String   @default("it's")
${extra}
  @@index([email])
}
`;

const thing = (extra: TableDef['columns']): TableDef => ({
  name: 'Thing',
  columns: [
    { name: 'id', type: 'Int', autoincrement: true, nullable: false },
    { name: 'email', type: 'String', nullable: false },
    { name: 'createdAt', type: 'DateTime', nullable: false, default: { now: true } },
    { name: 'big', type: 'BigInt', nullable: false, default: 5 },
    { name: 'data', type: 'Json' },
    { name: 'blob', type: 'Bytes', nullable: false },
    { name: 'price', type: 'Decimal', nullable: false, default: 1.5 },
    { name: 'ratio', type: 'Float', nullable: false },
    { name: 'ok', type: 'Boolean', nullable: false, default: true },
    { name: 'quote', type: 'String', nullable: false, default: "it's" },
    ...extra,
  ],
  primaryKey: { name: 'Thing_pkey', columns: ['id'] },
  indexes: [{ name: 'Thing_email_idx', columns: ['email'] }],
});

describe('DDL matches Prisma Migrate', () => {
  it('PostgreSQL, with native types and lists', async () => {
    const extra = `  name String? @db.VarChar(120)
  at DateTime @db.Timestamptz(6)
  uid String @db.Uuid
  small Int @db.SmallInt
  money Decimal @db.Decimal(10, 2)
  tags String[]`;
    const table = thing([
      { name: 'name', type: 'String', nativeType: 'VarChar(120)' },
      { name: 'at', type: 'DateTime', nativeType: 'Timestamptz(6)', nullable: false },
      { name: 'uid', type: 'String', nativeType: 'Uuid', nullable: false },
      { name: 'small', type: 'Int', nativeType: 'SmallInt', nullable: false },
      { name: 'money', type: 'Decimal', nativeType: 'Decimal(10, 2)', nullable: false },
      { name: 'tags', type: 'String', list: true },
    ]);
    const ours = await dialectFor('postgresql').render({ kind: 'createTable', table }, {});
    expect(ours).toEqual(prismaDdl('postgres', MODEL('postgresql', extra)));
  });

  it('SQLite', async () => {
    const ours = await dialectFor('sqlite').render({ kind: 'createTable', table: { ...thing([]), primaryKey: { columns: ['id'] } } }, {});
    expect(ours).toEqual(prismaDdl('sqlite', MODEL('sqlite', '')));
  });
});
