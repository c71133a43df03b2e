/**
 * What a rename question is, and when a dropped thing is a plausible source for an added one
 * ("compatible shapes"). Only compatible pairs become questions; an explicit answer (flag, answers
 * file, schema hint) may still name any dropped thing.
 */
import type { ColumnDef, ColumnType, TableDef } from '../schema/types';
import { shellQuote } from '../util/shell-quote';

/** A rename answer or hint that cannot be used: shown as is, exit code 1. */
export class RenameError extends Error {
  readonly exitCode: number = 1;
}

/** Questions nobody answered, without a terminal to ask in: nothing is written, exit code 2. */
export class MissingDecisionsError extends RenameError {
  readonly exitCode = 2;
  constructor(readonly questions: RenameQuestion[]) {
    super(missingDecisionsMessage(questions));
  }
}

/** Ctrl-C at a question: nothing is written. */
export class RenamePromptAborted extends RenameError {
  readonly exitCode = 130;
  constructor() {
    super('Aborted at a rename question: no revision was written.');
  }
}

function missingDecisionsMessage(questions: RenameQuestion[]): string {
  const lines = [`${questions.length} rename question${questions.length === 1 ? '' : 's'} ${questions.length === 1 ? 'needs' : 'need'} an answer, and there is no terminal to ask in. No revision was written.`];
  for (const q of questions) {
    lines.push('', `  ${questionText(q)}`);
    for (const c of q.candidates) lines.push(`    renamed from ${c.name}:  ${renameFlag(q, c.name)}`);
    lines.push(`    new:  --answers FILE with ${answersFileEntry(q)}, or --no-renames for every question left`);
  }
  lines.push('', 'Answer with the flags above (or an answers file, --answers FILE) and run the command again.');
  return lines.join('\n');
}

/** `"columns": { "User.fullName": null }`: how an answers file says "new" for this question. */
export function answersFileEntry(q: RenameQuestion, from: string | null = null): string {
  const section = { table: 'tables', column: 'columns', enum: 'enums', enumValue: 'enumValues' }[q.kind];
  return `"${section}": { "${qualifiedName(q.added.name, q.parent)}": ${from === null ? 'null' : JSON.stringify(from)} }`;
}

export type RenameKind = 'table' | 'column' | 'enum' | 'enumValue';

export interface RenameCandidate {
  /** Database name: a table, a column (of `parent`), an enum type, an enum value (of `parent`). */
  name: string;
  /** Readable type or shape, shown beside the name. */
  type: string;
}

export interface RenameQuestion {
  /** Stable key, also the key of the answers file: `table:Account`, `column:User.fullName`, `enum:Tier`, `enumValue:Role.MEMBER`. */
  id: string;
  kind: RenameKind;
  /** The table (by its new name) for a column, the enum (by its new name) for a value. */
  parent?: string;
  added: RenameCandidate;
  /** Dropped things it may have been renamed from, in the database's order. */
  candidates: RenameCandidate[];
}

export const KIND_LABEL: Record<RenameKind, string> = {
  table: 'Table', column: 'Column', enum: 'Enum', enumValue: 'Enum value',
};

export function questionId(kind: RenameKind, name: string, parent?: string): string {
  return `${kind}:${parent ? `${parent}.` : ''}${name}`;
}

/** `User.fullName` for a column, `Account` for a table. */
export function qualifiedName(name: string, parent?: string): string {
  return parent ? `${parent}.${name}` : name;
}

/** "Column User.fullName (String) was added and User.full_name (String) dropped: is it a rename?" */
export function questionText(q: RenameQuestion): string {
  const dropped = q.candidates.map((c) => candidateText(c, q.parent)).join(', ');
  return `${KIND_LABEL[q.kind]} ${candidateText(q.added, q.parent)} was added and ${dropped} dropped: is it a rename?`;
}

/** `User.full_name (String)`; an enum value has no type to show. */
export function candidateText(c: RenameCandidate, parent?: string): string {
  return c.type ? `${qualifiedName(c.name, parent)} (${c.type})` : qualifiedName(c.name, parent);
}

/** The flag that answers "renamed from `from`". */
export function renameFlag(q: RenameQuestion, from: string): string {
  switch (q.kind) {
    // Quoted for the shell: names may hold spaces, quotes or $ (the suggestion is copied as is).
    case 'table': return `--rename-table ${shellQuote(`${from}=${q.added.name}`)}`;
    case 'column': return `--rename-column ${shellQuote(`${q.parent}.${from}=${q.added.name}`)}`;
    case 'enum': return `--rename-enum ${shellQuote(`${from}=${q.added.name}`)}`;
    case 'enumValue': return `--rename-enum-value ${shellQuote(`${q.parent}.${from}=${q.added.name}`)}`;
  }
}

// ---------------------------------------------------------------- shapes

export function columnTypeText(column: Pick<ColumnDef, 'type' | 'nativeType' | 'list'>): string {
  const base = typeof column.type === 'string' ? column.type : column.type.enum;
  return `${base}${column.list ? '[]' : ''}${column.nativeType ? ` @db.${column.nativeType}` : ''}`;
}

export function tableShapeText(table: TableDef): string {
  return table.columns.map((c) => `${c.name} ${columnTypeText(c)}`).join(', ');
}

/** Scalar families whose values convert into one another without loss of meaning. */
function family(type: ColumnType): string {
  if (typeof type === 'object') return 'text';
  switch (type) {
    case 'Int': case 'BigInt': case 'Float': case 'Decimal': return 'number';
    case 'String': return 'text';
    default: return type;
  }
}

/** Same scalar family (an enum counts as text, which it converts to and from). */
export function compatibleColumns(a: ColumnDef, b: ColumnDef): boolean {
  return (a.list ?? false) === (b.list ?? false) && family(a.type) === family(b.type);
}

/**
 * A dropped table may be the added one renamed when their primary keys have compatible columns and
 * they share a column name or have as many columns (their columns may be renamed too).
 */
export function compatibleTables(added: TableDef, dropped: TableDef): boolean {
  const pk = (t: TableDef) => (t.primaryKey?.columns ?? []).map((name) => t.columns.find((c) => c.name === name));
  const addedKey = pk(added);
  const droppedKey = pk(dropped);
  if (addedKey.length !== droppedKey.length) return false;
  const keysMatch = addedKey.every((c, i) => c && droppedKey[i] && compatibleColumns(c, droppedKey[i]!));
  const droppedNames = new Set(dropped.columns.map((c) => c.name));
  const shareColumn = added.columns.some((c) => droppedNames.has(c.name));
  return keysMatch && (shareColumn || added.columns.length === dropped.columns.length);
}

/** A question as data for `--output json`: what was found and the flags that answer each choice. */
export function questionAsJson(q: RenameQuestion): Record<string, unknown> {
  return {
    id: q.id,
    kind: q.kind,
    ...(q.parent ? { parent: q.parent } : {}),
    question: questionText(q),
    added: q.added,
    candidates: q.candidates.map((c) => ({ ...c, flag: renameFlag(q, c.name), answersFileEntry: answersFileEntry(q, c.name) })),
    new: { flag: '--no-renames', answersFileEntry: answersFileEntry(q) },
  };
}
