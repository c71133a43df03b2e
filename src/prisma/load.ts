/**
 * Reading a Prisma schema from disk: one `schema.prisma` file, or a folder of `.prisma` files
 * (Prisma's multi-file schemas, `prisma/schema/`). Prisma's own WebAssembly validator checks the
 * text first, so a broken schema fails here with Prisma's message rather than later with ours.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { hasCached, writeCached } from '../script/cache';
import { parsePsl, stringValue, type PslBlock, type PslValue } from './psl';

export type PrismaProvider = 'postgresql' | 'mysql' | 'sqlite';

/** Schema files as Prisma's tools take them: [path, content] pairs. */
export type SchemaFiles = [string, string][];

export interface DatasourceInfo {
  provider: PrismaProvider;
  /** `prisma` means Prisma emulates relations and Migrate creates no foreign keys. */
  relationMode: 'foreignKeys' | 'prisma';
  /** multiSchema: the database schemas the datasource lists (empty when not used). */
  schemas: string[];
}

export interface LoadedPrismaSchema extends DatasourceInfo {
  files: SchemaFiles;
  /** The parsed blocks of every file, in file order. */
  blocks: PslBlock[];
}

interface WasmSchemaModule {
  validate(params: string): void;
}

function prismaSchemaWasm(): WasmSchemaModule {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  return require('@prisma/prisma-schema-wasm') as WasmSchemaModule;
}

/**
 * Where a schema Prisma already found valid is remembered: validation costs about 0.5 s on a
 * 1,000-model schema, more than introspecting the database, and the schema rarely changes
 * between two runs. Keyed by the files' text and the validator's version.
 */
function validatedMarker(files: SchemaFiles): string {
  const version = (require('@prisma/prisma-schema-wasm/package.json') as { version: string }).version;
  const digest = createHash('sha256').update(version).update(JSON.stringify(files)).digest('hex');
  return `valid-schemas/${digest}`;
}

/** Throws Prisma's own validation error (P1012 and its message) when the schema is invalid. */
export function validatePrismaSchema(files: SchemaFiles): void {
  const marker = validatedMarker(files);
  // Only a marker pmig itself wrote counts (see script/cache.ts); writing it only saves time.
  if (hasCached(marker)) return;
  try {
    prismaSchemaWasm().validate(JSON.stringify({ prismaSchema: files, noColor: true }));
    writeCached(marker, '');
  } catch (e) {
    const raw = e instanceof Error ? e.message : String(e);
    let message = raw;
    try {
      message = (JSON.parse(raw) as { message?: string }).message ?? raw;
    } catch {
      // not JSON: keep the raw text
    }
    throw new Error(`the Prisma schema is invalid:\n${message}`);
  }
}

function listPrismaFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listPrismaFiles(full));
    else if (entry.isFile() && entry.name.endsWith('.prisma')) out.push(full);
  }
  return out;
}

/** Reads a schema file, or every `.prisma` file under a folder (paths relative to it). */
export function readSchemaFiles(pathOrDir: string): SchemaFiles {
  if (!statSync(pathOrDir).isDirectory()) return [[pathOrDir, readFileSync(pathOrDir, 'utf8')]];
  const files = listPrismaFiles(pathOrDir);
  if (!files.length) throw new Error(`no .prisma files in ${pathOrDir}`);
  return files.map((f) => [relative(pathOrDir, f), readFileSync(f, 'utf8')]);
}

const PROVIDERS: Record<string, PrismaProvider> = { postgresql: 'postgresql', postgres: 'postgresql', mysql: 'mysql', sqlite: 'sqlite' };

/** The datasource block's provider, relationMode and schemas. */
export function datasourceInfo(blocks: PslBlock[]): DatasourceInfo {
  const datasource = blocks.find((b) => b.kind === 'datasource');
  if (!datasource) throw new Error('the Prisma schema has no datasource block');
  const providerName = stringValue(datasource.settings.provider);
  const provider = providerName ? PROVIDERS[providerName] : undefined;
  if (!provider) {
    throw new Error(`datasource provider ${JSON.stringify(providerName)} is not supported (postgresql, mysql, sqlite)`);
  }
  const relationMode = stringValue(datasource.settings.relationMode) === 'prisma' ? 'prisma' : 'foreignKeys';
  const schemasValue: PslValue | undefined = datasource.settings.schemas;
  const schemas = schemasValue?.kind === 'array'
    ? schemasValue.items.map(stringValue).filter((s): s is string => s !== undefined)
    : [];
  return { provider, relationMode, schemas };
}

/** Validates and parses schema files already in memory. */
export function parsePrismaSchema(files: SchemaFiles): LoadedPrismaSchema {
  validatePrismaSchema(files);
  const blocks = files.flatMap(([path, text]) => parsePsl(text, path));
  return { files, blocks, ...datasourceInfo(blocks) };
}

/** Reads, validates and parses a schema file or a folder of `.prisma` files. */
export async function loadPrismaSchema(pathOrDir: string): Promise<LoadedPrismaSchema> {
  return parsePrismaSchema(readSchemaFiles(pathOrDir));
}
