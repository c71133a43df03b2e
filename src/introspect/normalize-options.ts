/**
 * Which tables introspection reports. Every dialect applies the same rule, so that pmig's own
 * bookkeeping tables and Prisma's migration table never show up as differences.
 */

export const DEFAULT_VERSION_TABLE = 'pmig_version';

/** Prisma Migrate's own table: pmig never manages it. */
const PRISMA_MIGRATIONS_TABLE = '_prisma_migrations';

/** The prefix of pmig's companion tables (the default version table and anything beside it). */
const PMIG_TABLE_PREFIX = 'pmig_';

export interface IntrospectOptions {
  /** PostgreSQL: the schemas to read (Prisma's multiSchema). Default: the connection's current schema. */
  schemas?: string[];
  /** Keep a table only when this returns true (the config's include filter). */
  include?: (table: string) => boolean;
  /** Tables to leave out, by exact name. */
  excludeTables?: string[];
  /** pmig's version table (default `pmig_version`); it and `${versionTable}_*` are never reported. */
  versionTable?: string;
}

/** A predicate over table names that applies the options and always skips pmig's and Prisma's tables. */
export function tableFilter(opts: IntrospectOptions = {}): (table: string) => boolean {
  const versionTable = opts.versionTable ?? DEFAULT_VERSION_TABLE;
  const excluded = new Set(opts.excludeTables ?? []);
  return (table) => {
    if (table === PRISMA_MIGRATIONS_TABLE) return false;
    if (table === versionTable || table.startsWith(`${versionTable}_`)) return false;
    if (table.startsWith(PMIG_TABLE_PREFIX)) return false;
    if (excluded.has(table)) return false;
    return opts.include ? opts.include(table) : true;
  };
}
