/**
 * Rename answers given before the question is asked: command-line flags, an answers file, and
 * `/// @pmig.renamedFrom("old")` hints in the Prisma schema. All are keyed like questions
 * (`column:User.fullName`) and name the old database name, or null for "new".
 *
 * Answers file (`--answers renames.json`), keyed by the added thing's new database name:
 *
 *   {
 *     "tables":     { "Account": "User" },                       // Account was renamed from User
 *     "columns":    { "User.fullName": "full_name", "User.nickname": null },   // null: a new column
 *     "enums":      { "Tier": "Plan" },
 *     "enumValues": { "Role.MEMBER": "USER" },
 *     "others":     "new"                                        // optional: every other question is "new"
 *   }
 */
import { readFileSync } from 'node:fs';
import { PrismaModelIndex } from '../prisma/datamodel-to-schema';
import type { PslBlock } from '../prisma/psl';
import { questionId, RenameError as PmigError, type RenameKind } from './rename-questions';

export interface RenameFlags {
  /** `old=new`, repeatable. */
  renameTable?: string[];
  /** `table.old=new` (the table by its old or new name). */
  renameColumn?: string[];
  /** `old=new` (PostgreSQL enum types). */
  renameEnum?: string[];
  /** `Enum.old=new` (the enum by its database name). */
  renameEnumValue?: string[];
  /** Every question nobody answered otherwise is answered "new". */
  noRenames?: boolean;
  /** Path of an answers file (format above). */
  answersFile?: string;
}

export interface ExplicitAnswer {
  /** The old name, or null for "new". */
  from: string | null;
  /** Where the answer came from, for the revision's decisions comment and for errors. */
  source: string;
}

const FLAG_NAMES: Record<RenameKind, string> = {
  table: '--rename-table', column: '--rename-column', enum: '--rename-enum', enumValue: '--rename-enum-value',
};
const FILE_SECTIONS: Record<string, RenameKind> = { tables: 'table', columns: 'column', enums: 'enum', enumValues: 'enumValue' };

/** Answers from flags and the answers file, remembering which were used so that stray ones are reported. */
export class ExplicitAnswers {
  private readonly answers = new Map<string, ExplicitAnswer>();
  private readonly used = new Set<string>();
  readonly othersAreNew: boolean;

  constructor(flags: RenameFlags = {}) {
    let othersAreNew = !!flags.noRenames;
    if (flags.answersFile) othersAreNew = this.readFile(flags.answersFile) || othersAreNew;
    // Flags come last: they override the file.
    for (const [kind, values] of [
      ['table', flags.renameTable], ['column', flags.renameColumn], ['enum', flags.renameEnum], ['enumValue', flags.renameEnumValue],
    ] as [RenameKind, string[] | undefined][]) {
      for (const value of values ?? []) this.addFlag(kind, value);
    }
    this.othersAreNew = othersAreNew;
  }

  private addFlag(kind: RenameKind, value: string): void {
    const flag = `${FLAG_NAMES[kind]} ${value}`;
    const match = /^(.+)=(.+)$/.exec(value);
    const nested = kind === 'column' || kind === 'enumValue';
    const left = match?.[1] ?? '';
    const dot = left.lastIndexOf('.');
    if (!match || (nested && dot <= 0)) {
      throw new PmigError(`${flag}: expected ${nested ? (kind === 'column' ? 'table.old=new' : 'Enum.old=new') : 'old=new'}.`);
    }
    const [parent, from] = nested ? [left.slice(0, dot), left.slice(dot + 1)] : [undefined, left];
    this.answers.set(questionId(kind, match[2], parent), { from, source: flag });
  }

  /** Returns whether the file says that every other question is "new". */
  private readFile(path: string): boolean {
    let data: Record<string, unknown>;
    try {
      data = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
    } catch (e) {
      throw new PmigError(`Cannot read the answers file ${path}: ${(e as Error).message}`);
    }
    for (const [section, entries] of Object.entries(data)) {
      if (section === 'others') continue;
      const kind = FILE_SECTIONS[section];
      if (!kind || typeof entries !== 'object' || entries === null) {
        throw new PmigError(`Answers file ${path}: unknown section "${section}" (expected tables, columns, enums, enumValues, others).`);
      }
      for (const [added, from] of Object.entries(entries)) {
        if (from !== null && typeof from !== 'string') throw new PmigError(`Answers file ${path}: ${section}["${added}"] must be the old name or null (new).`);
        const nested = kind === 'column' || kind === 'enumValue';
        const dot = added.lastIndexOf('.');
        if (nested && dot <= 0) throw new PmigError(`Answers file ${path}: ${section} keys are "${kind === 'column' ? 'Table.column' : 'Enum.value'}", got "${added}".`);
        const id = nested ? questionId(kind, added.slice(dot + 1), added.slice(0, dot)) : questionId(kind, added);
        this.answers.set(id, { from: from as string | null, source: `answers file ${path}` });
      }
    }
    if (data.others !== undefined && data.others !== 'new') throw new PmigError(`Answers file ${path}: "others" can only be "new".`);
    return data.others === 'new';
  }

  /** The answer for an added thing, trying each name its parent is known by (a renamed table has two). */
  lookup(kind: RenameKind, added: string, parents: (string | undefined)[] = [undefined]): ExplicitAnswer | undefined {
    for (const parent of parents) {
      const id = questionId(kind, added, parent);
      const answer = this.answers.get(id);
      if (answer) {
        this.used.add(id);
        return answer;
      }
    }
    return undefined;
  }

  /** Answers that named no added table, column, enum or value. */
  unused(): ExplicitAnswer[] {
    return [...this.answers.entries()].filter(([id]) => !this.used.has(id)).map(([, a]) => a);
  }
}

// ---------------------------------------------------------------- schema hints

const HINT = /@pmig\.renamedFrom\(\s*"([^"]*)"\s*\)/;

export interface RenameHint {
  from: string;
  /** `@pmig.renamedFrom("full_name") on field User.fullName`, for messages. */
  where: string;
}

/** Hints by question id (database names), read from the `///` comments of models, fields, enums and values. */
export function readRenameHints(blocks: PslBlock[]): Map<string, RenameHint> {
  const index = new PrismaModelIndex(blocks);
  const hints = new Map<string, RenameHint>();
  const add = (id: string, documentation: string | undefined, where: string) => {
    const match = documentation ? HINT.exec(documentation) : null;
    if (match) hints.set(id, { from: match[1], where: `@pmig.renamedFrom("${match[1]}") on ${where}` });
  };
  for (const model of index.models.values()) {
    const table = index.tableName(model);
    add(questionId('table', table), model.documentation, `model ${model.name}`);
    for (const field of index.columnFields(model)) {
      add(questionId('column', index.columnName(field), table), field.documentation, `field ${model.name}.${field.name}`);
    }
  }
  for (const block of index.enums.values()) {
    const name = index.enumName(block);
    add(questionId('enum', name), block.documentation, `enum ${block.name}`);
    const values = index.enumValues(block);
    block.fields.forEach((value, i) => add(questionId('enumValue', values[i], name), value.documentation, `enum value ${block.name}.${value.name}`));
  }
  return hints;
}
