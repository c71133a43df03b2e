/**
 * Names in the Prisma schema that the database cannot hold as written are refused before a revision
 * is written. PostgreSQL would cut a 64+ byte table or column name to 63 bytes without an error, and
 * `pmig check` would then see a difference forever; MySQL/MariaDB would refuse 65+ character names
 * or emoji only when the revision runs. Prisma itself refuses over-long `map:` constraint names but
 * not `@@map`/`@map` table, column and enum names; its default constraint names are cut to fit
 * (src/prisma/constraint-names.ts), so they never reach here too long.
 */
import { DATABASE_LABEL, identifierProblem } from '../ddl/identifiers';
import type { Dialect, IdentifierKind } from '../ddl/types';
import { prismaNameMap, type ModelNames } from '../prisma/name-map';
import type { PslBlock } from '../prisma/psl';
import type { Schema, TableDef } from '../schema/types';

/** Shown as is (no stack), exit code 1. */
export class UnholdableNamesError extends Error {
  readonly exitCode: number = 1;
}

type Limits = Pick<Dialect, 'name' | 'identifierLimits'>;

/** Every problem, so that one run shows all the `@map`s to add. */
export function unholdableNames(target: Schema, blocks: PslBlock[], dialect: Limits): string[] {
  const names = prismaNameMap(blocks);
  const problems: string[] = [];
  const report = (kind: IdentifierKind, name: string, subject: string, fix: string): void => {
    const problem = identifierProblem(dialect, name, kind);
    if (problem) problems.push(`${subject} '${name}', which ${problem}. Fix: ${fix}.`);
  };
  const schemasSeen = new Set<string>();
  for (const table of target.tables) {
    if (table.schema && !schemasSeen.has(table.schema)) {
      schemasSeen.add(table.schema);
      report('schema', table.schema, 'The database schema named in the datasource\'s `schemas` and in @@schema is', 'a shorter schema name in both places');
    }
    const model = modelOf(table, names.models);
    if (model) reportModel(table, model, report);
    else reportJoinTable(table, report);
  }
  for (const e of target.enums) {
    const prisma = names.enums.find((n) => n.dbName === e.name);
    const enumName = prisma?.enum ?? e.name;
    report('enum', e.name, `Enum ${enumName} maps to the type name`, `@@map("<a shorter name>") in enum ${enumName}`);
    for (const [valueName, stored] of Object.entries(prisma?.values ?? Object.fromEntries(e.values.map((v) => [v, v])))) {
      report('enumValue', stored, `Value ${enumName}.${valueName} is stored as`, `@map("<a shorter value>") on ${valueName} in enum ${enumName}`);
    }
  }
  return problems;
}

/** Throws UnholdableNamesError naming every model, field and enum whose database name cannot be held. */
export function refuseUnholdableNames(target: Schema, blocks: PslBlock[], dialect: Limits): void {
  const problems = unholdableNames(target, blocks, dialect);
  if (!problems.length) return;
  const db = DATABASE_LABEL[dialect.name];
  throw new UnholdableNamesError(
    `The Prisma schema has ${problems.length === 1 ? 'a name' : 'names'} that ${db} cannot hold as written; pmig refuses ` +
      'to write a revision the database would change or reject:\n' + problems.map((p) => `  - ${p}`).join('\n'),
  );
}

function modelOf(table: TableDef, models: ModelNames[]): ModelNames | undefined {
  const sameName = models.filter((m) => m.table === table.name);
  return sameName.find((m) => m.schema === table.schema) ?? sameName[0];
}

type Report = (kind: IdentifierKind, name: string, subject: string, fix: string) => void;

function reportModel(table: TableDef, model: ModelNames, report: Report): void {
  const m = model.model;
  report('table', table.name, `Model ${m} maps to the table name`, `@@map("<a shorter name>") in model ${m}`);
  const fieldOf = (column: string) => Object.entries(model.columns).find(([, c]) => c === column)?.[0] ?? column;
  for (const column of table.columns) {
    const field = fieldOf(column.name);
    report('column', column.name, `Field ${m}.${field} maps to the column name`, `@map("<a shorter name>") on field ${m}.${field}`);
  }
  if (table.primaryKey?.name) {
    report('constraint', table.primaryKey.name, `The primary key of model ${m} is named`, `@id(map: "<a shorter name>") or @@id([...], map: "<a shorter name>") in model ${m}`);
  }
  for (const u of table.uniques ?? []) {
    report('constraint', u.name, `A unique constraint of model ${m} is named`, `@unique(map: "<a shorter name>") or @@unique([...], map: "<a shorter name>") in model ${m}`);
  }
  for (const i of table.indexes ?? []) {
    const attribute = i.unique ? '@unique(map: "<a shorter name>") or @@unique([...], map: "<a shorter name>")' : '@@index([...], map: "<a shorter name>")';
    report('index', i.name, `An index of model ${m} is named`, `${attribute} in model ${m}`);
  }
  for (const fk of table.foreignKeys ?? []) {
    report('constraint', fk.name, `The foreign key of model ${m} on (${fk.columns.join(', ')}) is named`, `@relation(..., map: "<a shorter name>") on that relation field of model ${m}`);
  }
}

/** An implicit many-to-many table `_{RelationName}`: its names all derive from the relation's name. */
function reportJoinTable(table: TableDef, report: Report): void {
  const fix = `name the relation shorter with @relation("<a shorter name>") on both list fields of the relation`;
  report('table', table.name, `The implicit many-to-many table of relation ${table.name.replace(/^_/, '')} is named`, fix);
  for (const i of table.indexes ?? []) report('index', i.name, `An index of the many-to-many table ${table.name} is named`, fix);
  for (const fk of table.foreignKeys ?? []) report('constraint', fk.name, `A foreign key of the many-to-many table ${table.name} is named`, fix);
  if (table.primaryKey?.name) report('constraint', table.primaryKey.name, `The primary key of the many-to-many table ${table.name} is named`, fix);
}
