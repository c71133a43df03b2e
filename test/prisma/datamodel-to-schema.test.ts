import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { datamodelToSchema, loadPrismaSchema, prismaNameMap } from '../../src/prisma';
import type { ForeignKeyDef, IndexDef, Schema, TableDef } from '../../src/schema/types';
import { prismaDdl } from '../helpers/prisma-ddl';

const FIXTURES = join(__dirname, '..', 'fixtures', 'schemas');
const fixture = (name: string): string => readFileSync(join(FIXTURES, name), 'utf8');

function table(schema: Schema, name: string): TableDef {
  const t = schema.tables.find((x) => x.name === name);
  if (!t) throw new Error(`no table ${name}; tables: ${schema.tables.map((x) => x.name).join(', ')}`);
  return t;
}
const column = (t: TableDef, name: string) => t.columns.find((c) => c.name === name);
const index = (t: TableDef, name: string): IndexDef | undefined => t.indexes?.find((i) => i.name === name);
const fk = (t: TableDef, name: string): ForeignKeyDef | undefined => t.foreignKeys?.find((f) => f.name === name);

describe('datamodelToSchema on the PostgreSQL e-commerce schema', () => {
  const schema = datamodelToSchema(fixture('ecommerce.postgresql.prisma'));

  it('uses mapped table and column names, and never turns a view into a table', () => {
    expect(schema.tables.map((t) => t.name)).toEqual(expect.arrayContaining(['customers', 'products', 'order_items']));
    expect(schema.tables.find((t) => t.name === 'ProductSummary')).toBeUndefined();
    expect(column(table(schema, 'addresses'), 'customer_id')).toMatchObject({ type: 'Int', nullable: false });
  });

  it('keeps native types only where they differ from the default mapping', () => {
    const products = table(schema, 'products');
    expect(column(products, 'sku')?.nativeType).toBe('VarChar(64)');
    expect(column(products, 'price')?.nativeType).toBe('Decimal(10,2)');
    expect(column(products, 'description')?.nativeType).toBeUndefined(); // @db.Text is String's default
    expect(column(products, 'createdAt')?.nativeType).toBe('Timestamptz(6)');
    expect(column(table(schema, 'orders'), 'placed_at')?.nativeType).toBe('Timestamptz(6)'); // implicit precision
    expect(column(products, 'searchText')).toMatchObject({ type: 'Unsupported', nativeType: 'tsvector', nullable: true });
  });

  it('maps defaults: now(), dbgenerated, enum values by their database name, none for uuid()/@updatedAt', () => {
    const orders = table(schema, 'orders');
    expect(column(orders, 'placed_at')?.default).toEqual({ now: true });
    expect(column(orders, 'number')?.default).toEqual({ sql: 'gen_random_uuid()::text' });
    expect(column(orders, 'status')).toMatchObject({
      type: { enum: 'order_status', values: ['pending', 'paid', 'shipped', 'cancelled'] },
      default: 'pending',
    });
    expect(column(table(schema, 'brands'), 'id')?.default).toBeUndefined();
    expect(column(table(schema, 'customers'), 'updated_at')?.default).toBeUndefined();
    expect(column(table(schema, 'customers'), 'id')).toMatchObject({ autoincrement: true });
    expect(column(table(schema, 'products'), 'tags')).toMatchObject({ list: true, nullable: true, default: { sql: "ARRAY['new']" } });
    expect(schema.enums).toContainEqual({ name: 'order_status', values: ['pending', 'paid', 'shipped', 'cancelled'] });
  });

  it("names keys, indexes and foreign keys as Prisma does, honouring map:", () => {
    const stock = table(schema, 'stock_levels');
    expect(stock.primaryKey).toEqual({ name: 'stock_pk', columns: ['product_id', 'warehouse_id'] });
    expect(table(schema, 'customers').primaryKey).toEqual({ name: 'customers_pkey', columns: ['id'] });
    expect(index(stock, 'stock_levels_warehouse_id_idx')).toEqual({ name: 'stock_levels_warehouse_id_idx', columns: ['warehouse_id'], using: 'hash' });
    const products = table(schema, 'products');
    expect(index(products, 'product_sku_unique')).toMatchObject({ unique: true, columns: ['sku'] });
    expect(index(products, 'products_name_idx')?.columns).toEqual([{ name: 'name', order: 'desc' }]);
    expect(fk(table(schema, 'product_images'), 'image_product_fk')).toMatchObject({ referencedTable: 'products', onDelete: 'Cascade' });
  });

  it("applies Prisma's default referential actions", () => {
    expect(fk(table(schema, 'orders'), 'orders_customer_id_fkey')).toMatchObject({ onDelete: 'Restrict', onUpdate: 'Cascade' });
    expect(fk(table(schema, 'orders'), 'orders_address_id_fkey')).toMatchObject({ onDelete: 'SetNull', onUpdate: 'Cascade' });
    expect(fk(table(schema, 'product_variants'), 'product_variants_product_id_fkey')).toMatchObject({ onDelete: 'Cascade', onUpdate: 'NoAction' });
  });

  it('truncates default names to 63 bytes on PostgreSQL', () => {
    const t = table(schema, 'AVeryLongModelNameThatKeepsGoingAndGoingForTruncation');
    const names = t.indexes!.map((i) => i.name);
    expect(names).toEqual([
      'AVeryLongModelNameThatKeepsGoingAndGoingForTruncation_anoth_key',
      'AVeryLongModelNameThatKeepsGoingAndGoingForTruncation_yetAn_idx',
    ]);
    expect(names.every((n) => n.length === 63)).toBe(true);
  });

  it('creates implicit many-to-many tables with a primary key on PostgreSQL', () => {
    const join = table(schema, '_CategoryToProduct');
    expect(join.columns).toEqual([
      { name: 'A', type: 'Int', nullable: false },
      { name: 'B', type: 'Int', nullable: false },
    ]);
    expect(join.primaryKey).toEqual({ name: '_CategoryToProduct_AB_pkey', columns: ['A', 'B'] });
    expect(join.indexes).toEqual([{ name: '_CategoryToProduct_B_index', columns: ['B'] }]);
    expect(fk(join, '_CategoryToProduct_A_fkey')).toMatchObject({ referencedTable: 'categories', onDelete: 'Cascade', onUpdate: 'Cascade' });
    expect(fk(join, '_CategoryToProduct_B_fkey')).toMatchObject({ referencedTable: 'products' });
  });

  it('keeps @@ignore models and @ignore fields, which Migrate still creates', () => {
    expect(table(schema, 'import_rows').columns.map((c) => c.name)).toEqual(['line', 'payload']);
    expect(column(table(schema, 'audit_entries'), 'legacy_ref')).toBeDefined();
  });
});

describe('datamodelToSchema on SQLite', () => {
  const schema = datamodelToSchema(fixture('ecommerce.sqlite.prisma'));

  it('leaves primary keys unnamed, lists no enums, uses a unique index for many-to-many', () => {
    expect(table(schema, 'customers').primaryKey).toEqual({ columns: ['id'] });
    expect(schema.enums).toEqual([]);
    const join = table(schema, '_CategoryToProduct');
    expect(join.primaryKey).toBeUndefined();
    expect(index(join, '_CategoryToProduct_AB_unique')).toEqual({ name: '_CategoryToProduct_AB_unique', columns: ['A', 'B'], unique: true });
  });

  it('stores enum columns as plain text', () => {
    expect(column(table(schema, 'orders'), 'status')).toMatchObject({ type: 'String', default: 'pending' });
  });

  it('marks exactly the single-column Int primary keys as autoincrement', () => {
    expect(column(table(schema, 'AVeryLongModelNameThatKeepsGoingAndGoingForTruncation'), 'identifierNumberOne')?.autoincrement).toBe(true);
    expect(column(table(schema, 'price_history'), 'id')?.autoincrement).toBeUndefined(); // BigInt
    expect(column(table(schema, 'stock_levels'), 'product_id')?.autoincrement).toBeUndefined(); // composite key
  });
});

describe('prismaNameMap', () => {
  it('maps every model and field to its table and column', async () => {
    const loaded = await loadPrismaSchema(join(FIXTURES, 'ecommerce.postgresql.prisma'));
    const map = prismaNameMap(loaded.blocks);
    const address = map.models.find((m) => m.model === 'Address');
    expect(address).toMatchObject({ table: 'addresses', columns: { customerId: 'customer_id', city: 'city' } });
    expect(address!.columns).not.toHaveProperty('customer'); // relation fields are not columns
    expect(map.enums).toContainEqual({
      enum: 'OrderStatus', dbName: 'order_status',
      values: { PENDING: 'pending', PAID: 'paid', SHIPPED: 'shipped', CANCELLED: 'cancelled' },
    });
  });
});

/** Names of every constraint and index in Prisma's own DDL, to hold ours against. */
function namesInDdl(ddl: string): string[] {
  const names = new Set<string>();
  for (const m of ddl.matchAll(/CREATE (?:UNIQUE )?INDEX "([^"]+)"/g)) names.add(m[1]);
  for (const m of ddl.matchAll(/CONSTRAINT "([^"]+)"/g)) names.add(m[1]);
  return [...names].sort();
}

function namesInSchema(schema: Schema): string[] {
  const names = new Set<string>();
  for (const t of schema.tables) {
    if (t.primaryKey?.name) names.add(t.primaryKey.name);
    for (const i of t.indexes ?? []) names.add(i.name);
    for (const f of t.foreignKeys ?? []) names.add(f.name);
  }
  return [...names].sort();
}

function tablesInDdl(ddl: string): string[] {
  return [...ddl.matchAll(/CREATE TABLE "([^"]+)"/g)].map((m) => m[1]).sort();
}

describe.each([
  ['ecommerce.postgresql.prisma', 'postgresql'],
  ['ecommerce.sqlite.prisma', 'sqlite'],
] as const)("agreement with Prisma's own DDL: %s", (file, provider) => {
  it('has the same tables and the same constraint and index names', async () => {
    const text = fixture(file);
    const ddl = await prismaDdl(text, provider);
    const schema = datamodelToSchema(text);
    expect(schema.tables.map((t) => t.name).sort()).toEqual(tablesInDdl(ddl));
    // SQLite foreign keys are named in the DDL too; PostgreSQL primary keys are CONSTRAINTs.
    expect(namesInSchema(schema)).toEqual(namesInDdl(ddl));
  });
});
