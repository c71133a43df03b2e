/**
 * Prisma's default names for primary keys, indexes and foreign keys, as prisma-engines computes
 * them (psl-core `datamodel_connector/constraint_names.rs`): built from the database names of the
 * table and columns, `{table}_{col1}_{col2}_{suffix}`, cut so that the whole name fits the
 * provider's identifier limit in bytes (the cut never splits a UTF-8 character).
 */
import type { PrismaProvider } from './load';

/** `max_identifier_length` of each connector, in bytes. */
export const MAX_IDENTIFIER_LENGTH: Record<PrismaProvider, number> = {
  postgresql: 63,
  mysql: 64,
  sqlite: 10000,
};

/** The longest prefix of `s` of at most `maxBytes` UTF-8 bytes, on a character boundary. */
function truncateUtf8(s: string, maxBytes: number): string {
  const bytes = Buffer.from(s, 'utf8');
  if (bytes.length <= maxBytes) return s;
  let cut = maxBytes;
  // Step back over continuation bytes (10xxxxxx) so a character is never split.
  while (cut > 0 && (bytes[cut] & 0xc0) === 0x80) cut--;
  return bytes.subarray(0, cut).toString('utf8');
}

/**
 * `prefix` cut to `limit - suffix.length` bytes when it reaches that length, then `suffix`. Also how
 * Prisma names an implicit many-to-many table's keys and index (`_AB_pkey`, `_B_index`, `_A_fkey`).
 */
export function withSuffix(prefix: string, suffix: string, provider: PrismaProvider): string {
  const room = MAX_IDENTIFIER_LENGTH[provider] - suffix.length;
  const base = Buffer.byteLength(prefix, 'utf8') >= room ? truncateUtf8(prefix, room) : prefix;
  return `${base}${suffix}`;
}

export function primaryKeyName(table: string, provider: PrismaProvider): string {
  return withSuffix(table, '_pkey', provider);
}

export function uniqueIndexName(table: string, columns: string[], provider: PrismaProvider): string {
  return withSuffix(`${table}_${columns.join('_')}`, '_key', provider);
}

export function indexName(table: string, columns: string[], provider: PrismaProvider): string {
  return withSuffix(`${table}_${columns.join('_')}`, '_idx', provider);
}

export function foreignKeyName(table: string, columns: string[], provider: PrismaProvider): string {
  return withSuffix(`${table}_${columns.join('_')}`, '_fkey', provider);
}
