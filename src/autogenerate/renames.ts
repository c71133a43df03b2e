/**
 * The rename resolver, between introspection and compare: pmig never guesses a rename and never
 * turns one into drop + add behind the user's back.
 *
 * For tables, then columns (of tables matched by name or by a rename), then enum types
 * (PostgreSQL), then enum values, each added thing is matched against the dropped ones:
 *   1. certain: same Prisma name, `@map`/`@@map` changed since the revisions the database is at
 *      (the names they recorded, name-record.ts); an implicit many-to-many table whose model was
 *      renamed follows it (and swaps A and B where the model order changed);
 *   2. a `/// @pmig.renamedFrom("old")` hint on the model, field, enum or value;
 *   3. a flag or the answers file;
 *   4. no compatible dropped candidate: new, no question;
 *   5. `--no-renames` (or `"others": "new"`): new;
 *   6. the interactive prompt, when there is a terminal;
 *   7. otherwise the question is collected, and MissingDecisionsError lists them all at the end.
 * Each rename is applied to a copy of the current schema and emitted as ops; compare then works on
 * the renamed schema, so what is left (type changes, indexes and keys whose Prisma default names
 * follow the new name) comes out as alterColumn / renameIndex / re-created keys after the renames.
 */
import type { DialectName } from '../db/types';
import type { Op } from '../operations/types';
import type { PrismaNameMap } from '../prisma';
import { PrismaModelIndex } from '../prisma/datamodel-to-schema';
import { joinPairKey, joinTableSides, sameSide, type JoinTableSides } from '../prisma/implicit-m2m';
import type { PslBlock } from '../prisma/psl';
import type { ColumnDef, EnumDef, Schema, TableDef } from '../schema/types';
import { compareSchemas } from './compare';
import { certainRenames, type CertainRenames } from './name-snapshot';
import { tableKey } from './order';
import {
  renameColumnIn, renameEnumIn, renameEnumValuesIn, renameTableIn, swapColumnsIn, type EnumColumn, type EnumValueRename,
} from './rename-apply';
import { ExplicitAnswers, readRenameHints, type RenameFlags, type RenameHint } from './rename-answers';
import {
  columnTypeText, compatibleColumns, compatibleTables, KIND_LABEL, MissingDecisionsError, qualifiedName, questionId,
  RenameError, tableShapeText, type RenameCandidate, type RenameKind, type RenameQuestion,
} from './rename-questions';

export { MissingDecisionsError, RenamePromptAborted, RenameError } from './rename-questions';
export type { RenameQuestion } from './rename-questions';
export type { RenameFlags } from './rename-answers';

/** Asks one question; resolves to the old name, or null for "new". */
export type AskRename = (question: RenameQuestion) => Promise<string | null>;

export interface RenameInput {
  target: Schema;
  current: Schema;
  /** The parsed Prisma schema: hints, and the columns that hold enum values. */
  blocks: PslBlock[];
  dialect: DialectName;
  /** The Prisma-name → database-name map now, and as stored at the last autogenerate. */
  names: PrismaNameMap;
  previousNames?: PrismaNameMap;
}

export interface RenameResolution {
  /** The renames, then what compare finds between the target and the renamed current schema. */
  ops: Op[];
  /** One line per question or certain rename, for the revision's doc header. */
  decisions: string[];
}

export async function compareWithRenames(input: RenameInput, flags: RenameFlags, ask?: AskRename): Promise<RenameResolution> {
  const resolver = new RenameResolver(input, new ExplicitAnswers(flags), ask);
  const { ops: renameOps, current } = await resolver.resolve();
  const compared = compareSchemas(input.target, current, { dialect: input.dialect, foreignKeyNamesMatter: resolver.joinTablesChanged });
  return { ops: [...renameOps, ...compared], decisions: resolver.decisions };
}

interface Named { name: string; schema?: string }

/** One kind of question over one scope (all tables, the columns of one table, ...). */
interface Phase<T extends Named> {
  kind: RenameKind;
  /** The table or enum, by its new name (and old name, when renamed). */
  parent?: string;
  parentAliases?: string[];
  added: T[];
  dropped: T[];
  describe(item: T): string;
  compatible(added: T, dropped: T): boolean;
  /** Added name → dropped name, known for certain. */
  certain: Map<string, { from: string; reason: string }>;
  apply(from: T, to: T): void;
}

class RenameResolver {
  readonly decisions: string[] = [];
  private readonly missing: RenameQuestion[] = [];
  private readonly hints: Map<string, RenameHint>;
  private readonly certain: CertainRenames;
  private readonly current: Schema;
  private readonly ops: Op[] = [];
  /** Join tables renamed or swapped here (by tableKey): their foreign keys must take Prisma's new names. */
  readonly joinTablesChanged = new Set<string>();
  /** New table name → old, for flags that name a column's table by its old name. */
  private readonly renamedTables = new Map<string, string>();

  constructor(private readonly input: RenameInput, private readonly explicit: ExplicitAnswers, private readonly ask?: AskRename) {
    this.hints = readRenameHints(input.blocks);
    this.certain = certainRenames(input.previousNames, input.names);
    this.current = structuredClone(input.current);
  }

  async resolve(): Promise<{ ops: Op[]; current: Schema }> {
    await this.tables();
    await this.joinTables();
    this.swapJoinColumns();
    await this.columns();
    if (this.input.dialect === 'postgresql') await this.enums();
    await this.enumValues();
    const stray = this.explicit.unused();
    if (stray.length) {
      throw new RenameError(`${stray.map((a) => a.source).join(', ')}: no such added ${stray.length === 1 ? 'name' : 'names'} in this revision (nothing was written).`);
    }
    if (this.missing.length) throw new MissingDecisionsError(this.missing);
    return { ops: this.ops, current: this.current };
  }

  // ---------------------------------------------------------------- phases

  private async tables(): Promise<void> {
    const currentKeys = new Set(this.current.tables.map((t) => tableKey(t.name, t.schema)));
    const targetKeys = new Set(this.input.target.tables.map((t) => tableKey(t.name, t.schema)));
    // Implicit many-to-many tables follow their models: settled after them (joinTables()).
    const notJoin = (t: TableDef) => !joinTableSides(t);
    await this.phase<TableDef>({
      kind: 'table',
      added: this.input.target.tables.filter((t) => notJoin(t) && !currentKeys.has(tableKey(t.name, t.schema))),
      dropped: this.current.tables.filter((t) => notJoin(t) && !targetKeys.has(tableKey(t.name, t.schema))),
      describe: tableShapeText,
      compatible: (a, d) => (a.schema ?? null) === (d.schema ?? null) && compatibleTables(a, d),
      certain: new Map(this.certain.tables.map((r) => [r.to, { from: r.from, reason: `@@map of model ${r.model} changed` }])),
      apply: (from, to) => this.renameTable(from, to),
    });
  }

  private renameTable(from: TableDef, to: TableDef): void {
    if (joinTableSides(to)) this.joinTablesChanged.add(tableKey(to.name, to.schema));
    this.renamedTables.set(to.name, from.name);
    this.ops.push(...renameTableIn(this.current, from.name, to.name, to.schema));
  }

  /**
   * Implicit many-to-many tables, once the model tables are settled. Prisma names one after its
   * models (`_PostToTag`), so renaming a model renames it: when exactly one dropped and one added
   * join table link the same two tables and one of those models was renamed, the join table is
   * renamed with it, no question asked. Any other rename between join tables is asked, offering only
   * join tables that link the same two tables.
   */
  private async joinTables(): Promise<void> {
    const currentKeys = new Set(this.current.tables.map((t) => tableKey(t.name, t.schema)));
    const targetKeys = new Set(this.input.target.tables.map((t) => tableKey(t.name, t.schema)));
    // Read after the model renames were applied to the current schema: the pairs are comparable.
    const pairOf = (t: TableDef) => joinPairKey(joinTableSides(t)!);
    const added = this.input.target.tables.filter((t) => joinTableSides(t) && !currentKeys.has(tableKey(t.name, t.schema)));
    const dropped = this.current.tables.filter((t) => joinTableSides(t) && !targetKeys.has(tableKey(t.name, t.schema)));
    const certain = new Map<string, { from: string; reason: string }>();
    for (const table of added) {
      const pair = pairOf(table);
      const from = dropped.filter((d) => pairOf(d) === pair);
      if (from.length !== 1 || added.filter((a) => pairOf(a) === pair).length !== 1) continue;
      const renamed = this.renamedModelOf(joinTableSides(table)!);
      if (renamed) certain.set(table.name, { from: from[0].name, reason: `its model ${renamed}` });
    }
    await this.phase<TableDef>({
      kind: 'table',
      added,
      dropped,
      describe: tableShapeText,
      compatible: (a, d) => (a.schema ?? null) === (d.schema ?? null) && pairOf(a) === pairOf(d),
      certain,
      apply: (from, to) => this.renameTable(from, to),
    });
  }

  /** How one of the two linked models was renamed in this revision ("Tag was renamed to Label"), if one was. */
  private renamedModelOf(sides: JoinTableSides): string | undefined {
    for (const side of [sides.A, sides.B]) {
      const old = this.renamedTables.get(side.table);
      if (old !== undefined) return `${old} was renamed to ${side.table}`;
      const key = tableKey(side.table, side.schema);
      const before = this.input.previousNames?.models.find((m) => tableKey(m.table, m.schema) === key)?.model;
      const now = this.input.names.models.find((m) => tableKey(m.table, m.schema) === key)?.model;
      if (before !== undefined && now !== undefined && before !== now) return `${before} was renamed to ${now}`;
    }
    return undefined;
  }

  /**
   * `A` references the model whose name sorts first: where a rename changed which one that is, the
   * join table's rows hold each link the wrong way round. The two columns swap names (and with them
   * their values), so that every row links the same two records as before.
   */
  private swapJoinColumns(): void {
    for (const wanted of this.input.target.tables) {
      const wantedSides = joinTableSides(wanted);
      if (!wantedSides || sameSide(wantedSides.A, wantedSides.B)) continue;
      const existing = this.current.tables.find((t) => tableKey(t.name, t.schema) === tableKey(wanted.name, wanted.schema));
      const sides = existing && joinTableSides(existing);
      if (!sides || !sameSide(sides.A, wantedSides.B) || !sameSide(sides.B, wantedSides.A)) continue;
      this.ops.push(...swapColumnsIn(this.current, wanted.name, 'A', 'B', wanted.schema));
      this.joinTablesChanged.add(tableKey(wanted.name, wanted.schema));
      this.decisions.push(`${wanted.name}: columns A and B swapped, so that each link joins the same rows (A now references ${wantedSides.A.table}, the model first by name)`);
    }
  }

  private async columns(): Promise<void> {
    for (const wanted of this.input.target.tables) {
      const existing = this.current.tables.find((t) => tableKey(t.name, t.schema) === tableKey(wanted.name, wanted.schema));
      if (!existing) continue;
      const existingNames = new Set(existing.columns.map((c) => c.name));
      const wantedNames = new Set(wanted.columns.map((c) => c.name));
      const certain = this.certain.columns.filter((r) => r.table === wanted.name && (r.schema ?? null) === (wanted.schema ?? null));
      const oldName = this.renamedTables.get(wanted.name);
      await this.phase<ColumnDef>({
        kind: 'column',
        parent: wanted.name,
        parentAliases: oldName ? [oldName] : [],
        added: wanted.columns.filter((c) => !existingNames.has(c.name)),
        dropped: existing.columns.filter((c) => !wantedNames.has(c.name)),
        describe: columnTypeText,
        compatible: compatibleColumns,
        certain: new Map(certain.map((r) => [r.to, { from: r.from, reason: `@map of field ${r.field} changed` }])),
        apply: (from, to) => this.ops.push(...renameColumnIn(this.current, wanted.name, from.name, to.name, wanted.schema)),
      });
    }
  }

  private async enums(): Promise<void> {
    const key = (e: EnumDef) => tableKey(e.name, e.schema);
    const currentKeys = new Set(this.current.enums.map(key));
    const targetKeys = new Set(this.input.target.enums.map(key));
    await this.phase<EnumDef>({
      kind: 'enum',
      added: this.input.target.enums.filter((e) => !currentKeys.has(key(e))),
      dropped: this.current.enums.filter((e) => !targetKeys.has(key(e))),
      describe: (e) => e.values.join(' | '),
      compatible: (a, d) => (a.schema ?? null) === (d.schema ?? null)
        && (a.values.length === d.values.length || a.values.some((v) => d.values.includes(v))),
      certain: new Map(this.certain.enums.map((r) => [r.to, { from: r.from, reason: `@@map of enum ${r.enum} changed` }])),
      apply: (from, to) => this.ops.push(...renameEnumIn(this.current, from.name, to.name, to.schema)),
    });
  }

  private async enumValues(): Promise<void> {
    const columnsByEnum = enumColumnsOf(this.input.blocks);
    for (const wanted of this.input.names.enums) {
      const columns = (columnsByEnum.get(wanted.enum) ?? []).filter((c) => this.hasColumn(c));
      const before = this.currentEnumValues(wanted.dbName, wanted.enum, columns);
      if (!before) continue;
      const after = Object.values(wanted.values);
      const renames: EnumValueRename[] = [];
      const certain = this.certain.enumValues.filter((r) => r.enum === wanted.dbName);
      await this.phase<Named>({
        kind: 'enumValue',
        parent: wanted.dbName,
        added: after.filter((v) => !before.includes(v)).map((name) => ({ name })),
        dropped: before.filter((v) => !after.includes(v)).map((name) => ({ name })),
        describe: () => '',
        compatible: () => true,
        certain: new Map(certain.map((r) => [r.to, { from: r.from, reason: `@map of enum value ${wanted.enum}.${r.value} changed` }])),
        apply: (from, to) => renames.push({ from: from.name, to: to.name }),
      });
      if (renames.length) {
        const schema = this.current.enums.find((e) => e.name === wanted.dbName)?.schema;
        this.ops.push(...renameEnumValuesIn(this.current, this.input.dialect, wanted.dbName, renames, columns, schema));
      }
    }
  }

  private hasColumn(c: EnumColumn): boolean {
    const table = this.current.tables.find((t) => tableKey(t.name, t.schema) === tableKey(c.table, c.schema));
    return !!table?.columns.some((col) => col.name === c.column);
  }

  /**
   * The values the database holds for an enum now: PostgreSQL's type; on MySQL the union of its
   * columns' inline ENUMs; SQLite keeps no list, so the one stored at the last autogenerate.
   * Undefined when the enum is new (nothing to rename from).
   */
  private currentEnumValues(dbName: string, prismaName: string, columns: EnumColumn[]): string[] | undefined {
    if (this.input.dialect === 'postgresql') return this.current.enums.find((e) => e.name === dbName)?.values;
    if (this.input.dialect === 'sqlite') return this.certain.storedEnumValues.get(prismaName);
    const values = new Set<string>();
    for (const c of columns) {
      const table = this.current.tables.find((t) => tableKey(t.name, t.schema) === tableKey(c.table, c.schema));
      const type = table?.columns.find((col) => col.name === c.column)?.type;
      if (typeof type === 'object') type.values.forEach((v) => values.add(v));
    }
    return values.size ? [...values] : undefined;
  }

  // ---------------------------------------------------------------- one phase

  private async phase<T extends Named>(p: Phase<T>): Promise<void> {
    const unclaimed = [...p.dropped];
    const label = KIND_LABEL[p.kind].toLowerCase();
    const claim = (from: T, to: T, how: string) => {
      unclaimed.splice(unclaimed.indexOf(from), 1);
      // Worded before apply(), which renames `from` in the working copy of the current schema.
      this.decisions.push(`${qualifiedName(from.name, p.parent)} → ${qualifiedName(to.name, p.parent)}: renamed (${how})`);
      p.apply(from, to);
    };
    const byName = (name: string) => unclaimed.find((d) => d.name === name);

    for (const added of p.added) {
      const id = questionId(p.kind, added.name, p.parent);
      // Looked up first so that a flag agreeing with a certain rename or a hint is not reported as stray.
      const answer = this.explicit.lookup(p.kind, added.name, [p.parent, ...(p.parentAliases ?? [])]);
      const certain = p.certain.get(added.name);
      const certainFrom = certain && byName(certain.from);
      if (certainFrom) {
        claim(certainFrom, added, `certain: ${certain.reason}`);
        continue;
      }

      const hint = this.hints.get(id);
      if (hint) {
        const from = byName(hint.from);
        if (!from) {
          const left = unclaimed.map((d) => d.name).join(', ') || 'none';
          throw new RenameError(`${hint.where} matches nothing: no dropped ${label} named "${hint.from}"${p.parent ? ` in ${p.parent}` : ''} (dropped: ${left}).`);
        }
        claim(from, added, `schema hint ${hint.where}`);
        continue;
      }

      if (answer) {
        if (answer.from === null) {
          this.decisions.push(`${qualifiedName(added.name, p.parent)}: new ${label} (${answer.source})`);
          continue;
        }
        const from = byName(answer.from);
        if (!from) throw new RenameError(`${answer.source}: there is no dropped ${label} "${answer.from}"${p.parent ? ` in ${p.parent}` : ''} to rename from.`);
        claim(from, added, answer.source);
        continue;
      }

      const candidates = unclaimed.filter((d) => p.compatible(added, d));
      if (!candidates.length) continue;
      const question: RenameQuestion = {
        id, kind: p.kind, ...(p.parent ? { parent: p.parent } : {}),
        added: this.candidate(p, added),
        candidates: candidates.map((c) => this.candidate(p, c)),
      };
      const candidatesText = question.candidates.map((c) => qualifiedName(c.name, p.parent)).join(', ');
      if (this.explicit.othersAreNew) {
        this.decisions.push(`${qualifiedName(added.name, p.parent)}: new ${label}, not renamed from ${candidatesText} (--no-renames)`);
        continue;
      }
      if (!this.ask) {
        this.missing.push(question);
        continue;
      }
      const fromName = await this.ask(question);
      if (fromName === null) {
        this.decisions.push(`${qualifiedName(added.name, p.parent)}: new ${label}, not renamed from ${candidatesText} (answered at the prompt)`);
      } else {
        claim(byName(fromName)!, added, 'answered at the prompt');
      }
    }
  }

  private candidate<T extends Named>(p: Phase<T>, item: T): RenameCandidate {
    return { name: item.name, type: p.describe(item) };
  }
}

/** Prisma enum name → the columns whose field has that enum type (by database names). */
function enumColumnsOf(blocks: PslBlock[]): Map<string, EnumColumn[]> {
  const index = new PrismaModelIndex(blocks);
  const result = new Map<string, EnumColumn[]>();
  for (const model of index.models.values()) {
    const table = index.tableName(model);
    const schema = index.schemaName(model);
    for (const field of index.columnFields(model)) {
      if (!index.enums.has(field.type.name)) continue;
      const list = result.get(field.type.name) ?? [];
      list.push({ table, column: index.columnName(field), ...(schema ? { schema } : {}) });
      result.set(field.type.name, list);
    }
  }
  return result;
}
