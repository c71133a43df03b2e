/** Splits a migration.sql file into statements, respecting quotes, comments and dollar-quoted bodies. */
import type { DialectName } from './types';

export interface SqlStatement {
  /** `--` comment lines written just above the statement (Prisma writes `-- CreateTable` and the like). */
  comments: string[];
  /** The statement without its trailing `;`. */
  sql: string;
}

/**
 * Splits a migration file into statements at the `;` that end them, skipping those inside quotes
 * ('…', "…", `…`), comments (`--`, `/* *\/`), PostgreSQL dollar-quoted bodies ($$…$$, $tag$…$tag$),
 * and the BEGIN … END body of a trigger (SQLite, MySQL).
 */
export function splitSqlStatements(sql: string, dialect: DialectName): SqlStatement[] {
  const statements: SqlStatement[] = [];
  let start = 0;
  let i = 0;
  const push = (end: number) => {
    const statement = toStatement(sql.slice(start, end));
    if (statement) statements.push(statement);
    start = end + 1;
  };
  while (i < sql.length) {
    const ch = sql[i];
    const next = sql[i + 1];
    if (ch === '-' && next === '-') {
      const eol = sql.indexOf('\n', i);
      i = eol < 0 ? sql.length : eol + 1;
    } else if (ch === '/' && next === '*') {
      const close = sql.indexOf('*/', i + 2);
      i = close < 0 ? sql.length : close + 2;
    } else if (ch === "'" || ch === '"' || ch === '`') {
      i = endOfQuoted(sql, i, dialect === 'mysql' && ch !== '`');
    } else if (ch === '$' && dialect === 'postgresql' && /[A-Za-z_$]/.test(next ?? '') && !/[A-Za-z0-9_]/.test(sql[i - 1] ?? '')) {
      const tag = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(sql.slice(i));
      if (tag) {
        const close = sql.indexOf(tag[0], i + tag[0].length);
        i = close < 0 ? sql.length : close + tag[0].length;
      } else {
        i++;
      }
    } else if (ch === ';' && !insideTriggerBody(sql.slice(start, i), dialect)) {
      push(i);
      i++;
    } else {
      i++;
    }
  }
  push(sql.length);
  return statements;
}

/** Index just past the closing quote; a doubled quote is an escaped one, and MySQL strings also take `\`. */
function endOfQuoted(sql: string, open: number, backslashEscapes: boolean): number {
  const quote = sql[open];
  let i = open + 1;
  while (i < sql.length) {
    if (backslashEscapes && sql[i] === '\\') i += 2;
    else if (sql[i] === quote && sql[i + 1] === quote) i += 2;
    else if (sql[i] === quote) return i + 1;
    else i++;
  }
  return sql.length;
}

/** In `CREATE TRIGGER … BEGIN …; …; END`, only the `;` after END ends the statement. */
function insideTriggerBody(statementSoFar: string, dialect: DialectName): boolean {
  if (dialect === 'postgresql') return false;
  const code = stripComments(statementSoFar);
  if (!/^\s*CREATE\s+(?:TEMP\s+|TEMPORARY\s+)?(?:DEFINER\s*=\s*\S+\s+)?TRIGGER\b/i.test(code)) return false;
  return /\bBEGIN\b/i.test(code) && !/\bEND\s*$/i.test(code);
}

function stripComments(text: string): string {
  return text.replace(/--[^\n]*/g, '').replace(/\/\*[\s\S]*?\*\//g, '');
}

function toStatement(chunk: string): SqlStatement | undefined {
  const lines = chunk.split('\n');
  const comments: string[] = [];
  while (lines.length && /^\s*(--.*)?$/.test(lines[0])) {
    const comment = lines.shift()!.trim().replace(/^--\s?/, '');
    if (comment) comments.push(comment);
  }
  const sql = lines.join('\n').trim();
  if (!stripComments(sql).trim()) return undefined;
  return { comments, sql };
}
