/**
 * Destructive steps at run time, for every revision (hand-written ones included): just before a drop
 * or a narrowing `alterColumn` runs, count on the live database what it would destroy or which rows
 * would reject it, say so, and ask for confirmation when someone can answer (`pmig upgrade` in a
 * terminal, unless --yes). Without anyone to ask, the caller chooses: `pmig upgrade` prints the
 * warning and goes on, `pmig downgrade` refuses (refuseWithoutTerminal) unless --yes.
 *
 * Setting NOT NULL while NULLs remain is refused outright with the count: the database would
 * reject it anyway (or, on MySQL outside strict mode, silently turn the NULLs into '' or 0).
 */
import type { Connection } from '../db/types';
import type { Dialect } from '../ddl/types';
import { inspectTable } from '../introspect/table';
import type { AlterColumnOp, DropColumnOp, DropTableOp, Op } from '../operations/types';
import {
  countNarrowingViolations, countNonNull, countNulls, countRows, describeNarrowing, label, narrowingOf, type CountContext,
} from '../autogenerate/safety-counts';

/** One destructive step about to run, with what it costs. */
export interface DestructiveWarning {
  revision: string;
  op: Op;
  /** Rows or values lost, or rows the change would reject or truncate. */
  count: number;
  message: string;
}

/** Answers whether to go on; false stops the run (the revision is rolled back where the database can). */
export type ConfirmDestructive = (warning: DestructiveWarning) => Promise<boolean>;

/** The person declined a destructive step. */
export class DestructiveStepDeclined extends Error {}

/**
 * For runs nobody can answer (no terminal) that must not destroy data unasked: stops before the
 * step, as a "no" would, and names the flag that runs it.
 */
export const refuseWithoutTerminal: ConfirmDestructive = async (warning) => {
  const what = warning.message.replace(/^Revision \S+ /, '').replace(/\.$/, '');
  throw new DestructiveStepDeclined(`stopped before a destructive step (${what}): there is no terminal to confirm it; run again with --yes to accept the loss.`);
};

/** A step that existing rows would reject (NOT NULL over NULLs). */
export class DestructiveStepRefused extends Error {}

export interface DestructiveGuardOptions {
  conn: Connection;
  dialect: Dialect;
  revision: string;
  log(line: string): void;
  confirm?: ConfirmDestructive;
}

export class DestructiveGuard {
  private readonly ctx: CountContext;

  constructor(private readonly options: DestructiveGuardOptions) {
    this.ctx = { conn: options.conn, dialect: options.dialect.name, quote: (id) => options.dialect.quote(id) };
  }

  /** The ops check() measures on the database before they run. */
  readsDatabase(op: Op): boolean {
    return op.kind === 'dropTable' || op.kind === 'dropColumn' || op.kind === 'alterColumn';
  }

  /** Called by the sink before each op runs. */
  async check(op: Op): Promise<void> {
    if (op.kind === 'dropTable') return this.dropTable(op);
    if (op.kind === 'dropColumn') return this.dropColumn(op);
    if (op.kind === 'alterColumn') return this.alterColumn(op);
  }

  private async dropTable(op: DropTableOp): Promise<void> {
    // A missing table is left for the DROP itself to report.
    if (!(await inspectTable(this.options.conn, op.table, op.schema))) return;
    const rows = await countRows(this.ctx, op.table, op.schema);
    if (!rows) return;
    const what = `drops table ${label(op.table, undefined, op.schema)} holding ${rows} row${rows === 1 ? '' : 's'}`;
    if (op.archive) return this.options.log(`  ${what}: archived first, the downgrade restores them.`);
    await this.warn(op, rows, `${what}: they will be lost.`);
  }

  private async dropColumn(op: DropColumnOp): Promise<void> {
    const live = await inspectTable(this.options.conn, op.table, op.schema);
    if (!live?.columns.some((c) => c.name === op.column)) return;
    const values = await countNonNull(this.ctx, op.table, op.column, op.schema);
    if (!values) return;
    const what = `drops column ${label(op.table, op.column, op.schema)} holding ${values} non-null value${values === 1 ? '' : 's'}`;
    if (op.archive) return this.options.log(`  ${what}: archived first, the downgrade restores them.`);
    await this.warn(op, values, `${what}: they will be lost.`);
  }

  private async alterColumn(op: AlterColumnOp): Promise<void> {
    // Defaults and renames lose nothing: no need to look at the table.
    if (op.nullable !== false && op.type === undefined) return;
    const live = (await inspectTable(this.options.conn, op.table, op.schema))?.columns.find((c) => c.name === op.column);
    if (!live) return;
    const name = label(op.table, op.column, op.schema);
    if (op.nullable === false && live.nullable !== false) {
      const nulls = await countNulls(this.ctx, op.table, op.column, op.schema);
      if (nulls) {
        throw new DestructiveStepRefused(
          `refusing to set ${name} NOT NULL: ${nulls} row${nulls === 1 ? ' holds' : 's hold'} NULL there. ` +
            'Fill them first (a data revision with op.backfill), then run again.',
        );
      }
    }
    const narrowing = op.type !== undefined ? narrowingOf(live, op, this.ctx.dialect) : undefined;
    if (!narrowing) return;
    const bad = await countNarrowingViolations(this.ctx, op.table, op.column, narrowing, op.schema);
    if (bad) await this.warn(op, bad, `narrows ${name}: ${bad} value${bad === 1 ? ' is' : 's are'} ${describeNarrowing(narrowing)} (rejected or truncated, depending on the database).`);
  }

  private async warn(op: Op, count: number, message: string): Promise<void> {
    const warning: DestructiveWarning = { revision: this.options.revision, op, count, message: `Revision ${this.options.revision} ${message}` };
    this.options.log(`WARNING: ${warning.message}`);
    if (this.options.confirm && !(await this.options.confirm(warning))) {
      throw new DestructiveStepDeclined(`stopped: the destructive step was declined (${message.replace(/\.$/, '')}).`);
    }
  }
}
