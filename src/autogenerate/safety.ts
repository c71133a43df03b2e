/**
 * Safety at generation time: autogenerate has the database at hand, so before the revision exists
 * it measures what each change would do to the rows that are there, and shapes the ops so that no
 * data is lost by surprise:
 *
 * - drops are archived (`archive` on dropTable / dropColumn, restored by the downgrade) unless
 *   archiving is turned off, and carry a warning with the rows / values they remove;
 * - a narrower type, a new NOT NULL, unique key or foreign key carry the count of rows that would
 *   reject it;
 * - a NOT NULL column without a default added to a table that has rows is added nullable here;
 *   the caller writes the backfill and SET NOT NULL revisions after it (safety-sequence.ts).
 */
import { PmigError } from '../api/project';
import type { Connection, DialectName } from '../db/types';
import type { AddColumnOp, Op } from '../operations/types';
import type { Schema, TableDef } from '../schema/types';
import {
  countDuplicates, countNarrowingViolations, countNonNull, countNulls, countOrphans, countRows,
  describeNarrowing, label, narrowingOf, type CountContext,
} from './safety-counts';

/** One measured consequence of one op, shown as a comment above it and printed. */
export interface SafetyFinding {
  op: Op;
  /** 'loss': data that the op destroys; 'violation': rows that make the op fail (or be truncated). */
  kind: 'loss' | 'violation';
  count: number;
  message: string;
}

/** A NOT NULL column without a default, for a table that has rows: added nullable, backfilled, then SET NOT NULL. */
export interface DeferredNotNull {
  /** The column as the schema wants it (NOT NULL). */
  op: AddColumnOp;
  rows: number;
}

export interface SafetyReport {
  /** The ops to render: drops marked for archiving, deferred NOT NULL columns added nullable. */
  ops: Op[];
  /** Findings with a non-zero count, in op order. */
  findings: SafetyFinding[];
  /** Comment lines per op (findings, and why a drop is not archived). */
  comments: Map<Op, string[]>;
  deferredNotNull: DeferredNotNull[];
}

export interface SafetyOptions {
  /** Archive dropped tables and columns (default true; `--no-archive` turns it off). */
  archive?: boolean;
}

export async function assessSafety(
  conn: Connection, dialect: DialectName, quote: (id: string) => string, ops: Op[], current: Schema, options: SafetyOptions = {},
): Promise<SafetyReport> {
  const ctx: CountContext = { conn, dialect, quote };
  const tables = new Map(current.tables.map((t) => [tableKey(t.name, t.schema), t]));
  const find = (table: string, schema?: string) => tables.get(tableKey(table, schema));
  const report: SafetyReport = { ops: [], findings: [], comments: new Map(), deferredNotNull: [] };

  for (const original of ops) {
    const shaped = await shape(original, find, ctx, options, report);
    report.ops.push(shaped.op);
    const findings = await measure(shaped.op, find, ctx);
    report.findings.push(...findings);
    const comments = [...findings.map((f) => `WARNING: ${f.message}`), ...shaped.notes];
    if (comments.length) report.comments.set(shaped.op, comments);
  }
  return report;
}

/** `--strict`: any change that destroys data or that rows would reject stops generation, nothing written. */
export function refuseUnsafe(report: SafetyReport): void {
  if (!report.findings.length) return;
  throw new PmigError(
    `Refusing to write the revision (--strict): ${report.findings.length} change${report.findings.length === 1 ? '' : 's'} would lose or reject data:\n` +
      report.findings.map((f) => `  - ${f.message}`).join('\n'),
  );
}

type FindTable = (table: string, schema?: string) => TableDef | undefined;

/** Archiving for drops, nullable-first for NOT NULL columns the table's rows could not satisfy. */
async function shape(op: Op, find: FindTable, ctx: CountContext, options: SafetyOptions, report: SafetyReport): Promise<{ op: Op; notes: string[] }> {
  const archive = options.archive !== false;
  if (op.kind === 'dropTable' && archive) {
    return { op: { ...op, archive: true }, notes: ['Archived first: the downgrade puts the rows back (`pmig archive list`).'] };
  }
  if (op.kind === 'dropColumn' && archive) {
    const key = find(op.table, op.schema)?.primaryKey?.columns ?? [];
    if (!key.length || key.includes(op.column)) {
      return { op, notes: [`Not archived: "${op.table}" has no primary key to put the values back by, so the downgrade recreates the column empty.`] };
    }
    return { op: { ...op, archive: { key } }, notes: ['Archived first by primary key: the downgrade puts the values back (`pmig archive list`).'] };
  }
  if (op.kind === 'addColumn' && needsValue(op) && find(op.table, op.schema)) {
    const rows = await countRows(ctx, op.table, op.schema);
    if (rows > 0) {
      report.deferredNotNull.push({ op, rows });
      const nullable: AddColumnOp = { ...op, column: { ...op.column, nullable: true } };
      return {
        op: nullable,
        notes: [`Added nullable: ${label(op.table)} has ${rows} rows and the column has no default. ` +
          'The next revisions backfill it and set NOT NULL.'],
      };
    }
  }
  return { op, notes: [] };
}

/** A NOT NULL column that existing rows have no value for. */
function needsValue(op: AddColumnOp): boolean {
  const c = op.column;
  return c.nullable === false && (c.default === undefined || c.default === null) && !c.autoincrement && !c.list;
}

/** What the op would destroy or which rows would reject it; only counts over columns that exist now. */
async function measure(op: Op, find: FindTable, ctx: CountContext): Promise<SafetyFinding[]> {
  const found = (kind: SafetyFinding['kind'], n: number, message: string): SafetyFinding[] => (n > 0 ? [{ op, kind, count: n, message }] : []);
  const has = (table: TableDef | undefined, columns: string[]) => !!table && columns.every((c) => table.columns.some((col) => col.name === c));

  switch (op.kind) {
    case 'dropTable': {
      if (!find(op.table, op.schema)) return [];
      const rows = await countRows(ctx, op.table, op.schema);
      return found('loss', rows, `drops table ${label(op.table, undefined, op.schema)} holding ${rows} row${rows === 1 ? '' : 's'}.`);
    }
    case 'dropColumn': {
      if (!has(find(op.table, op.schema), [op.column])) return [];
      const values = await countNonNull(ctx, op.table, op.column, op.schema);
      const rows = await countRows(ctx, op.table, op.schema);
      return found('loss', values, `drops column ${label(op.table, op.column, op.schema)}: ${values} non-null value${values === 1 ? '' : 's'} in ${rows} row${rows === 1 ? '' : 's'}.`);
    }
    case 'alterColumn': {
      if (!has(find(op.table, op.schema), [op.column])) return [];
      const findings: SafetyFinding[] = [];
      if (op.nullable === false && op.existing?.nullable !== false) {
        const nulls = await countNulls(ctx, op.table, op.column, op.schema);
        findings.push(...found('violation', nulls, `sets ${label(op.table, op.column, op.schema)} NOT NULL: ${nulls} row${nulls === 1 ? ' holds' : 's hold'} NULL there.`));
      }
      const narrowing = op.type !== undefined && op.existing ? narrowingOf(op.existing, op, ctx.dialect) : undefined;
      if (narrowing) {
        const bad = await countNarrowingViolations(ctx, op.table, op.column, narrowing, op.schema);
        findings.push(...found('violation', bad, `narrows ${label(op.table, op.column, op.schema)}: ${bad} value${bad === 1 ? ' is' : 's are'} ${describeNarrowing(narrowing)}.`));
      }
      return findings;
    }
    case 'createUniqueConstraint':
    case 'createIndex': {
      if (op.kind === 'createIndex' && !op.unique) return [];
      const columns = op.columns.map((c) => (typeof c === 'string' ? c : c.name));
      if (!has(find(op.table, op.schema), columns)) return [];
      const { groups, rows } = await countDuplicates(ctx, op.table, columns, op.schema);
      return found('violation', groups, `adds a unique key on ${label(op.table, undefined, op.schema)} (${columns.join(', ')}): ` +
        `${groups} group${groups === 1 ? '' : 's'} of duplicate values (${rows} rows).`);
    }
    case 'createForeignKey': {
      const fk = op.foreignKey;
      if (!has(find(op.table, op.schema), fk.columns)) return [];
      const parent = find(fk.referencedTable, fk.referencedSchema ?? op.schema);
      const orphans = await countOrphans(ctx, op.table, fk, has(parent, fk.referencedColumns), op.schema);
      return found('violation', orphans, `adds foreign key ${label(op.table, undefined, op.schema)} (${fk.columns.join(', ')}) -> ` +
        `${label(fk.referencedTable)} (${fk.referencedColumns.join(', ')}): ${orphans} row${orphans === 1 ? '' : 's'} reference no existing row.`);
    }
    default:
      return [];
  }
}

function tableKey(name: string, schema?: string): string {
  return `${schema ?? ''}.${name}`;
}
