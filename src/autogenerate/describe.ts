/**
 * One readable line per operation, for `pmig check` and for comments in rendered revisions, e.g.
 * `add column "User"."bio" (String, nullable)` or `drop index "Post_authorId_idx" on "Post"`.
 */
import type { ExistingColumn, Op } from '../operations/types';
import type { ColumnDef, ColumnDefault, ColumnType, IndexColumn, ReferentialAction } from '../schema/types';

function name(identifier: string, schema?: string): string {
  return schema ? `"${schema}"."${identifier}"` : `"${identifier}"`;
}

function columnName(table: string, column: string, schema?: string): string {
  return `${name(table, schema)}."${column}"`;
}

function typeText(type: ColumnType | undefined, nativeType?: string, list?: boolean): string {
  const base = type === undefined ? '?' : typeof type === 'string' ? type : type.enum;
  return `${base}${list ? '[]' : ''}${nativeType ? ` @db.${nativeType}` : ''}`;
}

function defaultText(value: ColumnDefault | undefined): string {
  if (value === undefined || value === null) return 'none';
  if (typeof value === 'object') return 'now' in value ? 'now()' : `dbgenerated(${JSON.stringify(value.sql)})`;
  return typeof value === 'string' ? `'${value}'` : String(value);
}

function columnSummary(column: ColumnDef): string {
  const parts = [typeText(column.type, column.nativeType, column.list), column.nullable === false ? 'not null' : 'nullable'];
  if (column.default != null) parts.push(`default ${defaultText(column.default)}`);
  if (column.autoincrement) parts.push('autoincrement');
  return parts.join(', ');
}

function columnList(columns: (string | IndexColumn)[]): string {
  return columns.map((c) => (typeof c === 'string' ? c : `${c.name}${c.order === 'desc' ? ' DESC' : ''}`)).join(', ');
}

function action(verb: string, value?: ReferentialAction): string {
  return value ? ` on ${verb} ${value}` : '';
}

function alteration(label: string, before: string | undefined, after: string): string {
  return before === undefined ? `${label} ${after}` : `${label} ${before} -> ${after}`;
}

function alterations(op: Extract<Op, { kind: 'alterColumn' }>): string[] {
  const was: ExistingColumn = op.existing ?? {};
  const nullability = (nullable?: boolean) => (nullable === false ? 'not null' : 'nullable');
  const changes: string[] = [];
  if (op.newName) changes.push(`rename to "${op.newName}"`);
  if (op.type !== undefined) {
    changes.push(alteration('type', was.type === undefined ? undefined : typeText(was.type, was.nativeType), typeText(op.type, op.nativeType)));
  }
  if (op.nullable !== undefined) changes.push(alteration('', was.nullable === undefined ? undefined : nullability(was.nullable), nullability(op.nullable)).trim());
  if (op.default !== undefined) changes.push(alteration('default', 'default' in was ? defaultText(was.default) : undefined, defaultText(op.default)));
  if (op.autoincrement !== undefined) changes.push(op.autoincrement ? 'add autoincrement' : 'remove autoincrement');
  return changes;
}

export function describeOp(op: Op): string {
  switch (op.kind) {
    case 'createTable':
      return `add table ${name(op.table.name, op.table.schema)}`;
    case 'dropTable':
      return `drop table ${name(op.table, op.schema)}`;
    case 'renameTable':
      return `rename table ${name(op.from, op.schema)} to "${op.to}"`;
    case 'addColumn':
      return `add column ${columnName(op.table, op.column.name, op.schema)} (${columnSummary(op.column)})`;
    case 'dropColumn':
      return `drop column ${columnName(op.table, op.column, op.schema)}`;
    case 'renameColumn':
      return `rename column ${columnName(op.table, op.from, op.schema)} to "${op.to}"`;
    case 'swapColumns':
      return `swap columns ${columnName(op.table, op.columns[0], op.schema)} and "${op.columns[1]}" (each takes the other's values)`;
    case 'alterColumn':
      return `alter column ${columnName(op.table, op.column, op.schema)} (${alterations(op).join(', ')})`;
    case 'createIndex':
      return `add ${op.unique ? 'unique index' : 'index'} "${op.name}" on ${name(op.table, op.schema)} (${columnList(op.columns)})`;
    case 'dropIndex':
      return `drop index "${op.name}"${op.table ? ` on ${name(op.table, op.schema)}` : ''}`;
    case 'renameIndex':
      return `rename index "${op.from}" to "${op.to}" on ${name(op.table, op.schema)}`;
    case 'createPrimaryKey':
      return `add primary key${op.name ? ` "${op.name}"` : ''} on ${name(op.table, op.schema)} (${op.columns.join(', ')})`;
    case 'createUniqueConstraint':
      return `add unique constraint "${op.name}" on ${name(op.table, op.schema)} (${op.columns.join(', ')})`;
    case 'createForeignKey': {
      const fk = op.foreignKey;
      return `add foreign key "${fk.name}" on ${name(op.table, op.schema)} (${fk.columns.join(', ')}) references `
        + `${name(fk.referencedTable, fk.referencedSchema)} (${fk.referencedColumns.join(', ')})`
        + `${action('delete', fk.onDelete)}${action('update', fk.onUpdate)}`;
    }
    case 'createCheckConstraint':
      return `add check constraint "${op.check.name}" on ${name(op.table, op.schema)} (${op.check.expression})`;
    case 'dropConstraint': {
      const what = { primary: 'primary key', unique: 'unique constraint', foreignKey: 'foreign key', check: 'check constraint' }[op.type];
      return `drop ${what} "${op.name}" on ${name(op.table, op.schema)}`;
    }
    case 'createEnum':
      return `add enum ${name(op.name, op.schema)} (${op.values.join(', ')})`;
    case 'dropEnum':
      return `drop enum ${name(op.name, op.schema)}`;
    case 'addEnumValue': {
      const position = op.after ? ` after '${op.after}'` : op.before ? ` before '${op.before}'` : '';
      return `add value '${op.value}' to enum ${name(op.name, op.schema)}${position}`;
    }
    case 'execute': {
      const sql = op.sql.replace(/\s+/g, ' ').trim();
      return `execute SQL: ${sql.length > 100 ? `${sql.slice(0, 97)}...` : sql}`;
    }
  }
}
