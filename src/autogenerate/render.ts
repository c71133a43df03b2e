/**
 * renderOps: operations as the TypeScript a revision's upgrade() and downgrade() contain, one
 * `await op.*` call per change, with the signatures of `Operations` (src/operations/operations.ts).
 * The downgrade is the inverse of each upgrade op, in reverse order.
 *
 * Deliberately left out of the rendered calls: the `existing` definitions that drop ops carry (only
 * autogenerate needs them, to build the downgrade) and fields at their default value
 * (`nullable: true`, `autoincrement: false`, ...). `alterColumn` keeps `existing`: MySQL restates
 * the whole column, and with `--sql` there is no database to read it from.
 */
import type { DialectName } from '../db/types';
import type { Op } from '../operations/types';
import { IrreversibleOpError, reverseOp } from '../operations/reverse';
import type { ColumnDef } from '../schema/types';
import { describeOp } from './describe';
import { quoteString, renderCall } from './literal';

export interface RenderOptions {
  dialect: DialectName;
  /**
   * Group consecutive changes to one table into `op.batchAlterTable(...)`, which SQLite needs to
   * apply most ALTERs (by rebuilding the table). Default: true on SQLite, false elsewhere.
   */
  renderAsBatch?: boolean;
  /** Indentation of each line; default two spaces. */
  indent?: string;
  /** Comment lines to write above an upgrade op (the safety report's warnings). */
  comments?: Map<Op, string[]>;
}

export interface RenderedOps {
  upgrade: string;
  downgrade: string;
  /** Import lines the rendered code needs beyond the revision template's own (none so far). */
  imports?: string;
}

/** One step of a rendered function: an op with comments above it, or a step a human must write. */
type Step =
  | { op: Op; comments: string[] }
  | { irreversible: IrreversibleOpError };

export function renderOps(ops: Op[], options: RenderOptions): RenderedOps {
  const indent = options.indent ?? '  ';
  const batch = options.renderAsBatch ?? options.dialect === 'sqlite';
  if (!ops.length) return { upgrade: `${indent}// No changes.`, downgrade: `${indent}// No changes.` };

  const upgradeSteps: Step[] = ops.map((op) => ({ op, comments: options.comments?.get(op) ?? [] }));
  const downgradeSteps: Step[] = [...ops].reverse().flatMap((op) => inverseSteps(op));
  return {
    upgrade: renderSteps(upgradeSteps, indent, batch),
    downgrade: renderSteps(downgradeSteps, indent, batch),
  };
}

function qualifiedName(name: string, schema?: string): string {
  return schema ? `"${schema}"."${name}"` : `"${name}"`;
}

/** Comments for a downgrade step that puts back structure but not the data the upgrade removed. */
function dataLossComments(op: Op): string[] {
  if ((op.kind === 'dropTable' || op.kind === 'dropColumn') && op.archive) {
    return ['Data is restored from the archive the upgrade made.'];
  }
  if (op.kind === 'dropTable') return [`Data is not restored: table ${qualifiedName(op.table, op.schema)} was dropped by the upgrade.`];
  if (op.kind === 'dropColumn') {
    return [`Data is not restored: column ${qualifiedName(op.table, op.schema)}."${op.column}" was dropped by the upgrade.`];
  }
  return [];
}

function inverseSteps(op: Op): Step[] {
  try {
    const inverse = reverseOp(op);
    const list = (Array.isArray(inverse) ? inverse : [inverse]).map((inverseOp) => withRestore(op, inverseOp));
    return list.map((inverseOp, i) => ({ op: inverseOp, comments: i === 0 ? dataLossComments(op) : [] }));
  } catch (error) {
    if (!(error instanceof IrreversibleOpError)) throw error;
    return [{ irreversible: error }];
  }
}

/** The inverse of an archived drop puts the archived data back. */
function withRestore(drop: Op, inverse: Op): Op {
  if (drop.kind === 'dropColumn' && drop.archive && inverse.kind === 'addColumn') return { ...inverse, restoreArchive: drop.archive };
  if (drop.kind === 'dropTable' && drop.archive && inverse.kind === 'createTable') return { ...inverse, restoreArchive: true };
  return inverse;
}

// ---------------------------------------------------------------- steps to lines

function renderSteps(steps: Step[], indent: string, batch: boolean): string {
  const lines: string[] = [];
  for (let i = 0; i < steps.length;) {
    const step = steps[i];
    if ('irreversible' in step) {
      // Consecutive irreversible steps (e.g. the statements of one enum rebuild) share one throw.
      let end = i;
      while (end < steps.length && 'irreversible' in steps[end]) end += 1;
      lines.push(...renderIrreversible(steps.slice(i, end) as Extract<Step, { irreversible: unknown }>[], indent));
      i = end;
      continue;
    }
    const group = batch ? batchGroup(steps, i) : [];
    if (group.length) {
      lines.push(...renderBatch(group, indent));
      i += group.length;
      continue;
    }
    lines.push(...step.comments.map((c) => `${indent}// ${c}`), renderOpCall(step.op, indent));
    i += 1;
  }
  return lines.join('\n');
}

function renderIrreversible(steps: { irreversible: IrreversibleOpError }[], indent: string): string[] {
  // Listed in upgrade order, the order a reader knows them in.
  const upgradeOrder = [...steps].reverse();
  const lines = [`${indent}// TODO: pmig cannot write the inverse of these upgrade steps; write it here, then remove the throw.`];
  for (const { irreversible } of upgradeOrder) {
    lines.push(`${indent}//   ${describeOp(irreversible.op)}`, `${indent}//   (${irreversible.reason})`);
  }
  const message = `Downgrade not written for: ${describeOp(upgradeOrder[0].irreversible.op)}`;
  lines.push(`${indent}throw new Error(${quoteString(message)});`);
  return lines;
}

// ---------------------------------------------------------------- batch (SQLite)

/** renameColumn is left out: SQLite renames a column in place (ALTER TABLE ... RENAME COLUMN), no rebuild needed. */
const BATCHABLE = new Set<Op['kind']>([
  'addColumn', 'dropColumn', 'alterColumn', 'createIndex', 'dropIndex',
  'createPrimaryKey', 'createUniqueConstraint', 'createForeignKey', 'createCheckConstraint', 'dropConstraint',
]);

function tableOf(op: Op): { table: string; schema?: string } | undefined {
  if (!BATCHABLE.has(op.kind)) return undefined;
  if (op.kind === 'createIndex' && op.concurrently) return undefined;
  const { table, schema } = op as { table?: string; schema?: string };
  return table ? { table, schema } : undefined;
}

/** The run of op steps starting at `start` that change the same table and can go in one batch. */
function batchGroup(steps: Step[], start: number): { op: Op; comments: string[] }[] {
  const first = steps[start];
  const where = 'op' in first ? tableOf(first.op) : undefined;
  if (!where) return [];
  const group: { op: Op; comments: string[] }[] = [];
  for (let i = start; i < steps.length; i += 1) {
    const step = steps[i];
    if (!('op' in step)) break;
    const other = tableOf(step.op);
    if (!other || other.table !== where.table || other.schema !== where.schema) break;
    group.push(step);
  }
  return group;
}

function renderBatch(group: { op: Op; comments: string[] }[], indent: string): string[] {
  const { table, schema } = tableOf(group[0].op)!;
  const inner = indent + '  ';
  const body = group.flatMap(({ op, comments }) => [...comments.map((c) => `${inner}// ${c}`), renderBatchCall(op, inner)]);
  const options = schema ? `, { schema: ${quoteString(schema)} }` : '';
  return [`${indent}await op.batchAlterTable(${quoteString(table)}, (batch) => {`, ...body, `${indent}}${options});`];
}

// ---------------------------------------------------------------- calls

/** A ColumnDef without the fields that hold their default value, in a fixed, readable order. */
function columnLiteral(column: ColumnDef): Record<string, unknown> {
  return {
    name: column.name,
    type: column.type,
    nativeType: column.nativeType,
    list: column.list || undefined,
    nullable: column.nullable === false ? false : undefined,
    default: column.default ?? undefined,
    autoincrement: column.autoincrement || undefined,
    primaryKey: column.primaryKey || undefined,
    comment: column.comment,
  };
}

/** Drops undefined fields and empty lists; returns undefined when nothing is left. */
function optionsLiteral(options: Record<string, unknown>): Record<string, unknown> | undefined {
  const kept = Object.entries(options).filter(([, v]) => v !== undefined && !(Array.isArray(v) && v.length === 0));
  return kept.length ? Object.fromEntries(kept) : undefined;
}

/** Arguments with a trailing undefined options object removed. */
function args(...values: unknown[]): unknown[] {
  while (values.length && values[values.length - 1] === undefined) values.pop();
  return values;
}

function alterChanges(op: Extract<Op, { kind: 'alterColumn' }>): Record<string, unknown> {
  return {
    type: op.type,
    nativeType: op.nativeType,
    nullable: op.nullable,
    default: op.default,
    autoincrement: op.autoincrement,
    newName: op.newName,
    using: op.using,
    existing: op.existing,
  };
}

function callArguments(op: Op): { method: string; args: unknown[] } {
  const schema = 'schema' in op ? op.schema : undefined;
  const withSchema = (options: Record<string, unknown> = {}) => optionsLiteral({ schema, ...options });
  switch (op.kind) {
    case 'createTable': {
      const t = op.table;
      return {
        method: 'createTable',
        args: args(t.name, t.columns.map(columnLiteral), optionsLiteral({
          schema: t.schema, primaryKey: t.primaryKey, uniques: t.uniques, indexes: t.indexes,
          foreignKeys: t.foreignKeys, checks: t.checks, comment: t.comment, restoreArchive: op.restoreArchive,
        })),
      };
    }
    case 'dropTable': return { method: 'dropTable', args: args(op.table, withSchema({ archive: op.archive })) };
    case 'renameTable': return { method: 'renameTable', args: args(op.from, op.to, withSchema()) };
    case 'addColumn': return { method: 'addColumn', args: args(op.table, columnLiteral(op.column), withSchema({ restoreArchive: op.restoreArchive })) };
    case 'dropColumn': return { method: 'dropColumn', args: args(op.table, op.column, withSchema({ archive: op.archive })) };
    case 'renameColumn': return { method: 'renameColumn', args: args(op.table, op.from, op.to, withSchema()) };
    case 'swapColumns': return { method: 'swapColumns', args: args(op.table, op.columns[0], op.columns[1], withSchema()) };
    case 'alterColumn': return { method: 'alterColumn', args: args(op.table, op.column, optionsLiteral(alterChanges(op)) ?? {}, withSchema()) };
    case 'createIndex':
      return {
        method: 'createIndex',
        args: args(op.name, op.table, op.columns, withSchema({ unique: op.unique, where: op.where, using: op.using, concurrently: op.concurrently })),
      };
    case 'dropIndex': return { method: 'dropIndex', args: args(op.name, withSchema({ table: op.table, concurrently: op.concurrently })) };
    case 'renameIndex': return { method: 'renameIndex', args: args(op.table, op.from, op.to, withSchema()) };
    case 'createPrimaryKey': return { method: 'createPrimaryKey', args: args(op.name, op.table, op.columns, withSchema()) };
    case 'createUniqueConstraint': return { method: 'createUniqueConstraint', args: args(op.name, op.table, op.columns, withSchema()) };
    case 'createForeignKey': {
      const fk = op.foreignKey;
      return {
        method: 'createForeignKey',
        args: args(fk.name, op.table, fk.columns, fk.referencedTable, fk.referencedColumns,
          withSchema({ referencedSchema: fk.referencedSchema, onDelete: fk.onDelete, onUpdate: fk.onUpdate })),
      };
    }
    case 'createCheckConstraint': return { method: 'createCheckConstraint', args: args(op.check.name, op.table, op.check.expression, withSchema()) };
    case 'dropConstraint': return { method: 'dropConstraint', args: args(op.name, op.table, op.type, withSchema()) };
    case 'createEnum': return { method: 'createEnum', args: args(op.name, op.values, withSchema()) };
    case 'dropEnum': return { method: 'dropEnum', args: args(op.name, withSchema()) };
    case 'addEnumValue':
      return { method: 'addEnumValue', args: args(op.name, op.value, withSchema({ before: op.before, after: op.after, columns: op.columns })) };
    case 'execute': return { method: 'execute', args: args(op.sql, op.params) };
  }
}

function renderOpCall(op: Op, indent: string): string {
  const { method, args: callArgs } = callArguments(op);
  return renderCall(`await op.${method}`, callArgs, indent);
}

/** The same change as a `batch.*` call inside `op.batchAlterTable` (no table, no schema). */
function batchArguments(op: Op): { method: string; args: unknown[] } {
  switch (op.kind) {
    case 'addColumn': return { method: 'addColumn', args: args(columnLiteral(op.column), optionsLiteral({ restoreArchive: op.restoreArchive })) };
    case 'dropColumn': return { method: 'dropColumn', args: args(op.column, optionsLiteral({ archive: op.archive })) };
    case 'alterColumn': return { method: 'alterColumn', args: [op.column, optionsLiteral(alterChanges(op)) ?? {}] };
    case 'renameColumn': return { method: 'renameColumn', args: [op.from, op.to] };
    case 'createIndex':
      return { method: 'createIndex', args: args(op.name, op.columns, optionsLiteral({ unique: op.unique, where: op.where, using: op.using })) };
    case 'dropIndex': return { method: 'dropIndex', args: [op.name] };
    case 'createPrimaryKey': return { method: 'createPrimaryKey', args: [op.name, op.columns] };
    case 'createUniqueConstraint': return { method: 'createUniqueConstraint', args: [op.name, op.columns] };
    case 'createForeignKey': {
      const fk = op.foreignKey;
      return {
        method: 'createForeignKey',
        args: args(fk.name, fk.columns, fk.referencedTable, fk.referencedColumns,
          optionsLiteral({ referencedSchema: fk.referencedSchema, onDelete: fk.onDelete, onUpdate: fk.onUpdate })),
      };
    }
    case 'createCheckConstraint': return { method: 'createCheckConstraint', args: [op.check.name, op.check.expression] };
    case 'dropConstraint': return { method: 'dropConstraint', args: [op.name, op.type] };
    default: throw new Error(`${op.kind} cannot be part of a batch`);
  }
}

function renderBatchCall(op: Op, indent: string): string {
  const { method, args: callArgs } = batchArguments(op);
  return renderCall(`batch.${method}`, callArgs, indent);
}
