/**
 * `op`: what a revision's upgrade()/downgrade() receives. Each method builds an `Op` and hands it to
 * the migration context, which renders it for the dialect and runs it (or prints it with --sql).
 * Column types use Prisma's vocabulary, so one revision runs on PostgreSQL, MySQL and SQLite.
 */
import type { ColumnDef, ColumnDefault, ColumnType, IndexColumn, ReferentialAction, TableDef } from '../schema/types';
import type { DialectName, Row } from '../db/types';
import type { AlterColumnOp, ArchiveSpec, ConstraintType, CreateIndexOp, ExistingColumn, Op } from './types';
import { IrreversibleError } from './irreversible';
import { planArchive, type ArchivePlan } from '../runtime/archive';
import { identifierRules } from '../ddl/identifiers';
import { checkCreatedNames, checkOptionKeys, SHAPES, type ListOf, type Shape } from './op-arguments';

/** What the runtime provides to `Operations`; online it executes, offline it prints. */
export interface OperationSink {
  readonly dialect: DialectName;
  /** False in --sql mode: there is no database to read from. */
  readonly online: boolean;
  run(op: Op): Promise<void>;
  /** Runs several ops on one table as one SQLite rebuild where needed (others: one by one). */
  runBatch(table: string, schema: string | undefined, ops: Op[]): Promise<void>;
  query<T = Row>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Bind placeholder for the 1-based parameter index ($1 on PostgreSQL, ? elsewhere). */
  placeholder(index: number): string;
  quote(identifier: string): string;
  /** The table as it is now (online only): archived drops read the primary key from it. */
  inspectTable?(table: string, schema?: string): Promise<TableDef | undefined>;
}

export interface SchemaOption { schema?: string }

/** Everything a table definition holds beside its name and columns. */
export interface CreateTableOptions
  extends SchemaOption, Pick<TableDef, 'primaryKey' | 'uniques' | 'indexes' | 'foreignKeys' | 'checks' | 'comment'> {
  /** Put back the rows that `dropTable(name, { archive: true })` archived (the downgrade of that drop). */
  restoreArchive?: boolean;
}

export interface ColumnChanges {
  type?: ColumnType;
  nativeType?: string;
  nullable?: boolean;
  /** null drops the default. */
  default?: ColumnDefault;
  newName?: string;
  /** Turn auto-increment (SERIAL / AUTO_INCREMENT) on or off. */
  autoincrement?: boolean;
  /** PostgreSQL: USING expression for a type change. */
  using?: string;
  /** The column as it is now: MySQL restates the whole column, so give it when running --sql there. */
  existing?: ExistingColumn;
}

export interface CreateIndexOptions extends SchemaOption {
  unique?: boolean;
  /** Partial index predicate (PostgreSQL, SQLite). */
  where?: string;
  /** Index method on PostgreSQL (btree, hash, gin, gist, brin). */
  using?: string;
  /** PostgreSQL CREATE INDEX CONCURRENTLY; the revision must export `transactional = false`. */
  concurrently?: boolean;
}

export interface ForeignKeyOptions extends SchemaOption {
  onDelete?: ReferentialAction;
  onUpdate?: ReferentialAction;
  referencedSchema?: string;
}

/** A parameterised SQL fragment built by the `op.sql` template tag. */
export interface SqlFragment { text: string; params: unknown[] }

/** An SQL expression used where a value is expected (`op.backfill`'s `set`); made by `op.raw`. */
export class RawSql {
  constructor(readonly text: string, readonly params: unknown[] = []) {}
}

export interface BackfillOptions extends SchemaOption {
  table: string;
  /** Column → new value: a plain value (bound as a parameter) or `op.raw('sql expression')`. */
  set: Record<string, unknown>;
  /** Which rows to update: an SQL predicate or an `op.sql` fragment. Every batch's UPDATE re-checks it. */
  where?: string | SqlFragment;
  /** Rows per batch, each batch its own transaction (default 10,000). */
  batchSize?: number;
  /** Pause between batches in milliseconds, to leave room for the application's writes (default 0). */
  pauseMs?: number;
  /** Columns to page by, unique and never NULL (default: the primary key, read from the database). */
  key?: string[];
}

export interface BackfillResult {
  /** Rows updated by this backfill, over all runs (a resumed backfill counts the earlier ones). */
  rows: number;
  /** Batches committed by this run. */
  batches: number;
  /** True when an earlier, interrupted run had already committed some batches. */
  resumed: boolean;
  /** The longest a batch's transaction stayed open (the longest its row locks were held), in ms. */
  longestBatchMs: number;
}

/** Runs `op.backfill` for the revision being run; provided by the runtime (absent with --sql). */
export interface BackfillRunner {
  run(options: BackfillOptions): Promise<BackfillResult>;
}

/** What the runtime tells `Operations` about the revision it runs. */
export interface RevisionContext {
  revision: string;
  /**
   * Whether the revision runs inside one transaction: true unless it exports `transactional = false`.
   * What the revision declares counts, not what the database can do, so a revision fails the same way
   * on MySQL (no transactional DDL) as on PostgreSQL.
   */
  transactional: boolean;
  backfills: BackfillRunner;
  /** A line for the person running the migration (e.g. an archive that is no longer there). */
  notify?(line: string): void;
}

/** An operation that manages its own transactions was called in a revision that runs inside one. */
export class TransactionalRevisionError extends Error {}

export class Operations {
  /** `revision` is given by the runtime (pmig upgrade/downgrade); the data helpers need it. */
  constructor(protected readonly sink: OperationSink, protected readonly revision?: RevisionContext) {}

  /** 'postgresql' | 'mysql' | 'sqlite', for the rare revision that must branch on it. */
  get dialect(): DialectName {
    return this.sink.dialect;
  }

  createTable(name: string, columns: ColumnDef[], options: CreateTableOptions = {}): Promise<void> {
    const call = callText('createTable', name);
    return this.guarded(call, [[columns, SHAPES.columns], [options, SHAPES.createTable]], () => {
      const { schema, restoreArchive, ...rest } = options;
      const table: TableDef = { name, columns, ...(schema ? { schema } : {}), ...rest };
      const inlinePk = columns.filter((c) => c.primaryKey).map((c) => c.name);
      if (!table.primaryKey && inlinePk.length) table.primaryKey = { columns: inlinePk };
      return this.runArchived(call, { kind: 'createTable', table, ...(restoreArchive ? { restoreArchive } : {}) });
    });
  }

  /** `archive: true` first copies the rows into a pmig archive table; the downgrade's createTable restores them. */
  dropTable(name: string, options: SchemaOption & { existing?: TableDef; archive?: boolean } = {}): Promise<void> {
    const call = callText('dropTable', name);
    return this.guarded(call, [[options, SHAPES.dropTable]], () => this.runArchived(call, { kind: 'dropTable', table: name, ...options }));
  }

  renameTable(from: string, to: string, options: SchemaOption = {}): Promise<void> {
    const call = callText('renameTable', from, to);
    return this.guarded(call, [[options, SHAPES.schemaOnly]], () => this.send(call, { kind: 'renameTable', from, to, ...options }));
  }

  /** `restoreArchive` fills the column back from the archive an archived `dropColumn` made. */
  addColumn(table: string, column: ColumnDef, options: SchemaOption & { restoreArchive?: ArchiveSpec } = {}): Promise<void> {
    const call = callText('addColumn', table, column?.name);
    return this.guarded(call, [[[column], SHAPES.columns], [options, SHAPES.addColumn]], () =>
      this.runArchived(call, { kind: 'addColumn', table, column, ...options }));
  }

  /**
   * `archive` first copies the non-null values with their rows' primary key into a pmig archive table
   * (`true`: the key is read from the database; `{ key: [...] }`: named, as `--sql` needs); the
   * downgrade's `addColumn(..., { restoreArchive })` puts them back.
   */
  dropColumn(table: string, column: string, options: SchemaOption & { existing?: ColumnDef; archive?: ArchiveSpec } = {}): Promise<void> {
    const call = callText('dropColumn', table, column);
    return this.guarded(call, [[options, SHAPES.dropColumn]], () => this.runArchived(call, { kind: 'dropColumn', table, column, ...options }));
  }

  alterColumn(table: string, column: string, changes: ColumnChanges, options: SchemaOption = {}): Promise<void> {
    const call = callText('alterColumn', table, column);
    return this.guarded(call, [[changes, SHAPES.columnChanges], [options, SHAPES.schemaOnly]], () => {
      const op: AlterColumnOp = { kind: 'alterColumn', table, column, ...changes, ...options };
      return this.send(call, op);
    });
  }

  renameColumn(table: string, from: string, to: string, options: SchemaOption = {}): Promise<void> {
    const call = callText('renameColumn', table, from, to);
    return this.guarded(call, [[options, SHAPES.schemaOnly]], () => this.send(call, { kind: 'renameColumn', table, from, to, ...options }));
  }

  /**
   * The two columns exchange names: each name then holds the other's values, with the indexes and
   * constraints on them. Its own inverse. Written by autogenerate when an implicit many-to-many
   * table's `A` and `B` change meaning after a model rename.
   */
  swapColumns(table: string, first: string, second: string, options: SchemaOption = {}): Promise<void> {
    const call = callText('swapColumns', table, first, second);
    return this.guarded(call, [[options, SHAPES.schemaOnly]], () => this.send(call, { kind: 'swapColumns', table, columns: [first, second], ...options }));
  }

  createIndex(name: string, table: string, columns: (string | IndexColumn)[], options: CreateIndexOptions = {}): Promise<void> {
    const call = callText('createIndex', name, table);
    return this.guarded(call, [[columns, SHAPES.indexColumns], [options, SHAPES.createIndex]], () => {
      const refused = options.concurrently && this.insideTransactionError(`createIndex('${name}', { concurrently: true })`);
      if (refused) return Promise.reject(refused);
      return this.send(call, { kind: 'createIndex', name, table, columns, ...options });
    });
  }

  dropIndex(
    name: string,
    options: SchemaOption & { table?: string; concurrently?: boolean; existing?: Omit<CreateIndexOp, 'kind'> } = {},
  ): Promise<void> {
    const call = callText('dropIndex', name);
    return this.guarded(call, [[options, SHAPES.dropIndex]], () => {
      const refused = options.concurrently && this.insideTransactionError(`dropIndex('${name}', { concurrently: true })`);
      if (refused) return Promise.reject(refused);
      return this.send(call, { kind: 'dropIndex', name, ...options });
    });
  }

  renameIndex(table: string, from: string, to: string, options: SchemaOption = {}): Promise<void> {
    const call = callText('renameIndex', table, from, to);
    return this.guarded(call, [[options, SHAPES.schemaOnly]], () => this.send(call, { kind: 'renameIndex', table, from, to, ...options }));
  }

  createPrimaryKey(name: string | undefined, table: string, columns: string[], options: SchemaOption = {}): Promise<void> {
    const call = callText('createPrimaryKey', name, table);
    return this.guarded(call, [[options, SHAPES.schemaOnly]], () =>
      this.send(call, { kind: 'createPrimaryKey', table, columns, ...(name ? { name } : {}), ...options }));
  }

  createUniqueConstraint(name: string, table: string, columns: string[], options: SchemaOption = {}): Promise<void> {
    const call = callText('createUniqueConstraint', name, table);
    return this.guarded(call, [[options, SHAPES.schemaOnly]], () =>
      this.send(call, { kind: 'createUniqueConstraint', name, table, columns, ...options }));
  }

  createForeignKey(
    name: string, table: string, columns: string[], referencedTable: string, referencedColumns: string[],
    options: ForeignKeyOptions = {},
  ): Promise<void> {
    const call = callText('createForeignKey', name, table);
    return this.guarded(call, [[options, SHAPES.foreignKey]], () => {
      const { schema, ...fk } = options;
      return this.send(call, {
        kind: 'createForeignKey', table, ...(schema ? { schema } : {}),
        foreignKey: { name, columns, referencedTable, referencedColumns, ...fk },
      });
    });
  }

  createCheckConstraint(name: string, table: string, expression: string, options: SchemaOption = {}): Promise<void> {
    const call = callText('createCheckConstraint', name, table);
    return this.guarded(call, [[options, SHAPES.schemaOnly]], () =>
      this.send(call, { kind: 'createCheckConstraint', table, check: { name, expression }, ...options }));
  }

  dropConstraint(name: string, table: string, type: ConstraintType, options: SchemaOption = {}): Promise<void> {
    const call = callText('dropConstraint', name, table);
    return this.guarded(call, [[options, SHAPES.schemaOnly]], () => this.send(call, { kind: 'dropConstraint', name, table, type, ...options }));
  }

  /** PostgreSQL: CREATE TYPE. MySQL keeps enums inline on columns and SQLite stores TEXT: nothing to run there. */
  createEnum(name: string, values: string[], options: SchemaOption = {}): Promise<void> {
    const call = callText('createEnum', name);
    return this.guarded(call, [[options, SHAPES.schemaOnly]], () => this.send(call, { kind: 'createEnum', name, values, ...options }));
  }

  dropEnum(name: string, options: SchemaOption & { existing?: string[] } = {}): Promise<void> {
    const call = callText('dropEnum', name);
    return this.guarded(call, [[options, SHAPES.dropEnum]], () => this.send(call, { kind: 'dropEnum', name, ...options }));
  }

  /**
   * PostgreSQL: ALTER TYPE ... ADD VALUE. Since PostgreSQL 12 it may run in a transaction, but the new
   * value cannot be used (inserted, compared) before that transaction commits: a revision that adds a
   * value and uses it must export `transactional = false` (or use it in a later revision).
   */
  addEnumValue(
    name: string, value: string,
    options: SchemaOption & { before?: string; after?: string; columns?: { table: string; column: string; values: string[]; nullable?: boolean }[] } = {},
  ): Promise<void> {
    const call = callText('addEnumValue', name, value);
    return this.guarded(call, [[options, SHAPES.addEnumValue]], () => this.send(call, { kind: 'addEnumValue', name, value, ...options }));
  }

  /** Runs SQL as written (params use the driver's placeholders, or pass an `op.sql` fragment). */
  execute(sql: string | SqlFragment, params?: unknown[]): Promise<void> {
    const fragment = typeof sql === 'string' ? { text: sql, params: params ?? [] } : sql;
    return this.sink.run({ kind: 'execute', sql: fragment.text, ...(fragment.params.length ? { params: fragment.params } : {}) });
  }

  /** Reads rows (needs a live connection: not available with --sql). */
  query<T = Row>(sql: string | SqlFragment, params?: unknown[]): Promise<T[]> {
    const fragment = typeof sql === 'string' ? { text: sql, params: params ?? [] } : sql;
    return this.sink.query<T>(fragment.text, fragment.params);
  }

  /**
   * Template tag that turns interpolated values into bind parameters, never into SQL text:
   * op.sql`UPDATE users SET last_login = ${date} WHERE id = ${id}`.
   */
  sql = (strings: TemplateStringsArray, ...values: unknown[]): SqlFragment => {
    let text = strings[0];
    values.forEach((value, i) => {
      text += this.sink.placeholder(i + 1) + strings[i + 1];
    });
    return { text, params: values };
  };

  /**
   * Marks this direction as impossible: `pmig` stops with this message instead of pretending the
   * step succeeded (a data revision's downgrade stub calls it).
   */
  irreversible(message: string): never {
    throw new IrreversibleError(message);
  }

  /**
   * An SQL expression as a value, for `op.backfill`'s `set`: op.raw('created_at'), op.raw('n + 1'),
   * or with bound parameters op.raw(op.sql`coalesce(name, ${fallback})`).
   */
  raw(sql: string | SqlFragment, params?: unknown[]): RawSql {
    return typeof sql === 'string' ? new RawSql(sql, params ?? []) : new RawSql(sql.text, sql.params);
  }

  /**
   * Updates many rows in batches by primary key (keyset pagination), each batch in its own short
   * transaction, so no lock is held for long on a big table. Progress is kept in pmig's
   * `<version table>_backfill` table in the same transaction as each batch: an interrupted run resumes
   * after the last committed batch and no row is updated twice. The revision must export
   * `transactional = false`; the SQL cannot be printed with --sql (batches depend on the data).
   *
   *   await op.backfill({ table: 'users', set: { last_login: op.raw('created_at') }, where: 'last_login IS NULL' });
   */
  backfill(options: BackfillOptions): Promise<BackfillResult> {
    if (!this.revision) {
      return Promise.reject(new Error('op.backfill runs inside `pmig upgrade` / `pmig downgrade`: it needs their connection and progress table.'));
    }
    const call = callText('backfill', options?.table);
    return this.guarded(call, [[options, SHAPES.backfill]], () => {
      const refused = this.insideTransactionError(`op.backfill('${options.table}')`);
      if (refused) return Promise.reject(refused);
      return this.revision!.backfills.run(options);
    });
  }

  /** Quotes an identifier for this dialect, for hand-written SQL. */
  quote(identifier: string): string {
    return this.sink.quote(identifier);
  }

  /** Operations that commit on their own cannot run inside the revision's transaction: say how to fix it. */
  private insideTransactionError(what: string): TransactionalRevisionError | undefined {
    if (!this.revision?.transactional) return undefined;
    return new TransactionalRevisionError(
      `Revision ${this.revision.revision}: ${what} cannot run inside the revision's transaction. ` +
        'Add `export const transactional = false;` to the revision file (data revisions made by `pmig revision --data` have it), ' +
        'and keep such operations in a revision of their own.',
    );
  }

  /** Inserts rows; values are bound as parameters. */
  async bulkInsert(table: string, rows: Row[], options: SchemaOption = {}): Promise<void> {
    checkOptionKeys(callText('bulkInsert', table), options, SHAPES.schemaOnly);
    if (!rows.length) return;
    const columns = Object.keys(rows[0]);
    const target = options.schema ? `${this.quote(options.schema)}.${this.quote(table)}` : this.quote(table);
    const columnList = columns.map((c) => this.quote(c)).join(', ');
    // Chunked so that the number of bind parameters stays under every driver's limit.
    const perStatement = Math.max(1, Math.floor(900 / columns.length));
    for (let start = 0; start < rows.length; start += perStatement) {
      const chunk = rows.slice(start, start + perStatement);
      const params: unknown[] = [];
      const tuples = chunk.map((row) => {
        const marks = columns.map((c) => {
          params.push(row[c] ?? null);
          return this.sink.placeholder(params.length);
        });
        return `(${marks.join(', ')})`;
      });
      await this.sink.run({ kind: 'execute', sql: `INSERT INTO ${target} (${columnList}) VALUES ${tuples.join(', ')}`, params });
    }
  }

  /**
   * Several changes to one table at once. On SQLite, changes that ALTER TABLE cannot do are applied
   * with a single table rebuild (new table, copy rows, swap, restore indexes and foreign keys); on
   * other databases the changes run one by one.
   */
  async batchAlterTable(table: string, build: (batch: BatchOperations) => void, options: SchemaOption = {}): Promise<void> {
    const call = callText('batchAlterTable', table);
    checkOptionKeys(call, options, SHAPES.schemaOnly);
    const batch = new BatchOperations(table, options.schema);
    build(batch);
    // Every change of the batch is checked before the first one runs.
    for (const op of batch.ops) checkCreatedNames(call, op, identifierRules(this.sink.dialect));
    const plans: ArchivePlan[] = [];
    for (const op of batch.ops) plans.push(await this.planArchive(op));
    for (const o of plans.flatMap((p) => p.before)) await this.sink.run(o);
    await this.sink.runBatch(table, options.schema, plans.map((p) => p.main));
    for (const o of plans.flatMap((p) => p.after)) await this.sink.run(o);
  }

  /**
   * Checks the keys of the call's object arguments against what the types allow, then starts the
   * op; a refusal is a rejected promise, as every failure of an `op` call is.
   */
  private guarded<T>(call: string, args: [unknown, Shape | ListOf][], start: () => Promise<T>): Promise<T> {
    try {
      for (const [value, expected] of args) checkOptionKeys(call, value, expected);
      return start();
    } catch (e) {
      return Promise.reject(e);
    }
  }

  /** Runs one op once the names it creates are known to fit the database: before any of its SQL. */
  private send(call: string, op: Op): Promise<void> {
    checkCreatedNames(call, op, identifierRules(this.sink.dialect));
    return this.sink.run(op);
  }

  /** Runs an op with the archive copy before it or the restore after it, when it asks for one. */
  private async runArchived(call: string, op: Op): Promise<void> {
    checkCreatedNames(call, op, identifierRules(this.sink.dialect));
    const plan = await this.planArchive(op);
    for (const o of [...plan.before, plan.main, ...plan.after]) await this.sink.run(o);
  }

  private planArchive(op: Op): Promise<ArchivePlan> {
    return planArchive(op, {
      dialect: { name: this.sink.dialect, quote: (id) => this.sink.quote(id), placeholder: (i) => this.sink.placeholder(i) },
      revision: this.revision?.revision,
      inspectTable: this.sink.inspectTable?.bind(this.sink),
      ...(this.sink.online ? { query: (sql: string, params?: unknown[]) => this.sink.query<Record<string, unknown>>(sql, params) } : {}),
      notify: this.revision?.notify,
    });
  }
}

/** `op.createTable('users')`: how messages name the call that failed. */
function callText(method: string, ...args: (string | undefined)[]): string {
  return `op.${method}(${args.filter((a) => typeof a === 'string').map((a) => `'${a}'`).join(', ')})`;
}

/** The per-table operations collected by `op.batchAlterTable`. */
export class BatchOperations {
  readonly ops: Op[] = [];
  constructor(private readonly table: string, private readonly schema?: string) {}

  /** The batch is built synchronously: a refusal throws, and batchAlterTable rejects before anything runs. */
  private checkKeys(method: string, subject: string | undefined, args: [unknown, Shape | ListOf][]): void {
    const call = `${callText('batchAlterTable', this.table)} → batch.${callText(method, subject).replace(/^op\./, '')}`;
    for (const [value, expected] of args) checkOptionKeys(call, value, expected);
  }

  private get where() {
    return { table: this.table, ...(this.schema ? { schema: this.schema } : {}) };
  }
  addColumn(column: ColumnDef, options: { restoreArchive?: ArchiveSpec } = {}): this {
    this.checkKeys('addColumn', column?.name, [[[column], SHAPES.columns], [options, SHAPES.batchAddColumn]]);
    this.ops.push({ kind: 'addColumn', ...this.where, column, ...options });
    return this;
  }
  dropColumn(column: string, options: { archive?: ArchiveSpec } = {}): this {
    this.checkKeys('dropColumn', column, [[options, SHAPES.batchDropColumn]]);
    this.ops.push({ kind: 'dropColumn', ...this.where, column, ...options });
    return this;
  }
  alterColumn(column: string, changes: ColumnChanges): this {
    this.checkKeys('alterColumn', column, [[changes, SHAPES.columnChanges]]);
    this.ops.push({ kind: 'alterColumn', ...this.where, column, ...changes });
    return this;
  }
  renameColumn(from: string, to: string): this {
    this.ops.push({ kind: 'renameColumn', ...this.where, from, to });
    return this;
  }
  createIndex(name: string, columns: (string | IndexColumn)[], options: Omit<CreateIndexOptions, 'schema' | 'concurrently'> = {}): this {
    this.checkKeys('createIndex', name, [[columns, SHAPES.indexColumns], [options, SHAPES.batchCreateIndex]]);
    this.ops.push({ kind: 'createIndex', name, ...this.where, columns, ...options });
    return this;
  }
  dropIndex(name: string): this {
    this.ops.push({ kind: 'dropIndex', name, ...this.where });
    return this;
  }
  createUniqueConstraint(name: string, columns: string[]): this {
    this.ops.push({ kind: 'createUniqueConstraint', name, ...this.where, columns });
    return this;
  }
  createForeignKey(name: string, columns: string[], referencedTable: string, referencedColumns: string[], options: Omit<ForeignKeyOptions, 'schema'> = {}): this {
    this.checkKeys('createForeignKey', name, [[options, SHAPES.batchForeignKey]]);
    this.ops.push({ kind: 'createForeignKey', ...this.where, foreignKey: { name, columns, referencedTable, referencedColumns, ...options } });
    return this;
  }
  createCheckConstraint(name: string, expression: string): this {
    this.ops.push({ kind: 'createCheckConstraint', ...this.where, check: { name, expression } });
    return this;
  }
  createPrimaryKey(name: string | undefined, columns: string[]): this {
    this.ops.push({ kind: 'createPrimaryKey', ...this.where, columns, ...(name ? { name } : {}) });
    return this;
  }
  dropConstraint(name: string, type: ConstraintType): this {
    this.ops.push({ kind: 'dropConstraint', name, ...this.where, type });
    return this;
  }
}
