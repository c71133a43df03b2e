/**
 * SQLite introspection: `sqlite_master` plus the PRAGMAs, normalised to Prisma's vocabulary so that
 * autogenerate compares it with a Schema built from the datamodel. What the PRAGMAs do not tell
 * (constraint names, CHECK expressions, AUTOINCREMENT, partial-index predicates) is read from the
 * stored CREATE statements.
 */
import type { Connection } from '../db/types';
import type {
  CheckDef, ColumnDef, ColumnDefault, ForeignKeyDef, IndexColumn, IndexDef, ReferentialAction, ScalarType,
  Schema, TableDef, UniqueDef,
} from '../schema/types';

export interface IntrospectOptions {
  /** Only these tables (default: every user table). */
  tables?: string[];
}

/** Tables that are SQLite's, pmig's version tables, or Prisma's migration history. */
export function isSystemTable(name: string): boolean {
  const lower = name.toLowerCase();
  return lower.startsWith('sqlite_') || lower.startsWith('pmig_') || lower.startsWith('_pmig_tmp_')
    || lower === '_prisma_migrations';
}

export async function introspectSqlite(conn: Connection, opts: IntrospectOptions = {}): Promise<Schema> {
  const rows = await conn.query<{ name: string }>(
    "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name",
  );
  const wanted = opts.tables ? new Set(opts.tables) : undefined;
  const tables: TableDef[] = [];
  for (const { name } of rows) {
    if (isSystemTable(name) || (wanted && !wanted.has(name))) continue;
    const table = await inspectSqliteTable(conn, name);
    if (table) tables.push(table);
  }
  // SQLite has no enum type: Prisma stores enums as TEXT.
  return { tables, enums: [] };
}

// ---------------------------------------------------------------------------------------------
// Types and defaults

const TYPE_BY_DECLARED: Record<string, ScalarType> = {
  TEXT: 'String',
  INTEGER: 'Int',
  INT: 'Int',
  BIGINT: 'BigInt',
  DATETIME: 'DateTime',
  DECIMAL: 'Decimal',
  REAL: 'Float',
  FLOAT: 'Float',
  DOUBLE: 'Float',
  'DOUBLE PRECISION': 'Float',
  BLOB: 'Bytes',
  BOOLEAN: 'Boolean',
  JSONB: 'Json',
  JSON: 'Json',
};

function prismaType(declared: string): Pick<ColumnDef, 'type' | 'nativeType'> {
  const key = declared.trim().toUpperCase().replace(/\s+/g, ' ');
  const type = TYPE_BY_DECLARED[key];
  return type ? { type } : { type: 'Unsupported', nativeType: declared };
}

/** `dflt_value` as stored (an SQL expression) → the neutral ColumnDefault. */
export function normaliseDefault(raw: string | null, type: ColumnDef['type']): ColumnDefault | undefined {
  if (raw === null) return undefined;
  let expr = raw.trim();
  // Prisma writes dbgenerated defaults in parentheses; unwrap one level to compare like with like.
  if (/^\(.*\)$/s.test(expr) && balanced(expr.slice(1, -1))) expr = expr.slice(1, -1).trim();
  if (/^NULL$/i.test(expr)) return undefined;
  if (/^CURRENT_TIMESTAMP$/i.test(expr) || /^datetime\s*\(\s*'now'\s*\)$/i.test(expr)) return { now: true };
  const str = /^'((?:[^']|'')*)'$/s.exec(expr);
  if (str) return str[1].replace(/''/g, "'");
  if (/^(true|false)$/i.test(expr)) {
    const truth = expr.toLowerCase() === 'true';
    return type === 'Boolean' ? truth : { sql: expr };
  }
  if (/^[+-]?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(expr)) {
    if (type === 'Boolean' && (expr === '0' || expr === '1')) return expr === '1';
    const n = Number(expr);
    // Keep integers too large for a JS number exact, as text.
    return Number.isSafeInteger(n) || !/^[+-]?\d+$/.test(expr) ? n : { sql: expr };
  }
  return { sql: expr };
}

function balanced(text: string): boolean {
  let depth = 0;
  for (const ch of text) {
    if (ch === '(') depth++;
    else if (ch === ')' && --depth < 0) return false;
  }
  return depth === 0;
}

// ---------------------------------------------------------------------------------------------
// Reading the CREATE TABLE statement

/** Splits `text` at top-level commas, ignoring commas inside parentheses, quotes and brackets. */
export function splitTopLevel(text: string, separator = ','): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === "'" || ch === '"' || ch === '`' || ch === '[') {
      const close = ch === '[' ? ']' : ch;
      i++;
      while (i < text.length && !(text[i] === close && text[i + 1] !== close)) i += text[i] === close ? 2 : 1;
    } else if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (ch === separator && depth === 0) {
      parts.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  parts.push(text.slice(start).trim());
  return parts.filter((p) => p !== '');
}

/** The part of a CREATE TABLE between its outer parentheses. */
function tableBody(sql: string): string {
  const open = sql.indexOf('(');
  const close = sql.lastIndexOf(')');
  return open >= 0 && close > open ? sql.slice(open + 1, close) : '';
}

const IDENT = String.raw`(?:"(?:[^"]|"")*"|\x60(?:[^\x60]|\x60\x60)*\x60|\[[^\]]*\]|[A-Za-z_][A-Za-z0-9_$]*)`;

export function unquoteIdentifier(text: string): string {
  const t = text.trim();
  if (t.startsWith('"')) return t.slice(1, -1).replace(/""/g, '"');
  if (t.startsWith('`')) return t.slice(1, -1).replace(/``/g, '`');
  if (t.startsWith('[')) return t.slice(1, -1);
  return t;
}

/** The text inside the parentheses that start at or after `from` in `text`. */
function parenthesised(text: string, from: number): { inner: string; end: number } | undefined {
  const open = text.indexOf('(', from);
  if (open < 0) return undefined;
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const ch = text[i];
    if (ch === "'" || ch === '"' || ch === '`') {
      i++;
      while (i < text.length && !(text[i] === ch && text[i + 1] !== ch)) i += text[i] === ch ? 2 : 1;
    } else if (ch === '(') depth++;
    else if (ch === ')' && --depth === 0) return { inner: text.slice(open + 1, i).trim(), end: i + 1 };
  }
  return undefined;
}

interface ParsedTable {
  /** Foreign key names by their constrained columns (joined with \u0000). */
  foreignKeyNames: Map<string, string>;
  uniqueNames: Map<string, string>;
  checks: { name?: string; expression: string }[];
  autoincrement: boolean;
}

const CONSTRAINT_NAME = new RegExp(String.raw`^\s*CONSTRAINT\s+(${IDENT})\s*`, 'i');

function parseTableSql(sql: string): ParsedTable {
  const parsed: ParsedTable = { foreignKeyNames: new Map(), uniqueNames: new Map(), checks: [], autoincrement: /\bAUTOINCREMENT\b/i.test(sql) };
  for (const item of splitTopLevel(tableBody(sql))) {
    let rest = item;
    let name: string | undefined;
    const named = CONSTRAINT_NAME.exec(rest);
    if (named) {
      name = unquoteIdentifier(named[1]);
      rest = rest.slice(named[0].length);
    }
    if (/^(FOREIGN\s+KEY|UNIQUE|CHECK|PRIMARY\s+KEY)\b/i.test(rest)) {
      readTableConstraint(rest, name, parsed);
    } else if (!named) {
      readColumnConstraints(item, parsed);
    }
  }
  return parsed;
}

function columnList(inner: string): string[] {
  return splitTopLevel(inner).map((c) => unquoteIdentifier(c.split(/\s+(?=COLLATE|ASC|DESC)/i)[0]));
}

function readTableConstraint(text: string, name: string | undefined, parsed: ParsedTable): void {
  const keyword = /^(FOREIGN\s+KEY|UNIQUE|CHECK|PRIMARY\s+KEY)/i.exec(text)![1].toUpperCase().replace(/\s+/g, ' ');
  const group = parenthesised(text, keyword.length);
  if (!group) return;
  if (keyword === 'CHECK') parsed.checks.push({ name, expression: group.inner });
  else if (name && keyword === 'FOREIGN KEY') parsed.foreignKeyNames.set(columnList(group.inner).join('\u0000'), name);
  else if (name && keyword === 'UNIQUE') parsed.uniqueNames.set(columnList(group.inner).join('\u0000'), name);
}

/** Column definitions can carry `[CONSTRAINT n] REFERENCES ...` and `[CONSTRAINT n] CHECK (...)`. */
function readColumnConstraints(text: string, parsed: ParsedTable): void {
  const columnName = new RegExp(`^${IDENT}`).exec(text);
  if (!columnName) return;
  const column = unquoteIdentifier(columnName[0]);
  const clause = new RegExp(String.raw`(?:CONSTRAINT\s+(${IDENT})\s+)?\b(REFERENCES|CHECK|UNIQUE)\b`, 'gi');
  let m: RegExpExecArray | null;
  while ((m = clause.exec(text))) {
    const name = m[1] ? unquoteIdentifier(m[1]) : undefined;
    const kind = m[2].toUpperCase();
    if (kind === 'CHECK') {
      const group = parenthesised(text, m.index + m[0].length);
      if (group) {
        parsed.checks.push({ name, expression: group.inner });
        clause.lastIndex = group.end;
      }
    } else if (name && kind === 'REFERENCES') parsed.foreignKeyNames.set(column, name);
    else if (name && kind === 'UNIQUE') parsed.uniqueNames.set(column, name);
  }
}

/** The predicate of a partial index: what follows the top-level WHERE of its CREATE INDEX. */
function indexPredicate(sql: string | null): string | undefined {
  if (!sql) return undefined;
  const after = parenthesised(sql, 0);
  if (!after) return undefined;
  const m = /^\s*WHERE\s+([\s\S]*)$/i.exec(sql.slice(after.end));
  return m ? m[1].trim() : undefined;
}

// ---------------------------------------------------------------------------------------------
// One table

interface TableInfoRow { cid: number; name: string; type: string; notnull: number; dflt_value: string | null; pk: number; hidden?: number }
interface IndexListRow { seq: number; name: string; unique: number; origin: string; partial: number }
interface IndexInfoRow { seqno: number; cid: number; name: string | null; desc: number; key: number }
interface ForeignKeyRow { id: number; seq: number; table: string; from: string; to: string | null; on_update: string; on_delete: string }

const ACTION_BY_SQL: Record<string, ReferentialAction> = {
  CASCADE: 'Cascade', RESTRICT: 'Restrict', 'NO ACTION': 'NoAction', 'SET NULL': 'SetNull', 'SET DEFAULT': 'SetDefault',
};

function sqlText(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/**
 * A table as it is now, or undefined when it does not exist. Compatible with
 * `DdlContext.inspectTable` (SQLite has no schemas).
 */
export async function inspectSqliteTable(conn: Connection, table: string): Promise<TableDef | undefined> {
  const [master] = await conn.query<{ name: string; sql: string }>(
    "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name = ?", [table],
  );
  if (!master) return undefined;
  const t = sqlText(master.name);
  const parsed = parseTableSql(master.sql ?? '');

  // table_xinfo also lists generated columns (hidden 2/3); hidden 1 is a virtual table's own column.
  const info = (await conn.query<TableInfoRow>(`PRAGMA table_xinfo(${t})`)).filter((c) => c.hidden !== 1);
  const pkColumns = info.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk).map((c) => c.name);
  const columns: ColumnDef[] = info.map((c) => {
    const type = prismaType(c.type);
    const col: ColumnDef = { name: c.name, ...type, nullable: c.notnull === 0 };
    const def = normaliseDefault(c.dflt_value, type.type);
    if (def !== undefined) col.default = def;
    // Only `INTEGER PRIMARY KEY AUTOINCREMENT` counts, as Prisma writes it for autoincrement().
    if (parsed.autoincrement && pkColumns.length === 1 && pkColumns[0] === c.name && c.type.toUpperCase() === 'INTEGER') {
      col.autoincrement = true;
    }
    return col;
  });

  const indexes: IndexDef[] = [];
  const uniques: UniqueDef[] = [];
  const indexSql = new Map(
    (await conn.query<{ name: string; sql: string | null }>(
      "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ?", [master.name],
    )).map((r) => [r.name, r.sql]),
  );
  for (const idx of await conn.query<IndexListRow>(`PRAGMA index_list(${t})`)) {
    if (idx.origin === 'pk') continue;
    const cols: IndexColumn[] = (await conn.query<IndexInfoRow>(`PRAGMA index_xinfo(${sqlText(idx.name)})`))
      .filter((r) => r.key === 1)
      .sort((a, b) => a.seqno - b.seqno)
      // cid -2 is an expression, which the neutral model cannot express; keep its position visible.
      .map((r) => (r.desc ? { name: r.name ?? '<expression>', order: 'desc' as const } : { name: r.name ?? '<expression>' }));
    const columnsOut = cols.map((c) => (c.order ? c : c.name));
    if (idx.origin === 'u') {
      const key = cols.map((c) => c.name).join('\u0000');
      uniques.push({ name: parsed.uniqueNames.get(key) ?? idx.name, columns: columnsOut });
      continue;
    }
    const def: IndexDef = { name: idx.name, columns: columnsOut };
    if (idx.unique) def.unique = true;
    const where = idx.partial ? indexPredicate(indexSql.get(idx.name) ?? null) : undefined;
    if (where) def.where = where;
    indexes.push(def);
  }

  const fkRows = await conn.query<ForeignKeyRow>(`PRAGMA foreign_key_list(${t})`);
  const byId = new Map<number, ForeignKeyRow[]>();
  for (const r of fkRows) byId.set(r.id, [...(byId.get(r.id) ?? []), r]);
  const foreignKeys: ForeignKeyDef[] = [];
  // foreign_key_list numbers constraints in reverse declaration order.
  for (const id of [...byId.keys()].sort((a, b) => b - a)) {
    const parts = byId.get(id)!.sort((a, b) => a.seq - b.seq);
    const from = parts.map((p) => p.from);
    const referencedTable = parts[0].table;
    // `REFERENCES t` without columns means t's primary key.
    const referencedColumns = parts.every((p) => p.to !== null)
      ? parts.map((p) => p.to as string)
      : await primaryKeyOf(conn, referencedTable);
    foreignKeys.push({
      name: parsed.foreignKeyNames.get(from.join('\u0000')) ?? `${master.name}_${from.join('_')}_fkey`,
      columns: from,
      referencedTable,
      referencedColumns,
      onDelete: ACTION_BY_SQL[parts[0].on_delete.toUpperCase()] ?? 'NoAction',
      onUpdate: ACTION_BY_SQL[parts[0].on_update.toUpperCase()] ?? 'NoAction',
    });
  }

  const checks: CheckDef[] = parsed.checks.map((c, i) => ({ name: c.name ?? `${master.name}_check_${i + 1}`, expression: c.expression }));

  const out: TableDef = { name: master.name, columns };
  if (pkColumns.length) out.primaryKey = { columns: pkColumns };
  if (uniques.length) out.uniques = uniques;
  if (indexes.length) out.indexes = indexes;
  if (foreignKeys.length) out.foreignKeys = foreignKeys;
  if (checks.length) out.checks = checks;
  return out;
}

async function primaryKeyOf(conn: Connection, table: string): Promise<string[]> {
  const info = await conn.query<TableInfoRow>(`PRAGMA table_info(${sqlText(table)})`);
  return info.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk).map((c) => c.name);
}

/** A `DdlContext.inspectTable` for a SQLite connection. */
export function sqliteTableInspector(conn: Connection): (table: string) => Promise<TableDef | undefined> {
  return (table) => inspectSqliteTable(conn, table);
}
