/**
 * Every Op kind rendered by each dialect and executed against a real database; the effect is
 * checked by inserting rows or reading the catalog.
 */
import { connect } from '../../src/db/connect';
import type { Connection, DialectName } from '../../src/db/types';
import { dialectFor } from '../../src/ddl';
import type { DdlContext } from '../../src/ddl/types';
import { sqliteTableInspector } from '../../src/introspect/sqlite';
import type { Op } from '../../src/operations/types';
import type { TableDef } from '../../src/schema/types';
import { describeDialects } from '../helpers/databases';

const users: TableDef = {
  name: 'users',
  columns: [
    { name: 'id', type: 'Int', autoincrement: true, nullable: false },
    { name: 'email', type: 'String', nullable: false },
    { name: 'name', type: 'String', nativeType: 'VarChar(120)' },
    { name: 'created_at', type: 'DateTime', nullable: false, default: { now: true } },
    { name: 'active', type: 'Boolean', nullable: false, default: true },
  ],
  primaryKey: { name: 'users_pkey', columns: ['id'] },
  indexes: [{ name: 'users_email_key', columns: ['email'], unique: true }],
};

const posts: TableDef = {
  name: 'posts',
  columns: [
    { name: 'id', type: 'Int', autoincrement: true, nullable: false },
    { name: 'author_id', type: 'Int', nullable: false },
    { name: 'title', type: 'String', nullable: false, default: "it's" },
  ],
  primaryKey: { name: 'posts_pkey', columns: ['id'] },
  indexes: [{ name: 'posts_author_id_idx', columns: ['author_id'] }],
  foreignKeys: [{
    name: 'posts_author_id_fkey', columns: ['author_id'], referencedTable: 'users', referencedColumns: ['id'],
    onDelete: 'Cascade', onUpdate: 'Cascade',
  }],
};

async function tableNames(conn: Connection): Promise<string[]> {
  const sql = {
    postgresql: "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public'",
    mysql: 'SELECT table_name AS name FROM information_schema.tables WHERE table_schema = DATABASE()',
    sqlite: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
  }[conn.dialect];
  return (await conn.query<{ name: string; NAME?: string }>(sql)).map((r) => r.name ?? r.NAME!).sort();
}

async function indexNames(conn: Connection, table: string): Promise<string[]> {
  if (conn.dialect === 'postgresql') {
    return (await conn.query<{ indexname: string }>('SELECT indexname FROM pg_indexes WHERE tablename = $1', [table])).map((r) => r.indexname).sort();
  }
  if (conn.dialect === 'mysql') {
    return [...new Set((await conn.query<{ Key_name: string }>(`SHOW INDEX FROM \`${table}\``)).map((r) => r.Key_name))].sort();
  }
  return (await conn.query<{ name: string }>(`SELECT name FROM pragma_index_list(?)`, [table])).map((r) => r.name).sort();
}

/** Placeholders for n parameters in this dialect. */
function params(dialect: DialectName, n: number): string {
  return Array.from({ length: n }, (_, i) => dialectFor(dialect).placeholder(i + 1)).join(', ');
}

describeDialects('DDL for every op', (dialect, db) => {
  let conn: Connection;
  const d = dialectFor(dialect);
  const q = (id: string): string => d.quote(id);

  beforeEach(async () => {
    conn = await connect(db().url);
  });
  afterEach(async () => {
    await conn.close();
  });

  const ctx = (): DdlContext => (dialect === 'sqlite' ? { inspectTable: sqliteTableInspector(conn) } : {});
  async function apply(...ops: Op[]): Promise<string[]> {
    const all: string[] = [];
    for (const op of ops) {
      for (const sql of await d.render(op, ctx())) {
        all.push(sql);
        await conn.execute(sql);
      }
    }
    return all;
  }
  async function insertUser(email: string, name: string | null = null): Promise<void> {
    await conn.execute(`INSERT INTO ${q('users')} (${q('email')}, ${q('name')}) VALUES (${params(dialect, 2)})`, [email, name]);
  }
  async function count(table: string): Promise<number> {
    const [row] = await conn.query<{ n: number | string }>(`SELECT COUNT(*) AS n FROM ${q(table)}`);
    return Number(row.n);
  }

  it('creates tables with keys, unique indexes, defaults and a cascading foreign key', async () => {
    await apply({ kind: 'createTable', table: users }, { kind: 'createTable', table: posts });
    await insertUser('a@x.io');
    await expect(insertUser('a@x.io')).rejects.toThrow();
    const [u] = await conn.query<{ id: number; created_at: unknown; active: unknown }>(`SELECT * FROM ${q('users')}`);
    expect(u.id).toBe(1);
    expect(u.created_at).toBeTruthy();
    expect(Boolean(Number(u.active) || u.active === true)).toBe(true);
    await conn.execute(`INSERT INTO ${q('posts')} (${q('author_id')}) VALUES (${params(dialect, 1)})`, [1]);
    const [p] = await conn.query<{ title: string }>(`SELECT ${q('title')} FROM ${q('posts')}`);
    expect(p.title).toBe("it's");
    await expect(conn.execute(`INSERT INTO ${q('posts')} (${q('author_id')}) VALUES (${params(dialect, 1)})`, [99])).rejects.toThrow();
    await conn.execute(`DELETE FROM ${q('users')}`);
    expect(await count('posts')).toBe(0);
    expect(await indexNames(conn, 'posts')).toEqual(expect.arrayContaining(['posts_author_id_idx']));
  });

  it('renames and drops tables', async () => {
    await apply({ kind: 'createTable', table: users });
    await insertUser('a@x.io');
    await apply({ kind: 'renameTable', from: 'users', to: 'people' });
    expect(await tableNames(conn)).toEqual(['people']);
    expect(await count('people')).toBe(1);
    await apply({ kind: 'dropTable', table: 'people' });
    expect(await tableNames(conn)).toEqual([]);
  });

  it('adds, renames and drops columns keeping data', async () => {
    await apply({ kind: 'createTable', table: users });
    await insertUser('a@x.io', 'Ann');
    await apply(
      { kind: 'addColumn', table: 'users', column: { name: 'age', type: 'Int', nullable: false, default: 7 } },
      { kind: 'renameColumn', table: 'users', from: 'name', to: 'full name' },
    );
    const [row] = await conn.query<Record<string, unknown>>(`SELECT * FROM ${q('users')}`);
    expect(row['full name']).toBe('Ann');
    expect(row.age).toBe(7);
    await apply({ kind: 'dropColumn', table: 'users', column: 'age' });
    const [after] = await conn.query<Record<string, unknown>>(`SELECT * FROM ${q('users')}`);
    expect(after).not.toHaveProperty('age');
  });

  it('alters a column type, nullability and default, and renames it, keeping values', async () => {
    await apply({ kind: 'createTable', table: users });
    await insertUser('a@x.io', '42');
    await apply({
      kind: 'alterColumn', table: 'users', column: 'name', type: 'Int', nullable: false, default: 5, newName: 'score',
      using: dialect === 'postgresql' ? '"name"::integer' : undefined,
      existing: { type: 'String', nativeType: 'VarChar(120)', nullable: true },
    });
    const [row] = await conn.query<Record<string, unknown>>(`SELECT ${q('score')} FROM ${q('users')}`);
    expect(Number(row.score)).toBe(42);
    await conn.execute(`INSERT INTO ${q('users')} (${q('email')}) VALUES (${params(dialect, 1)})`, ['b@x.io']);
    const rows = await conn.query<{ score: number }>(`SELECT ${q('score')} FROM ${q('users')} ORDER BY ${q('id')}`);
    expect(rows.map((r) => Number(r.score))).toEqual([42, 5]);
    await expect(conn.execute(`INSERT INTO ${q('users')} (${q('email')}, ${q('score')}) VALUES (${params(dialect, 2)})`, ['c@x.io', null])).rejects.toThrow();
    await apply({ kind: 'alterColumn', table: 'users', column: 'score', default: null, existing: { type: 'Int', nullable: false, default: 5 } });
    await expect(conn.execute(`INSERT INTO ${q('users')} (${q('email')}) VALUES (${params(dialect, 1)})`, ['d@x.io'])).rejects.toThrow();
  });

  it('creates, renames and drops indexes (unique, descending, partial where supported)', async () => {
    await apply({ kind: 'createTable', table: users });
    const partial = dialect !== 'mysql';
    await apply({
      kind: 'createIndex', name: 'users_name_idx', table: 'users', columns: [{ name: 'name', order: 'desc', length: dialect === 'mysql' ? 10 : undefined }],
      unique: true, where: partial ? `${q('active')} = true` : undefined,
    });
    expect(await indexNames(conn, 'users')).toContain('users_name_idx');
    await insertUser('a@x.io', 'same');
    await expect(insertUser('b@x.io', 'same')).rejects.toThrow();
    if (partial) {
      // Outside the predicate the uniqueness does not apply.
      await conn.execute(`UPDATE ${q('users')} SET ${q('active')} = false`);
      await insertUser('c@x.io', 'same');
    }
    await apply({ kind: 'renameIndex', table: 'users', from: 'users_name_idx', to: 'users_name_key' });
    const names = await indexNames(conn, 'users');
    expect(names).toContain('users_name_key');
    expect(names).not.toContain('users_name_idx');
    await apply({ kind: 'dropIndex', name: 'users_name_key', table: 'users' });
    expect(await indexNames(conn, 'users')).not.toContain('users_name_key');
  });

  it('adds and drops primary key, unique, foreign key and check constraints', async () => {
    const plain: TableDef = {
      name: 'order', columns: [{ name: 'id', type: 'Int', nullable: false }, { name: 'qty', type: 'Int', nullable: false }, { name: 'ref', type: 'Int' }],
    };
    await apply({ kind: 'createTable', table: plain });
    await apply(
      { kind: 'createPrimaryKey', table: 'order', name: 'order_pkey', columns: ['id'] },
      { kind: 'createUniqueConstraint', table: 'order', name: 'order_qty_key', columns: ['qty'] },
      { kind: 'createCheckConstraint', table: 'order', check: { name: 'order_qty_positive', expression: `${q('qty')} > 0` } },
      { kind: 'createForeignKey', table: 'order', foreignKey: { name: 'order_ref_fkey', columns: ['ref'], referencedTable: 'order', referencedColumns: ['id'], onDelete: 'SetNull' } },
    );
    const ins = (id: number, qty: number, ref: number | null): Promise<number> =>
      conn.execute(`INSERT INTO ${q('order')} (${q('id')}, ${q('qty')}, ${q('ref')}) VALUES (${params(dialect, 3)})`, [id, qty, ref]);
    await ins(1, 1, null);
    await expect(ins(1, 2, null)).rejects.toThrow(); // primary key
    await expect(ins(2, 1, null)).rejects.toThrow(); // unique
    await expect(ins(2, 0, null)).rejects.toThrow(); // check
    await expect(ins(2, 2, 9)).rejects.toThrow(); // foreign key
    await ins(2, 2, 1);
    await conn.execute(`DELETE FROM ${q('order')} WHERE ${q('id')} = 1`);
    const [child] = await conn.query<{ ref: unknown }>(`SELECT ${q('ref')} FROM ${q('order')}`);
    expect(child.ref).toBeNull();

    await apply(
      { kind: 'dropConstraint', table: 'order', name: 'order_ref_fkey', type: 'foreignKey' },
      { kind: 'dropConstraint', table: 'order', name: 'order_qty_positive', type: 'check' },
      { kind: 'dropConstraint', table: 'order', name: 'order_qty_key', type: 'unique' },
      { kind: 'dropConstraint', table: 'order', name: 'order_pkey', type: 'primary' },
    );
    await ins(2, 2, 9);
    await ins(3, 0, null);
    expect(await count('order')).toBe(3);
  });

  it('creates enums, adds a value and drops them', async () => {
    const mood = { enum: 'Mood', values: ['SAD', 'HAPPY'] };
    await apply(
      { kind: 'createEnum', name: 'Mood', values: mood.values },
      { kind: 'createTable', table: { name: 'people', columns: [{ name: 'mood', type: mood, nullable: false, default: 'SAD' }] } },
    );
    const insertMood = (m: string): Promise<number> => conn.execute(`INSERT INTO ${q('people')} (${q('mood')}) VALUES (${params(dialect, 1)})`, [m]);
    await insertMood('HAPPY');
    if (dialect !== 'sqlite') await expect(insertMood('OK')).rejects.toThrow();
    const sql = await apply({
      kind: 'addEnumValue', name: 'Mood', value: 'OK', after: 'SAD',
      columns: [{ table: 'people', column: 'mood', values: mood.values, nullable: false, default: 'SAD' }],
    });
    if (dialect === 'sqlite') expect(sql).toEqual([]);
    await insertMood('OK');
    await conn.execute(`INSERT INTO ${q('people')} DEFAULT VALUES`.replace('DEFAULT VALUES', dialect === 'mysql' ? '() VALUES ()' : 'DEFAULT VALUES'));
    const rows = await conn.query<{ mood: string }>(`SELECT ${q('mood')} FROM ${q('people')}`);
    expect(rows.map((r) => r.mood).sort()).toEqual(['HAPPY', 'OK', 'SAD']);
    if (dialect === 'postgresql') {
      const labels = await conn.query<{ enumlabel: string }>("SELECT enumlabel FROM pg_enum WHERE enumtypid = '\"Mood\"'::regtype ORDER BY enumsortorder");
      expect(labels.map((l) => l.enumlabel)).toEqual(['SAD', 'OK', 'HAPPY']);
    }
    await apply({ kind: 'dropTable', table: 'people' }, { kind: 'dropEnum', name: 'Mood' });
    if (dialect === 'postgresql') expect(await conn.query("SELECT 1 FROM pg_type WHERE typname = 'Mood'")).toEqual([]);
  });

  it('passes execute through and quotes awkward identifiers', async () => {
    await apply({
      kind: 'createTable',
      table: { name: 'order', columns: [{ name: 'the "col"', type: 'String' }, { name: "it's `x`", type: 'Int', default: 1 }] },
    });
    await apply({ kind: 'execute', sql: `INSERT INTO ${q('order')} (${q('the "col"')}) VALUES ('v')` });
    const [row] = await conn.query<Record<string, unknown>>(`SELECT * FROM ${q('order')}`);
    expect(row).toEqual({ 'the "col"': 'v', "it's `x`": 1 });
  });
});

describe('offline rendering errors', () => {
  it('MySQL alterColumn without existing names the missing fields', async () => {
    await expect(dialectFor('mysql').render({ kind: 'alterColumn', table: 't', column: 'c', nullable: false }, {}))
      .rejects.toThrow(/existing\.type/);
  });
  it('MySQL dropIndex without a table says so', async () => {
    await expect(dialectFor('mysql').render({ kind: 'dropIndex', name: 'i' }, {})).rejects.toThrow(/table/);
  });
  it('schema-qualifies and quotes on PostgreSQL', async () => {
    const sql = await dialectFor('postgresql').render({ kind: 'createIndex', name: 'i"x', table: 't', schema: 's', columns: ['a'], using: 'gin', concurrently: true }, {});
    expect(sql).toEqual(['CREATE INDEX CONCURRENTLY "i""x" ON "s"."t" USING GIN ("a")']);
  });
});
