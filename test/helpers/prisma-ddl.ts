/**
 * Test oracle: Prisma's own migration SQL for a schema, from an empty database to the datamodel,
 * computed offline by the WebAssembly schema engine that @prisma/internals ships
 * (@prisma/schema-engine-wasm), the same `diff` that `prisma migrate diff --from-empty
 * --to-schema --script` runs.
 *
 * Why a child process: the engine package is ESM only and Jest's CommonJS module registry cannot
 * load it, so a small Node script (below) does the work and prints the SQL.
 *
 * The engine insists on a driver adapter even for a diff that never touches a database. The
 * adapter below answers the only query it sends (PostgreSQL's "does the schema exist / which
 * version" probe) without a server, so the oracle is deterministic and offline.
 *
 * Providers: PostgreSQL and SQLite. MySQL is not compiled into the WebAssembly engine
 * ("Unsupported adapter provider: Mysql"), so prismaDdl rejects it up front.
 */
import { spawn } from 'node:child_process';
import { dirname } from 'node:path';

export type OracleProvider = 'postgresql' | 'sqlite';

const ENGINE_DIR = dirname(require.resolve('@prisma/schema-engine-wasm'));

const WORKER = String.raw`
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const { engineDir, provider, files } = JSON.parse(fs.readFileSync(0, 'utf8'));
globalThis.PRISMA_WASM_PANIC_REGISTRY = { set_message(m) { process.stderr.write('schema engine panic: ' + m + '\n'); } };
const runtime = await import(pathToFileURL(path.join(engineDir, 'schema_engine_bg.js')).href);
const wasm = new WebAssembly.Module(fs.readFileSync(path.join(engineDir, 'schema_engine_bg.wasm')));
const instance = new WebAssembly.Instance(wasm, { './schema_engine_bg.js': runtime });
runtime.__wbg_set_wasm(instance.exports);
instance.exports.__wbindgen_start();

const adapterProvider = provider === 'postgresql' ? 'postgres' : provider;
const ok = (value) => ({ ok: true, value });
const noRows = { columnNames: [], columnTypes: [], rows: [] };
function answer(query) {
  if (query.sql.includes('pg_namespace')) {
    // Column types: 5 Boolean, 7 Text, 0 Int32 (driver-adapter-utils ColumnTypeEnum).
    return { columnNames: ['exists', 'version', 'numeric_version'], columnTypes: [5, 7, 0], rows: [[true, 'PostgreSQL 15.0', 150000]] };
  }
  return noRows;
}
const connection = {
  provider: adapterProvider,
  adapterName: 'pmig-offline',
  queryRaw: async (query) => ok(answer(query)),
  executeRaw: async () => ok(0),
  executeScript: async () => ok(undefined),
  startTransaction: async () => { throw new Error('the offline oracle has no database'); },
  dispose: async () => ok(undefined),
};
const adapter = { provider: adapterProvider, adapterName: 'pmig-offline', connect: async () => ok(connection) };
const engine = await runtime.SchemaEngine.new({ datamodels: files }, () => {}, adapter);
const result = await engine.diff({
  from: { tag: 'empty' },
  to: { tag: 'schemaDatamodel', files: files.map(([p, content]) => ({ path: p, content })) },
  script: true,
  exitCode: null,
  filters: { externalTables: [], externalEnums: [] },
});
process.stdout.write(result.stdout ?? '');
`;

/** Prisma's migration SQL creating `schema` (one file's text, or several [path, text] files) from nothing. */
export function prismaDdl(schema: string | [string, string][], provider: OracleProvider | 'mysql'): Promise<string> {
  if (provider === 'mysql') {
    return Promise.reject(new Error('the WebAssembly schema engine has no MySQL connector; no oracle DDL for mysql'));
  }
  const files = typeof schema === 'string' ? [['schema.prisma', schema]] : schema;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', WORKER], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { err += d.toString(); });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(out);
      else reject(new Error(`schema engine diff failed (exit ${code}):\n${err.trim()}`));
    });
    child.stdin.end(JSON.stringify({ engineDir: ENGINE_DIR, provider, files }));
  });
}
