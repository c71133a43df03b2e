/**
 * The target metadata snapshot: the Schema pmig derives from the Prisma schema, as JSON whose text
 * only changes when the schema does (keys sorted, named things sorted by name, no timestamp), so
 * that a pull request shows a schema change in pmig's terms: tables, columns, indexes, keys.
 *
 * Column order and the column lists of keys and indexes are kept as declared: they are meaning,
 * not presentation.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PrismaProvider } from '../prisma';
import type { Schema, TableDef } from '../schema/types';

export const SNAPSHOT_FILE = 'pmig-schema.json';
const SNAPSHOT_FORMAT = 1;

export interface SchemaSnapshot {
  format: number;
  provider: PrismaProvider;
  schema: Schema;
}

const byName = <T extends { name: string; schema?: string }>(a: T, b: T): number =>
  `${a.schema ?? ''}.${a.name}`.localeCompare(`${b.schema ?? ''}.${b.name}`);

function sortTable(table: TableDef): TableDef {
  return {
    ...table,
    ...(table.uniques ? { uniques: [...table.uniques].sort(byName) } : {}),
    ...(table.indexes ? { indexes: [...table.indexes].sort(byName) } : {}),
    ...(table.foreignKeys ? { foreignKeys: [...table.foreignKeys].sort(byName) } : {}),
    ...(table.checks ? { checks: [...table.checks].sort(byName) } : {}),
  };
}

/** JSON with object keys in sorted order at every level; arrays keep the order given. */
function stableStringify(value: unknown): string {
  return JSON.stringify(
    value,
    (_key, v: unknown) => {
      if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
      return Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    },
    2,
  );
}

export function renderSnapshot(schema: Schema, provider: PrismaProvider): string {
  const snapshot: SchemaSnapshot = {
    format: SNAPSHOT_FORMAT,
    provider,
    schema: { tables: schema.tables.map(sortTable).sort(byName), enums: [...schema.enums].sort(byName) },
  };
  return `${stableStringify(snapshot)}\n`;
}

/** Writes `<outputDir>/pmig-schema.json`; returns its path. The file is only rewritten when it changes. */
export function writeSnapshot(outputDir: string, schema: Schema, provider: PrismaProvider): string {
  const path = join(outputDir, SNAPSHOT_FILE);
  const text = renderSnapshot(schema, provider);
  mkdirSync(outputDir, { recursive: true });
  let previous: string | undefined;
  try {
    previous = readFileSync(path, 'utf8');
  } catch {
    previous = undefined;
  }
  if (previous !== text) writeFileSync(path, text);
  return path;
}

/** Reads a snapshot written by the generator (for pmig commands and tools that reuse it). */
export function readSnapshot(path: string): SchemaSnapshot {
  const parsed = JSON.parse(readFileSync(path, 'utf8')) as SchemaSnapshot;
  if (parsed.format !== SNAPSHOT_FORMAT) throw new Error(`${path}: unknown snapshot format ${String(parsed.format)} (expected ${SNAPSHOT_FORMAT}).`);
  return parsed;
}
