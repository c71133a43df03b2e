/**
 * Prisma schema → pmig's neutral Schema: exactly the tables Prisma Migrate would create, per
 * provider (checked against the WebAssembly schema engine's own DDL, Prisma 7.10).
 *
 * Conventions the introspectors follow too, so that compare sees like with like:
 * - `@unique` / `@@unique` become unique *indexes* (`indexes` with `unique: true`): Prisma creates
 *   `CREATE UNIQUE INDEX`, never a UNIQUE constraint. `uniques` stays empty.
 * - An index column is a plain name unless it has a sort order other than ascending or a prefix
 *   length; then it is an IndexColumn.
 * - `using` is set only for a non-default method: hash, gin, gist, brin, spgist (PostgreSQL), and
 *   fulltext for MySQL's `@@fulltext`.
 * - Native types follow native-types.ts (absent when equal to the default mapping).
 * - Primary keys are named on PostgreSQL only: SQLite's have no name and MySQL's are always PRIMARY.
 * - Enums are listed in `enums` on PostgreSQL only (a named type there); on MySQL the values
 *   travel with the column type; on SQLite an enum column is a plain String (TEXT).
 * - On SQLite a single-column `Int` primary key is always `INTEGER PRIMARY KEY AUTOINCREMENT`,
 *   with or without `@default(autoincrement())`, so it is marked autoincrement; a BigInt one never.
 * - Scalar lists are nullable: Prisma writes `TEXT[]` without NOT NULL.
 * - Defaults: `uuid()`, `cuid()`, `nanoid()`, `ulid()` and `@updatedAt` have no database default;
 *   an empty `dbgenerated()` means "a default Prisma does not manage" and is left out.
 */
import type {
  ColumnDef, ColumnDefault, ColumnType, EnumDef, ForeignKeyDef, IndexColumn, IndexDef, PrimaryKeyDef,
  ReferentialAction, ScalarType, Schema, TableDef,
} from '../schema/types';
import { SCALAR_TYPES } from '../schema/types';
import { foreignKeyName, indexName, primaryKeyName, uniqueIndexName, withSuffix } from './constraint-names';
import { datasourceInfo, parsePrismaSchema, type DatasourceInfo, type PrismaProvider, type SchemaFiles } from './load';
import { normalizeNativeType } from './native-types';
import {
  argument, constantValue, findAttribute, stringValue, type PslAttribute, type PslBlock, type PslField, type PslValue,
} from './psl';

export interface DatamodelToSchemaOptions {
  /** Overrides what the datasource block says (for example to read a schema as another provider). */
  provider?: PrismaProvider;
  relationMode?: 'foreignKeys' | 'prisma';
  /**
   * PostgreSQL: the schema unqualified names live in (Prisma's `?schema=` URL parameter, default
   * `public`). Tables and enums there carry no `schema`, as the introspector reports them.
   */
  defaultSchema?: string;
}

const INDEX_METHODS: Record<string, string> = { Hash: 'hash', Gin: 'gin', Gist: 'gist', Brin: 'brin', SpGist: 'spgist' };
const GENERATED_IN_CLIENT = new Set(['uuid', 'cuid', 'nanoid', 'ulid']);

/** The database-facing view of the parsed blocks: models, enums and their mapped names. */
export class PrismaModelIndex {
  readonly models = new Map<string, PslBlock>();
  readonly enums = new Map<string, PslBlock>();

  /** `defaultSchema`: a `@@schema` naming it is left out, as for an unqualified name. */
  constructor(blocks: PslBlock[], private readonly defaultSchema?: string) {
    for (const b of blocks) {
      if (b.kind === 'model') this.models.set(b.name, b);
      else if (b.kind === 'enum') this.enums.set(b.name, b);
      // `view` blocks are read-only projections over SQL views: never tables.
      // `type` blocks are MongoDB composite types: nothing relational.
    }
  }

  tableName(model: PslBlock): string {
    return mappedName(model.attributes, 'map') ?? model.name;
  }

  schemaName(block: PslBlock): string | undefined {
    const attr = findAttribute(block.attributes, 'schema');
    const schema = attr ? stringValue(argument(attr, 'name', 0)) : undefined;
    return schema === this.defaultSchema ? undefined : schema;
  }

  columnName(field: PslField): string {
    return mappedName(field.attributes, 'map') ?? field.name;
  }

  enumName(block: PslBlock): string {
    return mappedName(block.attributes, 'map') ?? block.name;
  }

  enumValues(block: PslBlock): string[] {
    return block.fields.map((v) => mappedName(v.attributes, 'map') ?? v.name);
  }

  /** Fields that are columns: scalars, enums and Unsupported, not relation fields. */
  columnFields(model: PslBlock): PslField[] {
    return model.fields.filter((f) => this.isColumnField(f));
  }

  isColumnField(field: PslField): boolean {
    return (SCALAR_TYPES as readonly string[]).includes(field.type.name) || this.enums.has(field.type.name);
  }

  field(model: PslBlock, name: string): PslField {
    const field = model.fields.find((f) => f.name === name);
    if (!field) throw new Error(`model ${model.name} has no field ${name}`);
    return field;
  }

  /** Primary key field names, from `@id` or `@@id`. */
  idFields(model: PslBlock): { fields: string[]; attribute: PslAttribute } | undefined {
    for (const f of model.fields) {
      const id = findAttribute(f.attributes, 'id');
      if (id) return { fields: [f.name], attribute: id };
    }
    const id = findAttribute(model.attributes, 'id');
    if (!id) return undefined;
    return { fields: indexFieldList(argument(id, 'fields', 0)).map((c) => c.field), attribute: id };
  }
}

function mappedName(attributes: PslAttribute[], attr: 'map'): string | undefined {
  const a = findAttribute(attributes, attr);
  return a ? stringValue(argument(a, 'name', 0)) : undefined;
}

interface IndexFieldRef {
  field: string;
  sort?: 'asc' | 'desc';
  length?: number;
}

/** `[a, b(sort: Desc, length: 10)]` → field references. */
function indexFieldList(value: PslValue | undefined): IndexFieldRef[] {
  if (!value || value.kind !== 'array') return [];
  return value.items.map((item) => {
    if (item.kind === 'constant') return { field: item.value };
    if (item.kind === 'call') {
      const attr: PslAttribute = { name: item.name, args: item.args };
      return { field: item.name, ...indexFieldOptions(attr) };
    }
    throw new Error(`unexpected index field ${JSON.stringify(item)}`);
  });
}

/** `sort:` and `length:` of an index field or of an `@unique`/`@id` attribute. */
function indexFieldOptions(attr: PslAttribute): { sort?: 'asc' | 'desc'; length?: number } {
  const sort = constantValue(argument(attr, 'sort'));
  const length = argument(attr, 'length');
  return {
    ...(sort ? { sort: sort.toLowerCase() as 'asc' | 'desc' } : {}),
    ...(length?.kind === 'number' ? { length: length.value } : {}),
  };
}

function indexColumn(column: string, ref: { sort?: 'asc' | 'desc'; length?: number }): string | IndexColumn {
  if (ref.sort !== 'desc' && ref.length === undefined) return column;
  return {
    name: column,
    ...(ref.sort === 'desc' ? { order: 'desc' as const } : {}),
    ...(ref.length !== undefined ? { length: ref.length } : {}),
  };
}

class SchemaBuilder {
  private readonly index: PrismaModelIndex;

  constructor(blocks: PslBlock[], private readonly ds: DatasourceInfo & { defaultSchema?: string }) {
    this.index = new PrismaModelIndex(blocks, ds.provider === 'postgresql' ? ds.defaultSchema ?? 'public' : undefined);
  }

  build(): Schema {
    const tables = [...this.index.models.values()].map((m) => this.table(m));
    tables.push(...this.implicitManyToManyTables());
    const enums: EnumDef[] = this.ds.provider === 'postgresql'
      ? [...this.index.enums.values()].map((e) => {
        const schema = this.index.schemaName(e);
        return { name: this.index.enumName(e), ...(schema ? { schema } : {}), values: this.index.enumValues(e) };
      })
      : [];
    return { tables, enums };
  }

  private table(model: PslBlock): TableDef {
    const name = this.index.tableName(model);
    const schema = this.index.schemaName(model);
    const primaryKey = this.primaryKey(model, name);
    const columns = this.index.columnFields(model).map((f) => this.column(f));
    if (this.ds.provider === 'sqlite') {
      // SQLite autoincrement exists only on a rowid alias: Prisma writes every single-column Int
      // primary key as INTEGER PRIMARY KEY AUTOINCREMENT, and a BigInt one as plain BIGINT PRIMARY KEY.
      const rowidAlias = primaryKey?.columns.length === 1 ? primaryKey.columns[0] : undefined;
      for (const c of columns) {
        if (c.name === rowidAlias && c.type === 'Int' && !c.list) c.autoincrement = true;
        else delete c.autoincrement;
      }
    }
    const table: TableDef = { name, ...(schema ? { schema } : {}), columns };
    if (primaryKey) table.primaryKey = primaryKey;
    table.indexes = this.indexes(model, name);
    table.foreignKeys = this.ds.relationMode === 'prisma' ? [] : this.foreignKeys(model, name);
    return table;
  }

  private column(field: PslField): ColumnDef {
    const column: ColumnDef = { name: this.index.columnName(field), type: this.columnType(field) };
    const native = field.attributes.find((a) => a.name.startsWith('db.'));
    if (field.type.name === 'Unsupported') column.nativeType = field.type.unsupported;
    else if (native && typeof column.type === 'string') {
      const args = native.args.map((a) => (a.value.kind === 'number' ? a.value.raw : constantValue(a.value) ?? stringValue(a.value) ?? ''));
      const nativeType = normalizeNativeType(this.ds.provider, column.type, native.name.slice(3), args);
      if (nativeType !== undefined) column.nativeType = nativeType;
    }
    // Prisma writes scalar lists without NOT NULL (`TEXT[]`), though the field cannot be optional.
    column.nullable = field.type.optional || field.type.list;
    if (field.type.list) column.list = true;
    const def = findAttribute(field.attributes, 'default');
    if (def) Object.assign(column, this.defaultValue(argument(def, 'value', 0), field));
    return column;
  }

  private columnType(field: PslField): ColumnType {
    const e = this.index.enums.get(field.type.name);
    // SQLite has no enum type: Prisma stores the values in a TEXT column, which is all a database shows.
    if (!e) return field.type.name as ScalarType;
    if (this.ds.provider === 'sqlite') return 'String';
    const schema = this.index.schemaName(e);
    return { enum: this.index.enumName(e), values: this.index.enumValues(e), ...(schema ? { schema } : {}) };
  }

  private defaultValue(value: PslValue | undefined, field: PslField): Pick<ColumnDef, 'default' | 'autoincrement'> {
    if (!value) return {};
    switch (value.kind) {
      case 'call':
        if (value.name === 'autoincrement' || value.name === 'sequence') return { autoincrement: true };
        if (value.name === 'now') return { default: { now: true } };
        if (value.name === 'dbgenerated') {
          const sql = stringValue(value.args[0]?.value);
          return sql ? { default: { sql } } : {};
        }
        if (GENERATED_IN_CLIENT.has(value.name)) return {};
        throw new Error(`@default(${value.name}(...)) is not a default pmig knows`);
      case 'string':
        return { default: value.value };
      case 'number':
        // A BigInt past 2^53 would lose digits as a JS number: keep it exact as SQL.
        return { default: Number.isSafeInteger(value.value) || !Number.isInteger(value.value) ? value.value : { sql: value.raw } };
      case 'constant':
        if (value.value === 'true' || value.value === 'false') return { default: value.value === 'true' };
        return { default: this.enumDefault(value.value, field) };
      case 'array':
        return { default: this.listDefault(value, field) };
    }
  }

  /** An enum default names the Prisma value; the database stores its mapped name. */
  private enumDefault(valueName: string, field: PslField): string {
    const value = this.index.enums.get(field.type.name)?.fields.find((v) => v.name === valueName);
    return value ? mappedName(value.attributes, 'map') ?? value.name : valueName;
  }

  /** A scalar list default as the SQL array literal Prisma writes (PostgreSQL): ARRAY['a', 'b']. */
  private listDefault(value: Extract<PslValue, { kind: 'array' }>, field: PslField): ColumnDefault {
    const items = value.items.map((item) => {
      if (item.kind === 'string') return `'${item.value.replace(/'/g, "''")}'`;
      if (item.kind === 'number') return item.raw;
      if (item.kind === 'constant') {
        return item.value === 'true' || item.value === 'false' ? item.value : `'${this.enumDefault(item.value, field)}'`;
      }
      throw new Error('unsupported list default item');
    });
    return { sql: `ARRAY[${items.join(', ')}]` };
  }

  private primaryKey(model: PslBlock, table: string): PrimaryKeyDef | undefined {
    const id = this.index.idFields(model);
    if (!id) return undefined;
    const columns = id.fields.map((f) => this.index.columnName(this.index.field(model, f)));
    if (this.ds.provider !== 'postgresql') return { columns };
    const map = stringValue(argument(id.attribute, 'map'));
    return { name: map ?? primaryKeyName(table, this.ds.provider), columns };
  }

  private indexes(model: PslBlock, table: string): IndexDef[] {
    const out: IndexDef[] = [];
    for (const f of model.fields) {
      const unique = findAttribute(f.attributes, 'unique');
      if (!unique) continue;
      const column = this.index.columnName(f);
      out.push({
        name: stringValue(argument(unique, 'map')) ?? uniqueIndexName(table, [column], this.ds.provider),
        columns: [indexColumn(column, indexFieldOptions(unique))],
        unique: true,
      });
    }
    for (const attr of model.attributes) {
      const kind = attr.name;
      if (kind !== 'unique' && kind !== 'index' && kind !== 'fulltext') continue;
      const refs = indexFieldList(argument(attr, 'fields', 0));
      const columns = refs.map((r) => this.index.columnName(this.index.field(model, r.field)));
      const defaultName = kind === 'unique'
        ? uniqueIndexName(table, columns, this.ds.provider)
        : indexName(table, columns, this.ds.provider);
      const def: IndexDef = {
        name: stringValue(argument(attr, 'map')) ?? defaultName,
        columns: refs.map((r, i) => indexColumn(columns[i], r)),
      };
      if (kind === 'unique') def.unique = true;
      const method = INDEX_METHODS[constantValue(argument(attr, 'type')) ?? ''];
      if (method) def.using = method;
      if (kind === 'fulltext') def.using = 'fulltext';
      out.push(def);
    }
    return out;
  }

  private foreignKeys(model: PslBlock, table: string): ForeignKeyDef[] {
    const out: ForeignKeyDef[] = [];
    for (const f of model.fields) {
      const relation = findAttribute(f.attributes, 'relation');
      const target = this.index.models.get(f.type.name);
      if (!relation || !target) continue;
      const fields = indexFieldList(argument(relation, 'fields')).map((r) => r.field);
      if (!fields.length) continue;
      const references = indexFieldList(argument(relation, 'references')).map((r) => r.field);
      const scalarFields = fields.map((name) => this.index.field(model, name));
      const columns = scalarFields.map((s) => this.index.columnName(s));
      const anyOptional = scalarFields.some((s) => s.type.optional);
      const targetSchema = this.index.schemaName(target);
      out.push({
        name: stringValue(argument(relation, 'map')) ?? foreignKeyName(table, columns, this.ds.provider),
        columns,
        referencedTable: this.index.tableName(target),
        ...(targetSchema ? { referencedSchema: targetSchema } : {}),
        referencedColumns: references.map((r) => this.index.columnName(this.index.field(target, r))),
        // Prisma's defaults: a required relation restricts deletes, an optional one nulls out.
        onDelete: (constantValue(argument(relation, 'onDelete')) as ReferentialAction | undefined) ?? (anyOptional ? 'SetNull' : 'Restrict'),
        onUpdate: (constantValue(argument(relation, 'onUpdate')) as ReferentialAction | undefined) ?? 'Cascade',
      });
    }
    return out;
  }

  /**
   * Implicit many-to-many relations: both sides are lists and neither names `fields`. Prisma
   * creates `_{RelationName}` (default name `{A}To{B}`, model names sorted) with `A` referencing
   * the first model and `B` the second, typed like their ids.
   */
  private implicitManyToManyTables(): TableDef[] {
    const seen = new Set<string>();
    const tables: TableDef[] = [];
    for (const model of this.index.models.values()) {
      for (const f of model.fields) {
        const other = this.index.models.get(f.type.name);
        if (!other || !f.type.list) continue;
        const relationName = this.relationName(f);
        const back = other.fields.find((b) => b !== f && b.type.name === model.name && b.type.list && this.relationName(b) === relationName);
        if (!back) continue;
        const [modelA, modelB] = [model, other].sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
        const name = relationName ?? `${modelA.name}To${modelB.name}`;
        if (seen.has(name)) continue;
        seen.add(name);
        tables.push(this.joinTable(`_${name}`, modelA, modelB));
      }
    }
    return tables;
  }

  private relationName(field: PslField): string | undefined {
    const relation = findAttribute(field.attributes, 'relation');
    return relation ? stringValue(argument(relation, 'name', 0)) : undefined;
  }

  private joinTable(name: string, modelA: PslBlock, modelB: PslBlock): TableDef {
    const refColumn = (model: PslBlock, columnName: 'A' | 'B'): { column: ColumnDef; fk: ForeignKeyDef } => {
      const id = this.index.idFields(model);
      if (!id || id.fields.length !== 1) throw new Error(`implicit many-to-many needs a single-field @id on ${model.name}`);
      const idColumn = this.column(this.index.field(model, id.fields[0]));
      const schema = this.index.schemaName(model);
      return {
        column: { name: columnName, type: idColumn.type, ...(idColumn.nativeType ? { nativeType: idColumn.nativeType } : {}), nullable: false },
        fk: {
          name: withSuffix(name, `_${columnName}_fkey`, this.ds.provider),
          columns: [columnName],
          referencedTable: this.index.tableName(model),
          ...(schema ? { referencedSchema: schema } : {}),
          referencedColumns: [idColumn.name],
          onDelete: 'Cascade',
          onUpdate: 'Cascade',
        },
      };
    };
    const a = refColumn(modelA, 'A');
    const b = refColumn(modelB, 'B');
    const schema = this.index.schemaName(modelA);
    const table: TableDef = {
      name,
      ...(schema ? { schema } : {}),
      columns: [a.column, b.column],
      indexes: [{ name: withSuffix(name, '_B_index', this.ds.provider), columns: ['B'] }],
      foreignKeys: this.ds.relationMode === 'prisma' ? [] : [a.fk, b.fk],
    };
    // Since Prisma 6, PostgreSQL join tables have a primary key; other providers keep a unique index.
    if (this.ds.provider === 'postgresql') table.primaryKey = { name: withSuffix(name, '_AB_pkey', this.ds.provider), columns: ['A', 'B'] };
    else table.indexes!.unshift({ name: withSuffix(name, '_AB_unique', this.ds.provider), columns: ['A', 'B'], unique: true });
    return table;
  }
}

/** The Schema Prisma Migrate would create for these parsed blocks. */
export function blocksToSchema(blocks: PslBlock[], options: DatamodelToSchemaOptions = {}): Schema {
  const ds = { ...datasourceInfo(blocks), ...options };
  return new SchemaBuilder(blocks, ds).build();
}

/** The Schema Prisma Migrate would create for these schema files (validated by Prisma first). */
export function datamodelToSchema(files: SchemaFiles | string, options: DatamodelToSchemaOptions = {}): Schema {
  const loaded = parsePrismaSchema(typeof files === 'string' ? [['schema.prisma', files]] : files);
  return blocksToSchema(loaded.blocks, options);
}
