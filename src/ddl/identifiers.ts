/**
 * Which names each database can hold as written. Used before anything runs: by autogenerate on the
 * Prisma schema's names and by `op` on the names a hand-written revision creates. Plain data and
 * string arithmetic only, so that `op` can ask without loading the SQL renderers.
 */
import type { DialectName } from '../db/types';
import type { Dialect, IdentifierKind, IdentifierLimits } from './types';

export const DATABASE_LABEL: Record<DialectName, string> = { postgresql: 'PostgreSQL', mysql: 'MySQL/MariaDB', sqlite: 'SQLite' };

/** Characters, not UTF-16 code units: an emoji counts once, as MySQL counts it. */
export function characterLength(name: string): number {
  return [...name].length;
}

function utf8Bytes(codePoint: number): number {
  return codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
}

export function byteLength(name: string): number {
  let n = 0;
  for (const ch of name) n += utf8Bytes(ch.codePointAt(0)!);
  return n;
}

/**
 * MySQL/MariaDB: a table's name is also its files' name (`<name>.frm`, `<name>.ibd`), spelled in
 * MySQL's file-name encoding: letters, digits and _ as they are, some letters (Latin, Greek,
 * Cyrillic, full-width forms) as `@` and two characters, everything else (spaces, punctuation, CJK)
 * as `@xxxx`. The file name must fit in 251 bytes, so 51 CJK characters fail ("File name too
 * long") though 64 are allowed. This counts the shortest spelling each character may have, so what
 * it refuses always fails.
 */
function mysqlTableFileNameProblem(name: string, kind: IdentifierKind): string | undefined {
  if (kind !== 'table') return undefined;
  let bytes = 0;
  for (const ch of name) {
    const cp = ch.codePointAt(0)!;
    if (/[A-Za-z0-9_]/.test(ch)) bytes += 1;
    else if ((cp >= 0xc0 && cp <= 0x5ff) || (cp >= 0x1e00 && cp <= 0x1fff) || (cp >= 0x2160 && cp <= 0x217f)
      || (cp >= 0x24b0 && cp <= 0x24ef) || (cp >= 0xff20 && cp <= 0xff5f)) bytes += 3;
    else bytes += 5;
  }
  return bytes > 251
    ? `takes at least ${bytes} bytes as a file name (MySQL/MariaDB spell spaces, punctuation and most non-Latin characters with 5 bytes each); the table's files allow 251`
    : undefined;
}

export const IDENTIFIER_LIMITS: Record<DialectName, IdentifierLimits> = {
  // NAMEDATALEN - 1 bytes; longer names are cut with only a NOTICE. Enum types and labels are names too.
  postgresql: {
    maxLength: 63, unit: 'bytes', identifierKinds: ['schema', 'table', 'column', 'index', 'constraint', 'enum', 'enumValue'],
    refusesSupplementaryCharacters: false, refusesTrailingSpace: false,
  },
  // 64 characters for every kind of name; enums live inline on columns, their values are not names.
  mysql: {
    maxLength: 64, unit: 'characters', identifierKinds: ['schema', 'table', 'column', 'index', 'constraint'],
    refusesSupplementaryCharacters: true, refusesTrailingSpace: true, otherProblem: mysqlTableFileNameProblem,
  },
  // No length limit; enums are TEXT columns.
  sqlite: {
    unit: 'characters', identifierKinds: ['table', 'column', 'index', 'constraint'],
    refusesSupplementaryCharacters: false, refusesTrailingSpace: false,
  },
};

/** The name as the database would keep it when it cuts silently (PostgreSQL), never splitting a character. */
function cutTo(name: string, max: number, unit: 'bytes' | 'characters'): string {
  const chars = [...name];
  if (unit === 'characters') return chars.slice(0, max).join('');
  let out = '';
  let bytes = 0;
  for (const ch of chars) {
    bytes += utf8Bytes(ch.codePointAt(0)!);
    if (bytes > max) break;
    out += ch;
  }
  return out;
}

/**
 * Why `dialect` cannot hold `name` as a `kind` name, as the end of a sentence ("is 70 bytes long;
 * PostgreSQL keeps at most 63 bytes and would silently cut it to '…'"), or undefined when it can.
 */
export function identifierProblem(dialect: Pick<Dialect, 'name' | 'identifierLimits'>, name: string, kind: IdentifierKind): string | undefined {
  const db = DATABASE_LABEL[dialect.name];
  const limits = dialect.identifierLimits;
  if (!limits.identifierKinds.includes(kind)) return undefined;
  if (name.length === 0) return 'is empty';
  if (name.includes('\0')) return 'contains a NUL character, which no database keeps in a name';
  if (limits.refusesSupplementaryCharacters) {
    const outside = [...name].find((ch) => ch.codePointAt(0)! > 0xffff);
    if (outside) return `contains '${outside}' (U+${outside.codePointAt(0)!.toString(16).toUpperCase()}); ${db} refuses characters beyond U+FFFF (such as emoji) in names`;
  }
  if (limits.refusesTrailingSpace && / $/.test(name)) return `ends with a space, which ${db} refuses in names`;
  if (limits.maxLength !== undefined) {
    const length = limits.unit === 'bytes' ? byteLength(name) : characterLength(name);
    if (length > limits.maxLength) {
      const unit = limits.unit;
      const silently = dialect.name === 'postgresql' ? ` and would silently cut it to '${cutTo(name, limits.maxLength, unit)}'` : '';
      return `is ${length} ${unit} long; ${db} keeps at most ${limits.maxLength} ${unit}${silently}`;
    }
  }
  return limits.otherProblem?.(name, kind);
}

/** The limits of a database by name (what `op` knows of its database). */
export function identifierRules(name: DialectName): Pick<Dialect, 'name' | 'identifierLimits'> {
  return { name, identifierLimits: IDENTIFIER_LIMITS[name] };
}
