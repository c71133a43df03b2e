/**
 * The statements of one backfill: find the key that ends the next batch, update the rows up to it.
 * Values always travel as bind parameters; identifiers are quoted by the dialect.
 */
import type { Dialect } from '../ddl/types';
import { RawSql, type SqlFragment } from '../operations/operations';

export interface Statement {
  text: string;
  params: unknown[];
}

/** Builds one statement, numbering the placeholders of the fragments it is made of. */
class StatementBuilder {
  readonly params: unknown[] = [];
  constructor(private readonly dialect: Dialect) {}

  param(value: unknown): string {
    this.params.push(value);
    return this.dialect.placeholder(this.params.length);
  }

  /**
   * Appends a user fragment (op.sql, op.raw) whose placeholders count from 1. PostgreSQL's `$n` are
   * shifted past the parameters already bound; `?` placeholders are positional and need nothing.
   */
  fragment(fragment: SqlFragment): string {
    const offset = this.params.length;
    this.params.push(...fragment.params);
    if (this.dialect.name !== 'postgresql' || !fragment.params.length) return fragment.text;
    return fragment.text.replace(/\$(\d+)/g, (m, n: string) => (Number(n) <= fragment.params.length ? `$${Number(n) + offset}` : m));
  }
}

export interface BackfillTarget {
  table: string;
  schema?: string;
  /** The columns batches are ordered and bounded by (the primary key). */
  key: string[];
  set: Record<string, unknown>;
  where?: SqlFragment;
}

export class BackfillSql {
  private readonly from: string;
  private readonly keyList: string;

  constructor(private readonly dialect: Dialect, private readonly target: BackfillTarget) {
    const q = (s: string) => dialect.quote(s);
    this.from = target.schema ? `${q(target.schema)}.${q(target.table)}` : q(target.table);
    this.keyList = target.key.map(q).join(', ');
  }

  /**
   * The key of the batchSize-th row to update after `after`: the database walks the key index and
   * returns one row, so the client never receives a batch's worth of keys.
   */
  nthKeyAfter(after: unknown[] | undefined, batchSize: number): Statement {
    const b = new StatementBuilder(this.dialect);
    const where = this.conditions(b, after, undefined);
    const text = `SELECT ${this.keyList} FROM ${this.from}${where} ORDER BY ${this.keyList} LIMIT 1 OFFSET ${b.param(batchSize - 1)}`;
    return { text, params: b.params };
  }

  /** The last key to update after `after`, for the final, shorter batch. */
  lastKeyAfter(after: unknown[] | undefined): Statement {
    const b = new StatementBuilder(this.dialect);
    const where = this.conditions(b, after, undefined);
    const desc = this.target.key.map((k) => `${this.dialect.quote(k)} DESC`).join(', ');
    return { text: `SELECT ${this.keyList} FROM ${this.from}${where} ORDER BY ${desc} LIMIT 1`, params: b.params };
  }

  /** How many rows are left to update, for the ETA. */
  countAfter(after: unknown[] | undefined): Statement {
    const b = new StatementBuilder(this.dialect);
    return { text: `SELECT COUNT(*) AS ${this.dialect.quote('n')} FROM ${this.from}${this.conditions(b, after, undefined)}`, params: b.params };
  }

  /** Updates the rows with after < key <= upTo that still match the filter (re-checked under the row lock). */
  updateBatch(after: unknown[] | undefined, upTo: unknown[]): Statement {
    const b = new StatementBuilder(this.dialect);
    const assignments = Object.entries(this.target.set).map(([column, value]) => {
      const expression = value instanceof RawSql ? b.fragment(value) : b.param(value);
      return `${this.dialect.quote(column)} = ${expression}`;
    });
    const where = this.conditions(b, after, upTo);
    return { text: `UPDATE ${this.from} SET ${assignments.join(', ')}${where}`, params: b.params };
  }

  private conditions(b: StatementBuilder, after: unknown[] | undefined, upTo: unknown[] | undefined): string {
    const parts: string[] = [];
    if (after) parts.push(this.compareKey(b, '>', after));
    if (upTo) parts.push(this.compareKey(b, '<=', upTo));
    // Parenthesised: the user's predicate may contain OR.
    if (this.target.where) parts.push(`(${b.fragment(this.target.where)})`);
    return parts.length ? ` WHERE ${parts.join(' AND ')}` : '';
  }

  /**
   * key > values / key <= values in key order. PostgreSQL and SQLite use a row-value comparison,
   * which their planners turn into an index range. MariaDB accepts row values but scans the whole
   * index for them, so MySQL gets the expanded form, which its range optimizer understands:
   * a > ? OR (a = ? AND b > ?).
   */
  private compareKey(b: StatementBuilder, op: '>' | '<=', values: unknown[]): string {
    const q = (s: string) => this.dialect.quote(s);
    const key = this.target.key;
    if (key.length === 1) return `${q(key[0])} ${op} ${b.param(values[0])}`;
    if (this.dialect.name !== 'mysql') {
      return `(${this.keyList}) ${op} (${values.map((v) => b.param(v)).join(', ')})`;
    }
    const strict = op === '>' ? '>' : '<';
    const alternatives = key.map((column, i) => {
      const equal = key.slice(0, i).map((prefix, j) => `${q(prefix)} = ${b.param(values[j])}`);
      const last = i === key.length - 1 ? op : strict;
      return [...equal, `${q(column)} ${last} ${b.param(values[i])}`].join(' AND ');
    });
    return `(${alternatives.map((a) => `(${a})`).join(' OR ')})`;
  }
}
