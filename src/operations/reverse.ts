/**
 * The inverse of each operation, so that a downgrade can be rendered from an upgrade: the downgrade
 * is the inverse of each upgrade op, in reverse order. Drops can only be inverted when they carry
 * what was dropped (`existing`, which autogenerate fills in); otherwise `IrreversibleOpError`.
 */
import type {
  AlterColumnOp, ConstraintType, DropConstraintOp, ExistingColumn, Op,
} from './types';
import type { CheckDef, ForeignKeyDef, IndexColumn, PrimaryKeyDef, UniqueDef } from '../schema/types';

/** Thrown when an op's inverse cannot be known; `reason` says what a human must write instead. */
export class IrreversibleOpError extends Error {
  constructor(readonly op: Op, readonly reason: string) {
    super(`Cannot reverse ${op.kind}: ${reason}`);
    this.name = 'IrreversibleOpError';
  }
}

function schemaOf(op: { schema?: string }): { schema?: string } {
  return op.schema ? { schema: op.schema } : {};
}

function columnNames(columns: (string | IndexColumn)[]): string[] {
  return columns.map((c) => (typeof c === 'string' ? c : c.name));
}

export function reverseOp(op: Op): Op | Op[] {
  switch (op.kind) {
    case 'createTable':
      return { kind: 'dropTable', table: op.table.name, ...schemaOf(op.table), existing: op.table };
    case 'dropTable':
      if (!op.existing) throw new IrreversibleOpError(op, `the definition of table "${op.table}" is not known`);
      return { kind: 'createTable', table: op.existing };
    case 'renameTable':
      return { kind: 'renameTable', from: op.to, to: op.from, ...schemaOf(op) };

    case 'addColumn':
      return { kind: 'dropColumn', table: op.table, ...schemaOf(op), column: op.column.name, existing: op.column };
    case 'dropColumn':
      if (!op.existing) throw new IrreversibleOpError(op, `the definition of column "${op.table}"."${op.column}" is not known`);
      return { kind: 'addColumn', table: op.table, ...schemaOf(op), column: op.existing };
    case 'renameColumn':
      return { kind: 'renameColumn', table: op.table, ...schemaOf(op), from: op.to, to: op.from };
    case 'swapColumns':
      return op;
    case 'alterColumn':
      return reverseAlterColumn(op);

    case 'createIndex': {
      const { kind: _kind, ...index } = op;
      return { kind: 'dropIndex', name: op.name, table: op.table, ...schemaOf(op), ...(op.concurrently ? { concurrently: true } : {}), existing: index };
    }
    case 'dropIndex':
      if (!op.existing) throw new IrreversibleOpError(op, `the definition of index "${op.name}" is not known`);
      return { kind: 'createIndex', ...op.existing, ...(op.concurrently ? { concurrently: true } : {}) };
    case 'renameIndex':
      return { kind: 'renameIndex', table: op.table, ...schemaOf(op), from: op.to, to: op.from };

    case 'createPrimaryKey':
      return dropConstraint(op, op.name ?? `${op.table}_pkey`, 'primary', { ...(op.name ? { name: op.name } : {}), columns: op.columns });
    case 'createUniqueConstraint':
      return dropConstraint(op, op.name, 'unique', { name: op.name, columns: op.columns });
    case 'createForeignKey':
      return dropConstraint(op, op.foreignKey.name, 'foreignKey', op.foreignKey);
    case 'createCheckConstraint':
      return dropConstraint(op, op.check.name, 'check', op.check);
    case 'dropConstraint':
      return recreateConstraint(op);

    case 'createEnum':
      return { kind: 'dropEnum', name: op.name, ...schemaOf(op), existing: op.values };
    case 'dropEnum':
      if (!op.existing) throw new IrreversibleOpError(op, `the values of enum "${op.name}" are not known`);
      return { kind: 'createEnum', name: op.name, ...schemaOf(op), values: op.existing };
    case 'addEnumValue':
      throw new IrreversibleOpError(op, `PostgreSQL cannot remove value '${op.value}' from enum "${op.name}"; recreate the type without it by hand`);

    case 'execute':
      if (op.inverse) return { kind: 'execute', sql: op.inverse.sql, ...(op.inverse.params ? { params: op.inverse.params } : {}), inverse: { sql: op.sql, ...(op.params ? { params: op.params } : {}) } };
      throw new IrreversibleOpError(op, 'the inverse of raw SQL is not known');
  }
}

function dropConstraint(
  op: { table: string; schema?: string }, name: string, type: ConstraintType,
  existing: PrimaryKeyDef | UniqueDef | ForeignKeyDef | CheckDef,
): Op {
  return { kind: 'dropConstraint', table: op.table, ...schemaOf(op), name, type, existing };
}

function recreateConstraint(op: DropConstraintOp): Op {
  const where = { table: op.table, ...schemaOf(op) };
  const existing = op.existing;
  if (!existing) throw new IrreversibleOpError(op, `the definition of constraint "${op.name}" on "${op.table}" is not known`);
  switch (op.type) {
    case 'primary': {
      const pk = existing as PrimaryKeyDef;
      return { kind: 'createPrimaryKey', ...where, ...(pk.name ? { name: pk.name } : {}), columns: pk.columns };
    }
    case 'unique': {
      const unique = existing as UniqueDef;
      return { kind: 'createUniqueConstraint', ...where, name: unique.name, columns: columnNames(unique.columns) };
    }
    case 'foreignKey':
      return { kind: 'createForeignKey', ...where, foreignKey: existing as ForeignKeyDef };
    case 'check':
      return { kind: 'createCheckConstraint', ...where, check: existing as CheckDef };
  }
}

/**
 * Sets back every attribute the upgrade changed, from `existing`. The inverse's own `existing` is the
 * column as the upgrade left it. A `using` expression is not carried over: the cast back is not known.
 */
function reverseAlterColumn(op: AlterColumnOp): AlterColumnOp {
  const before = op.existing ?? {};
  const missing = (field: keyof ExistingColumn) => {
    throw new IrreversibleOpError(op, `the previous ${field} of column "${op.table}"."${op.column}" is not known`);
  };
  const back: Partial<AlterColumnOp> = {};
  const after: ExistingColumn = { ...before };

  if (op.type !== undefined) {
    if (before.type === undefined) missing('type');
    back.type = before.type;
    if (before.nativeType) back.nativeType = before.nativeType;
    after.type = op.type;
    after.nativeType = op.nativeType;
    if (!op.nativeType) delete after.nativeType;
  }
  if (op.nullable !== undefined) {
    if (before.nullable === undefined) missing('nullable');
    back.nullable = before.nullable;
    after.nullable = op.nullable;
  }
  if (op.default !== undefined) {
    if (!('default' in before)) missing('default');
    back.default = before.default ?? null;
    after.default = op.default;
  }
  if (op.autoincrement !== undefined) {
    if (before.autoincrement === undefined) missing('autoincrement');
    back.autoincrement = before.autoincrement;
    after.autoincrement = op.autoincrement;
  }
  return {
    kind: 'alterColumn', table: op.table, ...schemaOf(op),
    column: op.newName ?? op.column,
    ...back,
    ...(op.newName ? { newName: op.column } : {}),
    existing: after,
  };
}
