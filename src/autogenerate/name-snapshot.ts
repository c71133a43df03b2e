/**
 * The datamodel's Prisma-name → database-name mapping as it was at the last autogenerate, kept in
 * `pmig-names.json` in the folder that holds the versions folder (`migrations/pmig-names.json` by
 * default, beside the revision templates), committed with the revisions.
 *
 * Why: a model or field that keeps its Prisma name while its `@@map` / `@map` changes is a rename
 * for certain, but the database alone cannot tell (it only sees one table vanish and another
 * appear). Comparing the current mapping with the stored one can.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { PrismaNameMap } from '../prisma';

export const NAME_SNAPSHOT_FILE = 'pmig-names.json';

interface SnapshotFile {
  /** Format version of this file. */
  version: 1;
  names: PrismaNameMap;
}

export function nameSnapshotPath(versionsDir: string): string {
  return join(dirname(versionsDir), NAME_SNAPSHOT_FILE);
}

/** The stored mapping, or undefined when there is none yet (or it cannot be read: then nothing is certain). */
export function readNameSnapshot(versionsDir: string): PrismaNameMap | undefined {
  const path = nameSnapshotPath(versionsDir);
  if (!existsSync(path)) return undefined;
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<SnapshotFile>;
    if (parsed.version !== 1 || !parsed.names || !Array.isArray(parsed.names.models) || !Array.isArray(parsed.names.enums)) return undefined;
    return parsed.names;
  } catch {
    return undefined;
  }
}

/** Sorted, so that the file only changes in a pull request when a name does. */
export function writeNameSnapshot(versionsDir: string, names: PrismaNameMap): void {
  const sorted: PrismaNameMap = {
    models: [...names.models].sort((a, b) => a.model.localeCompare(b.model)),
    enums: [...names.enums].sort((a, b) => a.enum.localeCompare(b.enum)),
  };
  const file: SnapshotFile = { version: 1, names: sorted };
  writeFileSync(nameSnapshotPath(versionsDir), `${JSON.stringify(file, null, 2)}\n`);
}

/** A rename the mapping proves: same Prisma name, different database name. */
export interface CertainRenames {
  /** Old table → new table (same schema). */
  tables: { from: string; to: string; schema?: string; model: string }[];
  /** Columns, keyed by the table's new name. */
  columns: { table: string; from: string; to: string; schema?: string; field: string }[];
  enums: { from: string; to: string; enum: string }[];
  /** Enum values, keyed by the enum's new database name. */
  enumValues: { enum: string; from: string; to: string; value: string }[];
  /** Enum values by Prisma enum, as they were stored: SQLite keeps no enum, so this is all it knows. */
  storedEnumValues: Map<string, string[]>;
}

export function certainRenames(previous: PrismaNameMap | undefined, now: PrismaNameMap): CertainRenames {
  const result: CertainRenames = { tables: [], columns: [], enums: [], enumValues: [], storedEnumValues: new Map() };
  if (!previous) return result;
  const before = new Map(previous.models.map((m) => [m.model, m]));
  for (const model of now.models) {
    const old = before.get(model.model);
    if (!old || (old.schema ?? null) !== (model.schema ?? null)) continue;
    if (old.table !== model.table) result.tables.push({ from: old.table, to: model.table, model: model.model, ...schemaOf(model) });
    for (const [field, column] of Object.entries(model.columns)) {
      const oldColumn = old.columns[field];
      if (oldColumn !== undefined && oldColumn !== column) {
        result.columns.push({ table: model.table, from: oldColumn, to: column, field, ...schemaOf(model) });
      }
    }
  }
  const enumsBefore = new Map(previous.enums.map((e) => [e.enum, e]));
  for (const e of previous.enums) result.storedEnumValues.set(e.enum, Object.values(e.values));
  for (const e of now.enums) {
    const old = enumsBefore.get(e.enum);
    if (!old) continue;
    if (old.dbName !== e.dbName) result.enums.push({ from: old.dbName, to: e.dbName, enum: e.enum });
    for (const [value, stored] of Object.entries(e.values)) {
      const oldStored = old.values[value];
      if (oldStored !== undefined && oldStored !== stored) result.enumValues.push({ enum: e.dbName, from: oldStored, to: stored, value });
    }
  }
  return result;
}

function schemaOf(x: { schema?: string }): { schema?: string } {
  return x.schema ? { schema: x.schema } : {};
}
