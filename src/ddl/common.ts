/** Small pieces of SQL rendering that all three dialects share. */
import type { IndexColumn, ReferentialAction } from '../schema/types';

/** Wraps an identifier in `q` quotes, doubling any `q` inside it. */
export function quoteWith(q: string, identifier: string): string {
  return `${q}${identifier.split(q).join(q + q)}${q}`;
}

const ACTIONS: Record<ReferentialAction, string> = {
  Cascade: 'CASCADE',
  Restrict: 'RESTRICT',
  NoAction: 'NO ACTION',
  SetNull: 'SET NULL',
  SetDefault: 'SET DEFAULT',
};

export function referentialAction(action: ReferentialAction): string {
  return ACTIONS[action];
}

/** ` ON DELETE x ON UPDATE y`, only for the actions given. */
export function referentialClauses(onDelete?: ReferentialAction, onUpdate?: ReferentialAction): string {
  let out = '';
  if (onDelete) out += ` ON DELETE ${referentialAction(onDelete)}`;
  if (onUpdate) out += ` ON UPDATE ${referentialAction(onUpdate)}`;
  return out;
}

export function asIndexColumn(column: string | IndexColumn): IndexColumn {
  return typeof column === 'string' ? { name: column } : column;
}

export function indexColumnNames(columns: (string | IndexColumn)[]): string[] {
  return columns.map((c) => asIndexColumn(c).name);
}

/** `"a", "b" DESC` (with `(n)` prefix lengths where the dialect supports them). */
export function renderIndexColumns(
  columns: (string | IndexColumn)[],
  quote: (id: string) => string,
  opts: { prefixLength: boolean },
): string {
  return columns
    .map((c) => {
      const col = asIndexColumn(c);
      let out = quote(col.name);
      if (col.length !== undefined && opts.prefixLength) out += `(${col.length})`;
      if (col.order === 'desc') out += ' DESC';
      return out;
    })
    .join(', ');
}

/**
 * Two columns exchange names through a third one (`swapColumns`). Renaming moves no data, so no
 * unique index or foreign key sees an intermediate state, and it swaps on every database (an
 * `UPDATE t SET a = b, b = a` does not on MySQL, which assigns left to right).
 */
export function swapColumnsSql(table: string, [first, second]: [string, string], quote: (id: string) => string): string[] {
  // Short and fixed: a name built from a long column name could pass the database's length limit.
  const spare = '_pmig_swap';
  const rename = (from: string, to: string) => `ALTER TABLE ${table} RENAME COLUMN ${quote(from)} TO ${quote(to)}`;
  return [rename(first, spare), rename(second, first), rename(spare, second)];
}

/** Generic SQL literal for offline output; strings use '' doubling. */
export function sqlLiteral(value: unknown, opts: { backslashEscapes?: boolean } = {}): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return sqlLiteral(value.toISOString(), opts);
  if (Buffer.isBuffer(value)) return `X'${value.toString('hex')}'`;
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  const escaped = opts.backslashEscapes ? text.replace(/\\/g, '\\\\') : text;
  return `'${escaped.replace(/'/g, "''")}'`;
}
