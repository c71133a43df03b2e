/**
 * Whether a database can hold a name as written. Used before anything runs: by autogenerate on the
 * Prisma schema's names and by `op` on the names a hand-written revision creates.
 */
import type { Dialect, IdentifierKind } from './types';

const DATABASE_LABEL: Record<Dialect['name'], string> = { postgresql: 'PostgreSQL', mysql: 'MySQL/MariaDB', sqlite: 'SQLite' };

/** Characters, not UTF-16 code units: an emoji counts once, as MySQL counts it. */
export function characterLength(name: string): number {
  return [...name].length;
}

export function byteLength(name: string): number {
  return Buffer.byteLength(name, 'utf8');
}

/** The name as the database would keep it when it cuts silently (PostgreSQL), never splitting a character. */
function cutTo(name: string, max: number, unit: 'bytes' | 'characters'): string {
  if (unit === 'characters') return [...name].slice(0, max).join('');
  let out = '';
  for (const ch of name) {
    if (byteLength(out + ch) > max) break;
    out += ch;
  }
  return out;
}

/**
 * Why `dialect` cannot hold `name` as a `kind` name, as the end of a sentence ("is 70 bytes long;
 * PostgreSQL keeps at most 63 bytes and would cut it to '…'"), or undefined when it can.
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
