/**
 * Reads the connection's current MySQL / MariaDB database into a Schema with a fixed number of bulk
 * information_schema queries (one per kind of object, whatever the number of tables), then
 * normalises it to Prisma's vocabulary.
 */
import type { Connection } from '../db/types';
import type { ColumnDef, EnumDef, ForeignKeyDef, IndexColumn, IndexDef, Schema, TableDef } from '../schema/types';
import { type IntrospectOptions, tableFilter } from './normalize-options';
import {
  type MysqlFlavor, mariadbJsonCheckColumn, mysqlFlavor, mysqlReferentialAction, normalizeMysqlDefault,
  normalizeMysqlType,
} from './normalize-mysql';

interface ServerRow { version: string; database: string | null }
interface TableRow { table_name: string; comment: string | null }

interface ColumnRow {
  table_name: string;
  column_name: string;
  column_type: string;
  is_nullable: 'YES' | 'NO';
  column_default: string | null;
  extra: string;
  comment: string | null;
}

interface IndexColumnRow {
  table_name: string;
  index_name: string;
  non_unique: number | string;
  column_name: string | null;
  /** 'A' ascending, 'D' descending, null when the index is not sorted (e.g. FULLTEXT). */
  collation: 'A' | 'D' | null;
  sub_part: number | null;
  index_type: string;
}

interface ForeignKeyColumnRow {
  table_name: string;
  constraint_name: string;
  column_name: string;
  referenced_schema: string;
  referenced_table: string;
  referenced_column: string;
  update_rule: string;
  delete_rule: string;
}

interface CheckRow { table_name: string; constraint_name: string; check_clause: string }

/** MySQL's name for the primary key index; it has no user-given name. */
const PRIMARY_INDEX = 'PRIMARY';

/** A table being filled in: its constraint lists always exist, so rows can be pushed onto them. */
type TableInProgress = TableDef & Required<Pick<TableDef, 'uniques' | 'indexes' | 'foreignKeys' | 'checks'>>;

export async function introspectMysql(conn: Connection, opts: IntrospectOptions = {}): Promise<Schema> {
  const server = await queryServer(conn);
  if (!server.database) throw new Error(`No database selected on ${conn.displayUrl}: put the database name in the URL.`);
  const flavor = mysqlFlavor(server.version);
  // One after the other: a Connection runs one statement at a time.
  const tables = await queryTables(conn);
  const columns = await queryColumns(conn);
  const indexColumns = await queryIndexColumns(conn);
  const foreignKeyColumns = await queryForeignKeyColumns(conn);
  const checks = supportsCheckConstraints(server.version) ? await queryChecks(conn, flavor) : [];

  const keep = tableFilter(opts);
  const byName = new Map<string, TableInProgress>();
  for (const row of tables) {
    if (!keep(row.table_name)) continue;
    byName.set(row.table_name, {
      name: row.table_name,
      columns: [],
      uniques: [],
      indexes: [],
      foreignKeys: [],
      checks: [],
      ...(row.comment ? { comment: row.comment } : {}),
    });
  }

  for (const row of columns) byName.get(row.table_name)?.columns.push(toColumn(row, flavor));
  addChecks(byName, checks, flavor);
  addIndexes(byName, indexColumns);
  addForeignKeys(byName, foreignKeyColumns, server.database);

  const tablesOut = [...byName.values()];
  return { tables: tablesOut, enums: inlineEnums(tablesOut) };
}

async function queryServer(conn: Connection): Promise<ServerRow> {
  const [row] = await conn.query<ServerRow>('SELECT VERSION() AS version, DATABASE() AS `database`');
  return row;
}

function queryTables(conn: Connection): Promise<TableRow[]> {
  return conn.query<TableRow>(
    `SELECT TABLE_NAME AS table_name, TABLE_COMMENT AS comment
       FROM information_schema.TABLES
      WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE IN ('BASE TABLE', 'SYSTEM VERSIONED')
      ORDER BY TABLE_NAME`,
  );
}

function queryColumns(conn: Connection): Promise<ColumnRow[]> {
  return conn.query<ColumnRow>(
    `SELECT TABLE_NAME AS table_name, COLUMN_NAME AS column_name, COLUMN_TYPE AS column_type,
            IS_NULLABLE AS is_nullable, COLUMN_DEFAULT AS column_default, EXTRA AS extra,
            COLUMN_COMMENT AS comment
       FROM information_schema.COLUMNS
      WHERE TABLE_SCHEMA = DATABASE()
      ORDER BY TABLE_NAME, ORDINAL_POSITION`,
  );
}

function queryIndexColumns(conn: Connection): Promise<IndexColumnRow[]> {
  return conn.query<IndexColumnRow>(
    `SELECT TABLE_NAME AS table_name, INDEX_NAME AS index_name, NON_UNIQUE AS non_unique,
            COLUMN_NAME AS column_name, COLLATION AS collation, SUB_PART AS sub_part, INDEX_TYPE AS index_type
       FROM information_schema.STATISTICS
      WHERE TABLE_SCHEMA = DATABASE()
      ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX`,
  );
}

function queryForeignKeyColumns(conn: Connection): Promise<ForeignKeyColumnRow[]> {
  return conn.query<ForeignKeyColumnRow>(
    `SELECT k.TABLE_NAME AS table_name, k.CONSTRAINT_NAME AS constraint_name, k.COLUMN_NAME AS column_name,
            k.REFERENCED_TABLE_SCHEMA AS referenced_schema, k.REFERENCED_TABLE_NAME AS referenced_table,
            k.REFERENCED_COLUMN_NAME AS referenced_column,
            r.UPDATE_RULE AS update_rule, r.DELETE_RULE AS delete_rule
       FROM information_schema.KEY_COLUMN_USAGE k
       JOIN information_schema.REFERENTIAL_CONSTRAINTS r
         ON r.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA AND r.TABLE_NAME = k.TABLE_NAME
        AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME
      WHERE k.TABLE_SCHEMA = DATABASE() AND k.REFERENCED_TABLE_NAME IS NOT NULL
      ORDER BY k.TABLE_NAME, k.CONSTRAINT_NAME, k.ORDINAL_POSITION`,
  );
}

function queryChecks(conn: Connection, flavor: MysqlFlavor): Promise<CheckRow[]> {
  // MariaDB names column-level checks after their column, so names repeat across tables and only
  // its CHECK_CONSTRAINTS.TABLE_NAME tells them apart; MySQL 8 lacks that column but keeps check
  // names unique per database, so TABLE_CONSTRAINTS gives the table.
  if (flavor === 'mariadb') {
    return conn.query<CheckRow>(
      `SELECT TABLE_NAME AS table_name, CONSTRAINT_NAME AS constraint_name, CHECK_CLAUSE AS check_clause
         FROM information_schema.CHECK_CONSTRAINTS
        WHERE CONSTRAINT_SCHEMA = DATABASE()
        ORDER BY TABLE_NAME, CONSTRAINT_NAME`,
    );
  }
  return conn.query<CheckRow>(
    `SELECT t.TABLE_NAME AS table_name, c.CONSTRAINT_NAME AS constraint_name, c.CHECK_CLAUSE AS check_clause
       FROM information_schema.CHECK_CONSTRAINTS c
       JOIN information_schema.TABLE_CONSTRAINTS t
         ON t.CONSTRAINT_SCHEMA = c.CONSTRAINT_SCHEMA AND t.CONSTRAINT_NAME = c.CONSTRAINT_NAME
        AND t.CONSTRAINT_TYPE = 'CHECK'
      WHERE c.CONSTRAINT_SCHEMA = DATABASE()
      ORDER BY t.TABLE_NAME, c.CONSTRAINT_NAME`,
  );
}

/** CHECK constraints are enforced and listed from MariaDB 10.2 and MySQL 8.0.16. */
function supportsCheckConstraints(version: string): boolean {
  if (/mariadb/i.test(version)) return true;
  const [major, minor, patch] = version.split(/[.-]/).map((part) => Number.parseInt(part, 10));
  return major > 8 || (major === 8 && (minor > 0 || patch >= 16));
}

function toColumn(row: ColumnRow, flavor: MysqlFlavor): ColumnDef {
  const type = normalizeMysqlType(row.column_type, row.table_name, row.column_name);
  return {
    name: row.column_name,
    ...type,
    nullable: row.is_nullable === 'YES',
    ...normalizeMysqlDefault(row.column_default, row.extra ?? '', { type: type.type, flavor }),
    ...(row.comment ? { comment: row.comment } : {}),
  };
}

/**
 * Adds each table's checks, except MariaDB's `json_valid` check on a LONGTEXT column: that pair is
 * how MariaDB stores a JSON column, so the column becomes Json again and the check goes.
 */
function addChecks(byName: Map<string, TableInProgress>, checks: CheckRow[], flavor: MysqlFlavor): void {
  for (const row of checks) {
    const table = byName.get(row.table_name);
    if (!table) continue;
    const jsonColumn = flavor === 'mariadb' ? mariadbJsonCheckColumn(row.check_clause) : null;
    const column = jsonColumn === null ? undefined : table.columns.find((c) => c.name === jsonColumn);
    if (column && column.type === 'String' && column.nativeType === 'LongText') {
      column.type = 'Json';
      delete column.nativeType;
      continue;
    }
    table.checks.push({ name: row.constraint_name, expression: row.check_clause });
  }
}

/** STATISTICS has one row per index column: group them, the PRIMARY index becoming the primary key. */
function addIndexes(byName: Map<string, TableInProgress>, rows: IndexColumnRow[]): void {
  const grouped = groupBy(rows, (row) => `${row.table_name}\u0000${row.index_name}`);
  for (const indexRows of grouped) {
    const [first] = indexRows;
    const table = byName.get(first.table_name);
    if (!table) continue;
    // A functional key part (MySQL 8) has no column: Prisma cannot express it, so leave the index out.
    if (indexRows.some((row) => row.column_name === null)) continue;
    if (first.index_name === PRIMARY_INDEX) {
      table.primaryKey = { columns: indexRows.map((row) => row.column_name!) };
      continue;
    }
    const method = first.index_type.toLowerCase();
    table.indexes.push({
      name: first.index_name,
      columns: indexRows.map(toIndexColumn),
      ...(Number(first.non_unique) === 0 ? { unique: true } : {}),
      // BTREE is the default; FULLTEXT / SPATIAL / HASH are worth saying.
      ...(method !== 'btree' ? { using: method } : {}),
    } satisfies IndexDef);
  }
}

function toIndexColumn(row: IndexColumnRow): string | IndexColumn {
  const order = row.collation === 'D' ? { order: 'desc' as const } : {};
  const length = row.sub_part !== null ? { length: Number(row.sub_part) } : {};
  return row.collation === 'D' || row.sub_part !== null ? { name: row.column_name!, ...order, ...length } : row.column_name!;
}

function addForeignKeys(byName: Map<string, TableInProgress>, rows: ForeignKeyColumnRow[], database: string): void {
  for (const fkRows of groupBy(rows, (row) => `${row.table_name}\u0000${row.constraint_name}`)) {
    const [first] = fkRows;
    const table = byName.get(first.table_name);
    if (!table) continue;
    table.foreignKeys.push({
      name: first.constraint_name,
      columns: fkRows.map((row) => row.column_name),
      referencedTable: first.referenced_table,
      ...(first.referenced_schema !== database ? { referencedSchema: first.referenced_schema } : {}),
      referencedColumns: fkRows.map((row) => row.referenced_column),
      onDelete: mysqlReferentialAction(first.delete_rule),
      onUpdate: mysqlReferentialAction(first.update_rule),
    } satisfies ForeignKeyDef);
  }
}

/** MySQL enums live inline on their column; list each as a schema enum too, named like its EnumTypeRef. */
function inlineEnums(tables: TableDef[]): EnumDef[] {
  const enums: EnumDef[] = [];
  for (const table of tables) {
    for (const column of table.columns) {
      if (typeof column.type === 'object') enums.push({ name: column.type.enum, values: column.type.values });
    }
  }
  return enums;
}

/**
 * Rows grouped by key, groups in order of first appearance, rows in query order. (A Map rather
 * than runs of equal keys: information_schema sorts case-insensitively, so `User` and `user` interleave.)
 */
function groupBy<T>(rows: T[], key: (row: T) => string): T[][] {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const k = key(row);
    const group = groups.get(k);
    if (group) group.push(row);
    else groups.set(k, [row]);
  }
  return [...groups.values()];
}
