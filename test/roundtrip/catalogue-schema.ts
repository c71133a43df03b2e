/**
 * The base schema of the edit catalogue, the rows put in it, and how to read them back so that a
 * test can say "the rows survived". Small on purpose: each edit touches one thing in it.
 */
import type { DialectName } from '../../src/db/types';
import { execute, query, quoteFor } from './helpers';

export function baseSchema(provider: DialectName): string {
  return `datasource db {
  provider = "${provider}"
}

enum Role {
  USER
  ADMIN
  GUEST
}

model User {
  id        Int      @id @default(autoincrement())
  email     String   @unique
  name      String?
  age       Int      @default(0)
  role      Role     @default(USER)
  createdAt DateTime @default(now())
  posts     Post[]

  @@map("users")
}

model Post {
  id       Int     @id @default(autoincrement())
  title    String
  body     String?
  score    Int     @default(0)
  authorId Int
  author   User    @relation(fields: [authorId], references: [id])
  tags     Tag[]

  @@index([title])
}

model Tag {
  id          Int     @id @default(autoincrement())
  name        String  @unique
  description String?
  posts       Post[]
}

model Setting {
  key   String @id
  value String
}
`;
}

/** Rows of the base schema, by table: column → value (ids explicit so that join rows can point at them). */
const SEED: Record<string, Record<string, string | number | null>[]> = {
  users: [
    { id: 1, email: 'ann@example.com', name: 'Ann', age: 30, role: 'USER' },
    { id: 2, email: 'bob@example.com', name: null, age: 41, role: 'ADMIN' },
  ],
  Post: [
    { id: 1, title: 'Hello', body: 'first post', score: 5, authorId: 1 },
    { id: 2, title: 'World', body: null, score: 0, authorId: 2 },
    { id: 3, title: 'Again', body: 'third', score: 12, authorId: 1 },
  ],
  Tag: [
    { id: 1, name: 'news', description: 'what happened' },
    { id: 2, name: 'tech', description: 'gadgets' },
  ],
  Setting: [{ key: 'theme', value: 'dark' }, { key: 'lang', value: 'fr' }],
  _PostToTag: [{ A: 1, B: 1 }, { A: 2, B: 1 }, { A: 3, B: 2 }],
};

/** The columns read back to compare, with the column that orders them. */
const SNAPSHOT_COLUMNS: Record<string, { columns: string[]; orderBy: string[] }> = {
  users: { columns: ['id', 'email', 'name', 'age', 'role'], orderBy: ['id'] },
  Post: { columns: ['id', 'title', 'body', 'score', 'authorId'], orderBy: ['id'] },
  Tag: { columns: ['id', 'name', 'description'], orderBy: ['id'] },
  Setting: { columns: ['key', 'value'], orderBy: ['key'] },
  _PostToTag: { columns: ['A', 'B'], orderBy: ['A', 'B'] },
};

function literal(value: string | number | null): string {
  if (value === null) return 'NULL';
  return typeof value === 'number' ? String(value) : `'${value.replace(/'/g, "''")}'`;
}

export async function insertSeedRows(url: string, dialect: DialectName): Promise<void> {
  const q = quoteFor(dialect);
  const statements = Object.entries(SEED).flatMap(([table, rows]) => rows.map((row) => {
    const columns = Object.keys(row);
    return `INSERT INTO ${q(table)} (${columns.map(q).join(', ')}) VALUES (${columns.map((c) => literal(row[c])).join(', ')})`;
  }));
  await execute(url, statements);
}

/**
 * `table.column` → the column's values in row order, as strings (drivers differ on numbers:
 * a BIGINT is a string in pg, a number elsewhere). Left out: what `skip` names (`table` or
 * `table.column`), for edits that drop or recreate it.
 */
/**
 * The seed rows' values keyed by `table.column`. `renamed` maps a table (`Setting`) or a column
 * (`users.name`) to the name it has in the database now, so values can be followed across a rename.
 */
export async function snapshot(
  url: string, dialect: DialectName, skip: string[] = [], renamed: Record<string, string> = {},
): Promise<Record<string, (string | null)[]>> {
  const q = quoteFor(dialect);
  const out: Record<string, (string | null)[]> = {};
  for (const [table, { columns, orderBy }] of Object.entries(SNAPSHOT_COLUMNS)) {
    if (skip.includes(table)) continue;
    const kept = columns.filter((c) => !skip.includes(`${table}.${c}`));
    const physical = (c: string) => renamed[`${table}.${c}`] ?? c;
    const select = kept.map((c) => `${q(physical(c))} AS ${q(c)}`).join(', ');
    const rows = await query<Record<string, unknown>>(
      url, `SELECT ${select} FROM ${q(renamed[table] ?? table)} ORDER BY ${orderBy.map((c) => q(physical(c))).join(', ')}`,
    );
    for (const c of kept) out[`${table}.${c}`] = rows.map((r) => (r[c] === null ? null : String(r[c])));
  }
  return out;
}
