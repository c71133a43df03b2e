/**
 * `pmig archive list` / `pmig archive drop`: the data that archived drops copied aside
 * (src/runtime/archive.ts). An archive stays until its revision is downgraded (which restores and
 * discards it) or until the team, sure the data is no longer needed, drops it here.
 */
import { ARCHIVE_CATALOG, discard, tableExists } from '../runtime/archive';
import type { Connection } from '../db/types';
import type { Dialect } from '../ddl/types';
import { openProject, PmigError, withConnection, type ProjectOptions } from './project';

export interface ArchiveEntry {
  /** The archive table. */
  name: string;
  /** The revision whose upgrade dropped the data. */
  revision: string;
  schema: string | null;
  table: string;
  /** null for a whole dropped table. */
  column: string | null;
  /** The columns the values are matched back by (column archives). */
  key: string[] | null;
  archivedAt: string;
  rows: number;
}

export async function listArchives(options: ProjectOptions = {}): Promise<ArchiveEntry[]> {
  const project = await openProject(options);
  return withConnection(project.config, (conn, dialect) => readCatalog(conn, dialect));
}

export interface DropArchivesOptions extends ProjectOptions {
  /** Drop every archive. */
  all?: boolean;
}

/**
 * Drops the archives named by `selectors`: an archive table's name, a source table (all its
 * archives) or `table.column`. Returns what was dropped; a selector that matches nothing is an error
 * and nothing is dropped.
 */
export async function dropArchives(selectors: string[], options: DropArchivesOptions = {}): Promise<ArchiveEntry[]> {
  if (!options.all && !selectors.length) throw new PmigError('Name the archives to drop (as `pmig archive list` shows them), or pass --all.');
  const project = await openProject(options);
  return withConnection(project.config, async (conn, dialect) => {
    const entries = await readCatalog(conn, dialect);
    const chosen = options.all ? entries : entries.filter((e) => selectors.some((s) => matches(e, s)));
    const unmatched = selectors.filter((s) => !entries.some((e) => matches(e, s)));
    if (unmatched.length) {
      throw new PmigError(
        `No archive matches ${unmatched.map((s) => `'${s}'`).join(', ')}. Archives: ${entries.map((e) => `${e.name} (${source(e)})`).join(', ') || 'none'}.`,
      );
    }
    for (const entry of chosen) {
      const statements = discard(dialect, entry.name);
      // The table may be gone already (dropped by hand): the catalog row still goes.
      if (!(await tableExists(conn, dialect.name, entry.name))) statements.shift();
      for (const { sql, params } of statements) await conn.execute(sql, params);
    }
    return chosen;
  });
}

/** `table` or `table.column`, as the archive's source is shown. */
export function source(entry: Pick<ArchiveEntry, 'schema' | 'table' | 'column'>): string {
  return `${entry.schema ? `${entry.schema}.` : ''}${entry.table}${entry.column ? `.${entry.column}` : ''}`;
}

function matches(entry: ArchiveEntry, selector: string): boolean {
  return selector === entry.name || selector === entry.table || selector === source(entry) || selector === `${entry.table}${entry.column ? `.${entry.column}` : ''}`;
}

async function readCatalog(conn: Connection, dialect: Dialect): Promise<ArchiveEntry[]> {
  if (!(await tableExists(conn, dialect.name, ARCHIVE_CATALOG))) return [];
  const q = (id: string) => dialect.quote(id);
  const catalog = await conn.query<Record<string, unknown>>(
    `SELECT ${q('archive_table')} AS name, ${q('revision')} AS revision, ${q('source_schema')} AS source_schema, ` +
      `${q('source_table')} AS source_table, ${q('source_column')} AS source_column, ${q('key_columns')} AS key_columns, ` +
      `${q('archived_at')} AS archived_at FROM ${q(ARCHIVE_CATALOG)} ORDER BY ${q('archived_at')}, ${q('archive_table')}`,
  );
  const entries: ArchiveEntry[] = [];
  for (const row of catalog) {
    const name = String(row.name);
    const exists = await tableExists(conn, dialect.name, name);
    const [counted] = exists ? await conn.query<{ n: unknown }>(`SELECT COUNT(*) AS n FROM ${q(name)}`) : [{ n: 0 }];
    entries.push({
      name,
      revision: String(row.revision),
      schema: (row.source_schema as string | null) ?? null,
      table: String(row.source_table),
      column: (row.source_column as string | null) ?? null,
      key: row.key_columns ? String(row.key_columns).split(',') : null,
      archivedAt: row.archived_at instanceof Date ? row.archived_at.toISOString() : String(row.archived_at),
      rows: Number(counted.n),
    });
  }
  return entries;
}
