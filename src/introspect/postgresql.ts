/**
 * Reads a PostgreSQL database into a Schema with a fixed number of bulk catalog queries (one per
 * kind of object, whatever the number of tables), then normalises it to Prisma's vocabulary.
 */
import type { Connection } from '../db/types';
import type {
  CheckDef, ColumnDef, EnumDef, ForeignKeyDef, IndexColumn, IndexDef, Schema, TableDef, UniqueDef,
} from '../schema/types';
import { type IntrospectOptions, tableFilter } from './normalize-options';
import { normalizePgDefault, normalizePgType, pgCheckExpression, pgReferentialAction } from './normalize-postgresql';

/** Ordinary and partitioned tables; partitions themselves belong to their parent. */
const TABLE_KINDS = `c.relkind IN ('r', 'p') AND NOT c.relispartition`;

/** A table being filled in: its constraint lists always exist, so rows can be pushed onto them. */
type TableInProgress = TableDef & Required<Pick<TableDef, 'uniques' | 'indexes' | 'foreignKeys' | 'checks'>>;

interface TableRow { schema: string; name: string; comment: string | null }

interface ColumnRow {
  schema: string;
  table: string;
  name: string;
  formatted_type: string;
  base_type_name: string;
  base_type_kind: string;
  is_array: boolean;
  enum_values: string[] | null;
  base_type_schema: string;
  not_null: boolean;
  default_expr: string | null;
  is_identity: boolean;
  is_generated: boolean;
  comment: string | null;
}

interface ConstraintRow {
  schema: string;
  table: string;
  name: string;
  /** p primary key, u unique, f foreign key, c check */
  kind: 'p' | 'u' | 'f' | 'c';
  columns: string[] | null;
  referenced_schema: string | null;
  referenced_table: string | null;
  referenced_columns: string[] | null;
  on_delete: string;
  on_update: string;
  definition: string | null;
}

interface IndexRow {
  schema: string;
  table: string;
  name: string;
  is_unique: boolean;
  method: string;
  predicate: string | null;
  /** One entry per key column; `name` is null for an expression. */
  columns: { name: string | null; desc: boolean }[];
}

interface EnumRow { schema: string; name: string; values: string[] }

export async function introspectPostgresql(conn: Connection, opts: IntrospectOptions = {}): Promise<Schema> {
  const defaultSchema = await currentSchema(conn);
  const schemas = opts.schemas?.length ? opts.schemas : [defaultSchema];
  // One after the other: a Connection runs one statement at a time.
  const tables = await queryTables(conn, schemas);
  const columns = await queryColumns(conn, schemas);
  const constraints = await queryConstraints(conn, schemas);
  const indexes = await queryIndexes(conn, schemas);
  const enums = await queryEnums(conn, schemas);

  const keep = tableFilter(opts);
  const schemaField = (schema: string) => (schema === defaultSchema ? {} : { schema });
  const byKey = new Map<string, TableInProgress>();
  const result: TableDef[] = [];
  for (const row of tables) {
    if (!keep(row.name)) continue;
    const table: TableInProgress = {
      name: row.name,
      ...schemaField(row.schema),
      columns: [],
      uniques: [],
      indexes: [],
      foreignKeys: [],
      checks: [],
      ...(row.comment ? { comment: row.comment } : {}),
    };
    byKey.set(tableKey(row.schema, row.name), table);
    result.push(table);
  }
  const tableOf = (row: { schema: string; table: string }) => byKey.get(tableKey(row.schema, row.table));

  for (const row of columns) tableOf(row)?.columns.push(toColumn(row, defaultSchema));
  for (const row of constraints) {
    const table = tableOf(row);
    if (table) addConstraint(table, row, defaultSchema);
  }
  for (const row of indexes) {
    const index = toIndex(row);
    if (index) tableOf(row)?.indexes.push(index);
  }

  return {
    tables: result,
    enums: enums.map((e): EnumDef => ({ name: e.name, ...schemaField(e.schema), values: e.values })),
  };
}

function tableKey(schema: string, table: string): string {
  return `${schema}\u0000${table}`;
}

async function currentSchema(conn: Connection): Promise<string> {
  // current_schema() is NULL when no search_path entry exists: fall back to Prisma's default schema.
  const [row] = await conn.query<{ schema: string | null }>('SELECT current_schema() AS schema');
  return row.schema ?? 'public';
}

function queryTables(conn: Connection, schemas: string[]): Promise<TableRow[]> {
  return conn.query<TableRow>(
    `SELECT n.nspname AS schema, c.relname AS name, obj_description(c.oid, 'pg_class') AS comment
       FROM pg_class c
       JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE ${TABLE_KINDS} AND n.nspname = ANY($1::text[])
      ORDER BY n.nspname, c.relname`,
    [schemas],
  );
}

function queryColumns(conn: Connection, schemas: string[]): Promise<ColumnRow[]> {
  // For arrays, the element type tells the scalar; enum values travel with the column so that a
  // column whose enum lives in another schema is still complete.
  return conn.query<ColumnRow>(
    `SELECT n.nspname AS schema, c.relname AS table, a.attname AS name,
            format_type(a.atttypid, a.atttypmod) AS formatted_type,
            bt.typname AS base_type_name, bt.typtype AS base_type_kind, btn.nspname AS base_type_schema,
            t.typcategory = 'A' AS is_array,
            CASE WHEN bt.typtype = 'e' THEN
              (SELECT json_agg(e.enumlabel ORDER BY e.enumsortorder) FROM pg_enum e WHERE e.enumtypid = bt.oid)
            END AS enum_values,
            a.attnotnull AS not_null,
            pg_get_expr(d.adbin, d.adrelid) AS default_expr,
            a.attidentity <> '' AS is_identity,
            a.attgenerated <> '' AS is_generated,
            descr.description AS comment
       FROM pg_attribute a
       JOIN pg_class c ON c.oid = a.attrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_type t ON t.oid = a.atttypid
       JOIN pg_type bt ON bt.oid = CASE WHEN t.typcategory = 'A' THEN t.typelem ELSE t.oid END
       JOIN pg_namespace btn ON btn.oid = bt.typnamespace
       LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
       -- A join rather than col_description(), which runs a lookup per row.
       LEFT JOIN pg_description descr
              ON descr.objoid = a.attrelid AND descr.classoid = 'pg_class'::regclass AND descr.objsubid = a.attnum
      WHERE ${TABLE_KINDS} AND n.nspname = ANY($1::text[]) AND a.attnum > 0 AND NOT a.attisdropped
      -- Rows are grouped per table by the caller; ordering by oid avoids sorting wide text rows.
      ORDER BY a.attrelid, a.attnum`,
    [schemas],
  );
}

function queryConstraints(conn: Connection, schemas: string[]): Promise<ConstraintRow[]> {
  const columnNames = (keys: string, relation: string) =>
    `(SELECT json_agg(a.attname ORDER BY k.ord)
        FROM unnest(con.${keys}) WITH ORDINALITY AS k(attnum, ord)
        JOIN pg_attribute a ON a.attrelid = con.${relation} AND a.attnum = k.attnum)`;
  return conn.query<ConstraintRow>(
    `SELECT n.nspname AS schema, c.relname AS table, con.conname AS name, con.contype AS kind,
            ${columnNames('conkey', 'conrelid')} AS columns,
            rn.nspname AS referenced_schema, rc.relname AS referenced_table,
            ${columnNames('confkey', 'confrelid')} AS referenced_columns,
            con.confdeltype AS on_delete, con.confupdtype AS on_update,
            CASE WHEN con.contype = 'c' THEN pg_get_constraintdef(con.oid, true) END AS definition
       FROM pg_constraint con
       JOIN pg_class c ON c.oid = con.conrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace
       LEFT JOIN pg_class rc ON rc.oid = con.confrelid
       LEFT JOIN pg_namespace rn ON rn.oid = rc.relnamespace
      WHERE ${TABLE_KINDS} AND n.nspname = ANY($1::text[]) AND con.contype IN ('p', 'u', 'f', 'c')
      ORDER BY n.nspname, c.relname, con.conname`,
    [schemas],
  );
}

function queryIndexes(conn: Connection, schemas: string[]): Promise<IndexRow[]> {
  // Indexes that back a primary key, unique or exclusion constraint are reported as that constraint.
  // indoption bit 1 is DESC; INCLUDE columns (beyond indnkeyatts) are not key columns.
  return conn.query<IndexRow>(
    `SELECT n.nspname AS schema, c.relname AS table, i.relname AS name, ix.indisunique AS is_unique,
            am.amname AS method, pg_get_expr(ix.indpred, ix.indrelid) AS predicate,
            (SELECT json_agg(json_build_object('name', a.attname, 'desc', (ix.indoption[k.ord - 1] & 1) = 1)
                             ORDER BY k.ord)
               FROM unnest(ix.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
               LEFT JOIN pg_attribute a ON a.attrelid = ix.indrelid AND a.attnum = k.attnum AND k.attnum > 0
              WHERE k.ord <= ix.indnkeyatts) AS columns
       FROM pg_index ix
       JOIN pg_class i ON i.oid = ix.indexrelid
       JOIN pg_class c ON c.oid = ix.indrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_am am ON am.oid = i.relam
      WHERE ${TABLE_KINDS} AND n.nspname = ANY($1::text[])
        AND NOT EXISTS (SELECT 1 FROM pg_constraint con
                         WHERE con.conindid = ix.indexrelid AND con.contype IN ('p', 'u', 'x'))
      ORDER BY n.nspname, c.relname, i.relname`,
    [schemas],
  );
}

function queryEnums(conn: Connection, schemas: string[]): Promise<EnumRow[]> {
  return conn.query<EnumRow>(
    `SELECT n.nspname AS schema, t.typname AS name, json_agg(e.enumlabel ORDER BY e.enumsortorder) AS values
       FROM pg_type t
       JOIN pg_namespace n ON n.oid = t.typnamespace
       JOIN pg_enum e ON e.enumtypid = t.oid
      WHERE n.nspname = ANY($1::text[])
      GROUP BY n.nspname, t.typname
      ORDER BY n.nspname, t.typname`,
    [schemas],
  );
}

function toColumn(row: ColumnRow, defaultSchema: string): ColumnDef {
  const type = normalizePgType({
    ...(row.base_type_schema !== defaultSchema ? { enumSchema: row.base_type_schema } : {}),
    formattedType: row.formatted_type,
    baseTypeName: row.base_type_name,
    baseTypeKind: row.base_type_kind,
    isArray: row.is_array,
    enumValues: row.enum_values,
  });
  // A generated column's expression is not a default; Prisma cannot express it either.
  const defaults = row.is_generated
    ? {}
    : normalizePgDefault(row.default_expr, { type: type.type, list: type.list, identity: row.is_identity });
  return {
    name: row.name,
    ...type,
    nullable: !row.not_null,
    ...defaults,
    ...(row.comment ? { comment: row.comment } : {}),
  };
}

function addConstraint(table: TableInProgress, row: ConstraintRow, defaultSchema: string): void {
  const columns = row.columns ?? [];
  switch (row.kind) {
    case 'p':
      table.primaryKey = { name: row.name, columns };
      return;
    case 'u':
      table.uniques.push({ name: row.name, columns } satisfies UniqueDef);
      return;
    case 'f':
      table.foreignKeys.push({
        name: row.name,
        columns,
        referencedTable: row.referenced_table!,
        ...(row.referenced_schema !== defaultSchema ? { referencedSchema: row.referenced_schema! } : {}),
        referencedColumns: row.referenced_columns ?? [],
        onDelete: pgReferentialAction(row.on_delete),
        onUpdate: pgReferentialAction(row.on_update),
      } satisfies ForeignKeyDef);
      return;
    case 'c':
      table.checks.push({ name: row.name, expression: pgCheckExpression(row.definition ?? '') } satisfies CheckDef);
  }
}

/**
 * An index row → IndexDef; null for an expression index, which Prisma cannot express and which
 * (as in Alembic's autogenerate) is left out rather than reported as a difference.
 */
function toIndex(row: IndexRow): IndexDef | null {
  if (row.columns.some((c) => c.name === null)) return null;
  const columns = row.columns.map((c): string | IndexColumn =>
    c.desc ? { name: c.name!, order: 'desc' } : c.name!,
  );
  return {
    name: row.name,
    columns,
    ...(row.is_unique ? { unique: true } : {}),
    ...(row.predicate ? { where: row.predicate } : {}),
    // btree is the default method, as a native type is left out when it is the default mapping.
    ...(row.method !== 'btree' ? { using: row.method } : {}),
  };
}
