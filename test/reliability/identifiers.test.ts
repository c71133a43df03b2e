/**
 * Identifiers: quotes, backslashes, reserved words, spaces, Unicode and names at each database's
 * limit round-trip (through `op` in a hand-written revision and through autogenerate: introspection
 * sees exactly the name, `pmig check` is clean); a name the database cannot hold (one over the limit,
 * emoji on MySQL/MariaDB) is refused before any SQL runs, naming the model or field and the `@map`
 * that fixes it. Unknown option keys in `op` calls are refused by name with the closest known key.
 */
import { readdirSync } from 'node:fs';
import { autogenerate, check, upgrade } from '../../src';
import { unholdableNames } from '../../src/autogenerate/identifier-limits';
import { connect } from '../../src/db/connect';
import type { DialectName } from '../../src/db/types';
import { dialectFor } from '../../src/ddl';
import { introspect } from '../../src/introspect';
import { Operations, type OperationSink } from '../../src/operations/operations';
import type { Op } from '../../src/operations/types';
import { parsePrismaSchema, blocksToSchema } from '../../src/prisma';
import type { Schema } from '../../src/schema/types';
import { shellQuote } from '../../src/util/shell-quote';
import { describeDialects } from '../helpers/databases';
import { prismaDdl } from '../helpers/prisma-ddl';
import { TestProject } from '../helpers/project';
import { writeSchema } from '../safety/helpers';
import { tally } from './tally';

/** Names every database keeps exactly as written. */
const COMMON_NAMES = [
  "it's", 'say "hi"', 'back`tick', 'back\\slash', 'select', 'order', 'user', 'group', 'with space', 'café', '日本語',
];

/** Per database: extra names it holds (at the limit), and names it cannot hold with the reason's fragment. */
const LIMITS: Record<DialectName, { holds: string[]; refuses: [string, RegExp][] }> = {
  postgresql: {
    holds: ['emoji😀', 'a'.repeat(63), `${'é'.repeat(31)}a`, '日'.repeat(21)],
    refuses: [
      ['a'.repeat(64), /is 64 bytes long; PostgreSQL keeps at most 63 bytes and would silently cut it to 'a{63}'/],
      ['é'.repeat(32), /is 64 bytes long; PostgreSQL keeps at most 63 bytes and would silently cut it to 'é{31}'/],
      ['日'.repeat(22), /is 66 bytes long; PostgreSQL keeps at most 63 bytes/],
      ['', /is empty/],
      ['nul\0byte', /contains a NUL character/],
    ],
  },
  mysql: {
    holds: ['a'.repeat(64), 'é'.repeat(64), `${'日'.repeat(50)}a`],
    refuses: [
      ['a'.repeat(65), /is 65 characters long; MySQL\/MariaDB keeps at most 64 characters/],
      ['é'.repeat(65), /is 65 characters long/],
      ['x😀', /contains '😀' \(U\+1F600\); MySQL\/MariaDB refuses characters beyond U\+FFFF/],
      ['trailing ', /ends with a space/],
      ['', /is empty/],
    ],
  },
  sqlite: {
    holds: ['emoji😀', 'a'.repeat(200), 'trailing '],
    refuses: [['', /is empty/], ['nul\0byte', /contains a NUL character/]],
  },
};

/** Collects ops instead of running them: what reaches the sink would have run. */
function recorder(dialect: DialectName): { op: Operations; ran: Op[] } {
  const ran: Op[] = [];
  const sink: OperationSink = {
    dialect,
    online: false,
    run: async (o) => void ran.push(o),
    runBatch: async (_t, _s, ops) => void ran.push(...ops),
    query: async () => [],
    placeholder: (i) => (dialect === 'postgresql' ? `$${i}` : '?'),
    quote: (id) => dialectFor(dialect).quote(id),
  };
  return { op: new Operations(sink), ran };
}

const ID = { name: 'id', type: 'Int' as const, primaryKey: true };

/** Every op that creates a name, creating `name` in the role it gives it. */
const CREATING_CALLS: [string, (op: Operations, name: string) => Promise<unknown>][] = [
  ['createTable (table)', (op, n) => op.createTable(n, [ID])],
  ['createTable (column)', (op, n) => op.createTable('t', [ID, { name: n, type: 'String' }])],
  ['createTable (index)', (op, n) => op.createTable('t', [ID], { indexes: [{ name: n, columns: ['id'] }] })],
  ['createTable (foreign key)', (op, n) => op.createTable('t', [ID], { foreignKeys: [{ name: n, columns: ['id'], referencedTable: 'u', referencedColumns: ['id'] }] })],
  ['addColumn', (op, n) => op.addColumn('t', { name: n, type: 'Int' })],
  ['renameTable', (op, n) => op.renameTable('t', n)],
  ['renameColumn', (op, n) => op.renameColumn('t', 'c', n)],
  ['alterColumn newName', (op, n) => op.alterColumn('t', 'c', { newName: n })],
  ['createIndex', (op, n) => op.createIndex(n, 't', ['c'])],
  ['renameIndex', (op, n) => op.renameIndex('t', 'i', n)],
  ['createUniqueConstraint', (op, n) => op.createUniqueConstraint(n, 't', ['c'])],
  ['createForeignKey', (op, n) => op.createForeignKey(n, 't', ['c'], 'u', ['id'])],
  ['createCheckConstraint', (op, n) => op.createCheckConstraint(n, 't', 'c > 0')],
  ['createPrimaryKey', (op, n) => op.createPrimaryKey(n, 't', ['c'])],
  ['batchAlterTable addColumn', (op, n) => op.batchAlterTable('t', (b) => b.addColumn({ name: 'ok', type: 'Int' }).addColumn({ name: n, type: 'Int' }))],
];

describe('op refuses names the database cannot hold, before any SQL', () => {
  for (const dialect of ['postgresql', 'mysql', 'sqlite'] as DialectName[]) {
    for (const [name, reason] of LIMITS[dialect].refuses) {
      // An empty primary key name means "unnamed", which every database can hold.
      const calls = CREATING_CALLS.filter(([label]) => !(name === '' && label === 'createPrimaryKey'));
      it.each(calls)(`${dialect}: %s with ${JSON.stringify(name).slice(0, 24)}`, async (_label, call) => {
        tally.inputs();
        const { op, ran } = recorder(dialect);
        await expect(call(op, name)).rejects.toThrow(reason);
        // Nothing of the call ran, not even the first column of a batch.
        expect(ran).toEqual([]);
      });
    }
    it(`${dialect}: holds every name at the limit and the awkward ones`, async () => {
      const { op, ran } = recorder(dialect);
      const names = [...COMMON_NAMES, ...LIMITS[dialect].holds];
      for (const n of names) await op.createTable(n, [ID, { name: n, type: 'String' }], { indexes: [{ name: n, columns: [n] }] });
      tally.inputs(names.length);
      expect(ran.map((o) => (o.kind === 'createTable' ? o.table.name : ''))).toEqual(names);
    });
  }

  it('enum type names and labels are names on PostgreSQL only (MySQL and SQLite keep no enum names)', async () => {
    tally.inputs(3);
    await expect(recorder('postgresql').op.createEnum('e'.repeat(64), ['a'])).rejects.toThrow(/enum type name 'e{64}' is 64 bytes long/);
    await expect(recorder('postgresql').op.addEnumValue('e', 'v'.repeat(64))).rejects.toThrow(/enum value name 'v{64}' is 64 bytes long/);
    const mysql = recorder('mysql');
    await mysql.op.createEnum('e'.repeat(80), ['a😀']);
    expect(mysql.ran).toHaveLength(1);
  });

  it('the message says which call and how to fix it', async () => {
    tally.inputs();
    await expect(recorder('postgresql').op.addColumn('orders', { name: 'c'.repeat(70), type: 'Int' })).rejects.toThrow(
      `op.addColumn('orders', '${'c'.repeat(70)}'): the column name '${'c'.repeat(70)}' is 70 bytes long; PostgreSQL keeps at most 63 bytes ` +
        `and would silently cut it to '${'c'.repeat(63)}'. Use a name the database can hold, here and in the Prisma schema (@map("…"))`,
    );
  });

  it('MySQL/MariaDB: a table name whose file name would be too long (51 CJK characters) is refused; 50 are held', async () => {
    tally.inputs(2);
    await expect(recorder('mysql').op.createTable('日'.repeat(51), [ID])).rejects.toThrow(/takes at least 255 bytes as a file name/);
    const { op, ran } = recorder('mysql');
    await op.createTable('日'.repeat(50), [ID]);
    // As a column name the same 64 characters are fine: only tables are files.
    await op.addColumn('t', { name: '日'.repeat(64), type: 'Int' });
    expect(ran).toHaveLength(2);
  });
});

describe('op refuses unknown option keys by name, with the closest known key', () => {
  const cases: [string, (op: Operations) => Promise<unknown>, RegExp][] = [
    ['createTable uniqueConstraints', (op) => op.createTable('users', [ID], { uniqueConstraints: [{ name: 'u', columns: ['id'] }] } as never),
      /unknown option 'uniqueConstraints' in op\.createTable\('users'\); did you mean 'uniques'\?/],
    ['createTable column nulable', (op) => op.createTable('users', [ID, { name: 'email', type: 'String', nulable: false } as never]),
      /unknown key 'nulable' in column 'email' of op\.createTable\('users'\); did you mean 'nullable'\?/],
    ['createTable index colums', (op) => op.createTable('users', [ID], { indexes: [{ name: 'i', colums: ['id'] } as never] }),
      /unknown key 'colums' in index 'i' of op\.createTable\('users'\); did you mean 'columns'\?/],
    ['createTable foreign key onDelte', (op) => op.createTable('users', [ID], { foreignKeys: [{ name: 'f', columns: ['id'], referencedTable: 'x', referencedColumns: ['id'], onDelte: 'Cascade' } as never] }),
      /unknown key 'onDelte' in foreign key 'f' of op\.createTable\('users'\); did you mean 'onDelete'\?/],
    ['createTable primaryKey column', (op) => op.createTable('users', [ID], { primaryKey: { column: ['id'] } as never }),
      /unknown key 'column' in primaryKey of op\.createTable\('users'\); did you mean 'columns'\?/],
    ['createTable column default now typo', (op) => op.createTable('users', [ID, { name: 'at', type: 'DateTime', default: { nwo: true } } as never]),
      /unknown key 'nwo' in default of column 'at'/],
    ['addColumn column notNull', (op) => op.addColumn('users', { name: 'x', type: 'Int', notnull: false } as never),
      /unknown key 'notnull' in column 'x' of op\.addColumn\('users', 'x'\); did you mean 'nullable'\?/],
    ['addColumn options Schema', (op) => op.addColumn('users', { name: 'x', type: 'Int' }, { Schema: 'a' } as never),
      /unknown option 'Schema' in op\.addColumn\('users', 'x'\); did you mean 'schema'\?/],
    ['alterColumn nullabel', (op) => op.alterColumn('users', 'x', { nullabel: true } as never),
      /unknown option 'nullabel' in op\.alterColumn\('users', 'x'\); did you mean 'nullable'\?/],
    ['alterColumn existing typ', (op) => op.alterColumn('users', 'x', { nullable: true, existing: { typ: 'Int' } } as never),
      /unknown key 'typ' in existing of op\.alterColumn\('users', 'x'\); did you mean 'type'\?/],
    ['createIndex uniqe', (op) => op.createIndex('i', 'users', ['x'], { uniqe: true } as never),
      /unknown option 'uniqe' in op\.createIndex\('i', 'users'\); did you mean 'unique'\?/],
    ['createIndex index column sort', (op) => op.createIndex('i', 'users', [{ name: 'x', sort: 'desc' } as never]),
      /unknown key 'sort' in index column 'x' of op\.createIndex\('i', 'users'\)/],
    ['dropTable archived', (op) => op.dropTable('users', { archived: true } as never),
      /unknown option 'archived' in op\.dropTable\('users'\); did you mean 'archive'\?/],
    ['dropColumn archive key typo', (op) => op.dropColumn('users', 'x', { archive: { keys: ['id'] } } as never),
      /unknown key 'keys' in archive of op\.dropColumn\('users', 'x'\); did you mean 'key'\?/],
    ['createForeignKey onDelete typo', (op) => op.createForeignKey('f', 'users', ['x'], 'teams', ['id'], { ondelete: 'Cascade' } as never),
      /unknown option 'ondelete' in op\.createForeignKey\('f', 'users'\); did you mean 'onDelete'\?/],
    ['renameTable schemaName', (op) => op.renameTable('a', 'b', { schemaName: 'x' } as never),
      /unknown option 'schemaName' in op\.renameTable\('a', 'b'\); did you mean 'schema'\?/],
    ['addEnumValue befor', (op) => op.addEnumValue('e', 'v', { befor: 'w' } as never),
      /unknown option 'befor' in op\.addEnumValue\('e', 'v'\); did you mean 'before'\?/],
    ['bulkInsert schma', (op) => op.bulkInsert('users', [{ id: 1 }], { schma: 'x' } as never),
      /unknown option 'schma' in op\.bulkInsert\('users'\); did you mean 'schema'\?/],
    ['batchAlterTable createIndex uniq', (op) => op.batchAlterTable('users', (b) => b.addColumn({ name: 'ok', type: 'Int' }).createIndex('i', ['x'], { uniq: true } as never)),
      /unknown option 'uniq' in op\.batchAlterTable\('users'\) → batch\.createIndex\('i'\); did you mean 'unique'\?/],
    ['an unrelated key: no suggestion, the known keys listed', (op) => op.createIndex('i', 'users', ['x'], { zzz: 1 } as never),
      /unknown option 'zzz' in op\.createIndex\('i', 'users'\)\. Known options: schema, unique, where, using, concurrently\./],
  ];
  it.each(cases)('%s', async (_label, call, message) => {
    tally.inputs();
    const { op, ran } = recorder('postgresql');
    await expect(call(op)).rejects.toThrow(message);
    expect(ran).toEqual([]);
  });

  it('values that are not object literals (names in column lists, enum types, SQL defaults) are left alone', async () => {
    const { op, ran } = recorder('postgresql');
    await op.dropColumn('users', 'x', { existing: { name: 'x', type: 'DateTime', default: { now: true } } });
    await op.createTable('t', [ID, { name: 'k', type: { enum: 'Kind', values: ['a'] }, default: { sql: "'a'" } }], {
      uniques: [{ name: 'u', columns: ['k', { name: 'id', order: 'desc' }] }],
    });
    expect(ran.map((o) => o.kind)).toEqual(['dropColumn', 'createTable']);
  });
});

describe("default names match Prisma's own, cut to the limit as Prisma cuts them", () => {
  const longModel = `M${'x'.repeat(55)}`;
  const relation = `R${'y'.repeat(57)}`;
  const models = `
model ${longModel} {
  id Int @id
  ${'c'.repeat(20)} Int @unique
  ${'d'.repeat(20)} Int
  e  Int @map("${'é'.repeat(10)}")
  @@index([e, ${'d'.repeat(20)}])
}
model Post {
  id   Int   @id
  tags Tag[] @relation("${relation}")
}
model Tag {
  id    Int    @id
  posts Post[] @relation("${relation}")
}`;
  it.each(['postgresql', 'sqlite'] as const)('%s: every key, index and foreign key name pmig expects is in Prisma\'s DDL', async (dialect) => {
    tally.inputs();
    const schema = `datasource db {\n  provider = "${dialect}"\n}\n${models}`;
    const prismaSql = await prismaDdl(schema, dialect);
    const { blocks } = parsePrismaSchema([['schema.prisma', schema]]);
    const target = blocksToSchema(blocks);
    const expected = target.tables.flatMap((t) => [
      ...(dialect === 'postgresql' && t.primaryKey?.name ? [t.primaryKey.name] : []),
      ...(t.indexes ?? []).map((i) => i.name),
      ...(t.uniques ?? []).map((u) => u.name),
      ...(dialect === 'postgresql' ? (t.foreignKeys ?? []).map((f) => f.name) : []),
    ]);
    expect(expected.length).toBe(dialect === 'postgresql' ? 9 : 4);
    for (const name of expected) expect(prismaSql).toContain(`"${name}"`);
    // Each fits the limit (PostgreSQL counts bytes), so the database keeps it as written.
    if (dialect === 'postgresql') for (const name of expected) expect(Buffer.byteLength(name)).toBeLessThanOrEqual(63);
  });
});

describe('suggested flags are quoted for the shell', () => {
  it.each([
    ['User=Account', 'User=Account'],
    ['Order.full name=fullName', "'Order.full name=fullName'"],
    ["it's=x", "'it'\\''s=x'"],
    ['$(rm -rf)=x', "'$(rm -rf)=x'"],
  ])('%s → %s', (value, quoted) => {
    tally.inputs();
    expect(shellQuote(value)).toBe(quoted);
  });
});

// ---------------------------------------------------------------- real databases

function namesFor(dialect: DialectName): string[] {
  return [...COMMON_NAMES, ...LIMITS[dialect].holds];
}

async function liveSchema(url: string): Promise<Schema> {
  const conn = await connect(url);
  try {
    return await introspect(conn);
  } finally {
    await conn.close();
  }
}

/** A TypeScript string literal for a name (revision files are TypeScript). */
const ts = (s: string): string => JSON.stringify(s);
/** A Prisma string literal (Prisma takes \" and \\ escapes). */
const psl = (s: string): string => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

describeDialects('identifiers round-trip', (dialect, db) => {
  let project: TestProject;
  beforeEach(() => {
    project = new TestProject(db().url);
  });
  afterEach(() => project.remove());
  const names = namesFor(dialect);

  it('through op: tables, columns and indexes named with quotes, reserved words, Unicode and at the limit', async () => {
    tally.inputs(names.length * 3);
    const options = { cwd: project.dir, url: db().url };
    project.writeRevision({
      id: 'aaa000000001',
      upgrade: names.map((n) => `await op.createTable(${ts(n)}, [{ name: 'id', type: 'Int', primaryKey: true }]);`).join('\n  '),
    });
    // Index names share a namespace with tables on PostgreSQL and SQLite: the tables go first.
    project.writeRevision({
      id: 'aaa000000002',
      down: 'aaa000000001',
      upgrade: [
        ...names.map((n) => `await op.dropTable(${ts(n)});`),
        `await op.createTable('cols', [{ name: 'id', type: 'Int', primaryKey: true }, ${names.map((n) => `{ name: ${ts(n)}, type: 'Int' }`).join(', ')}]);`,
        ...names.map((n) => `await op.createIndex(${ts(n)}, 'cols', [${ts(n)}]);`),
      ].join('\n  '),
    });
    await upgrade('aaa000000001', options);
    const tables = (await liveSchema(db().url)).tables.map((t) => t.name);
    expect(tables.filter((t) => names.includes(t)).sort()).toEqual([...names].sort());
    await upgrade('head', options);
    tally.revisions(2);
    const cols = (await liveSchema(db().url)).tables.find((t) => t.name === 'cols')!;
    expect(cols.columns.map((c) => c.name)).toEqual(['id', ...names]);
    expect((cols.indexes ?? []).map((i) => i.name).sort()).toEqual([...names].sort());
  });

  it('through autogenerate: models, fields and enum values mapped to such names; check is clean', async () => {
    tally.inputs(names.length * 3);
    const options = { cwd: project.dir, url: db().url };
    const models = names.map((n, i) => `model T${i} {\n  id Int @id\n  @@map(${psl(n)})\n}`);
    const fields = names.map((n, i) => `  f${i} Int? @map(${psl(n)})`);
    // MySQL strips trailing spaces from ENUM values; SQLite stores text: every name is a value there.
    const values = names.filter((n) => !(dialect === 'mysql' && / $/.test(n)));
    writeSchema(project.dir, dialect, [
      ...models,
      `model Cols {\n  id Int @id\n${fields.join('\n')}\n  mood Mood?\n  @@map("cols")\n}`,
      `enum Mood {\n${values.map((v, i) => `  v${i} @map(${psl(v)})`).join('\n')}\n}`,
    ].join('\n\n'));
    const result = await autogenerate({ ...options, message: 'awkward names' });
    expect(result.written).toBeDefined();
    await upgrade('head', options);
    tally.revisions(1);
    const live = await liveSchema(db().url);
    expect(live.tables.map((t) => t.name).filter((t) => names.includes(t)).sort()).toEqual([...names].sort());
    expect(live.tables.find((t) => t.name === 'cols')!.columns.map((c) => c.name)).toEqual(expect.arrayContaining(names));
    const drift = await check(options);
    expect(drift.descriptions).toEqual([]);
  });

  it('Prisma\'s default names for long tables and long implicit many-to-many relations are matched: check is clean', async () => {
    tally.inputs(2);
    const options = { cwd: project.dir, url: db().url };
    const longModel = `M${'x'.repeat(55)}`;
    const relation = `R${'y'.repeat(57)}`;
    writeSchema(project.dir, dialect, `
model ${longModel} {
  id     Int @id
  ${'c'.repeat(20)} Int @unique
  ${'d'.repeat(20)} Int
  @@index([${'d'.repeat(20)}])
}

model Post {
  id   Int   @id
  tags Tag[] @relation("${relation}")
}

model Tag {
  id    Int    @id
  posts Post[] @relation("${relation}")
}
`);
    await autogenerate({ ...options, message: 'long defaults' });
    await upgrade('head', options);
    tally.revisions(1);
    const live = await liveSchema(db().url);
    expect(live.tables.map((t) => t.name)).toEqual(expect.arrayContaining([longModel, `_${relation}`]));
    expect((await check(options)).descriptions).toEqual([]);
  });
});

describeDialects('names the database cannot hold are refused end to end', (dialect, db) => {
  let project: TestProject;
  beforeEach(() => {
    project = new TestProject(db().url);
  });
  afterEach(() => project.remove());
  const [overLong] = LIMITS[dialect].refuses[0];

  it('an op in a hand-written revision: exit 1, the message, and no SQL of that op ran', async () => {
    tally.inputs();
    project.writeRevision({
      id: 'bbb000000001',
      upgrade: `await op.createTable('kept', [{ name: 'id', type: 'Int', primaryKey: true }]);\n  await op.addColumn('kept', { name: ${ts(overLong)}, type: 'Int' });`,
    });
    const r = project.run(['upgrade', 'head']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`op.addColumn('kept', '${overLong}'): the column name '${overLong}'`);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    const live = await liveSchema(db().url);
    const kept = live.tables.find((t) => t.name === 'kept');
    // Transactional DDL rolls the table back; MySQL keeps it, but never a cut or half-made column.
    for (const c of kept?.columns ?? []) expect(c.name).toBe('id');
  });

  it('an unknown option key in a hand-written revision: refused by name, and no table made', async () => {
    tally.inputs();
    project.writeRevision({
      id: 'bbb000000002',
      upgrade: "await op.createTable('accounts', [{ name: 'id', type: 'Int', primaryKey: true }, { name: 'email', type: 'String' }], { uniqueConstraints: [{ name: 'accounts_email_key', columns: ['email'] }] } as never);",
    });
    await expect(upgrade('head', { cwd: project.dir, url: db().url }))
      .rejects.toThrow("unknown option 'uniqueConstraints' in op.createTable('accounts'); did you mean 'uniques'?");
    expect((await liveSchema(db().url)).tables.map((t) => t.name)).not.toContain('accounts');
  });

  if (dialect === 'sqlite') return;

  it('revision --autogenerate: every model and field named with its @map fix, nothing written', async () => {
    tally.inputs(3);
    const badTable = dialect === 'postgresql' ? 't'.repeat(64) : `t${'😀'}`;
    const badColumn = dialect === 'postgresql' ? 'é'.repeat(32) : 'c'.repeat(65);
    writeSchema(project.dir, dialect, `
model Order {
  id Int @id
  customerReference String @map("${badColumn}")
  @@map("${badTable}")
}

model Fine {
  id Int @id
}
`);
    const refusal = autogenerate({ cwd: project.dir, url: db().url, message: 'bad names' });
    await expect(refusal).rejects.toThrow(`Model Order maps to the table name '${badTable}', which`);
    const message = await refusal.catch((e: Error) => e.message);
    expect(message).toContain('Fix: @@map("<a shorter name>") in model Order.');
    expect(message).toContain(`Field Order.customerReference maps to the column name '${badColumn}', which`);
    expect(message).toContain('Fix: @map("<a shorter name>") on field Order.customerReference.');
    expect(message).not.toContain('Model Fine');
    expect(readdirSync(project.versionsDir)).toEqual([]);
    // `pmig check` says the same instead of reporting a difference forever.
    await expect(check({ cwd: project.dir, url: db().url })).rejects.toThrow(`Model Order maps to the table name '${badTable}'`);
  });

  it('enum names and values (PostgreSQL) and implicit many-to-many tables are named with their fix', () => {
    tally.inputs(2);
    const long = 'z'.repeat(70);
    const schema = `datasource db {\n  provider = "${dialect}"\n}\n
enum Mood {
  happy @map("${long}")
  @@map("${long}")
}
model Post {
  id Int @id
  mood Mood
  tags Tag[] @relation("${long}")
}
model Tag {
  id Int @id
  posts Post[] @relation("${long}")
}`;
    const { blocks } = parsePrismaSchema([['schema.prisma', schema]]);
    const problems = unholdableNames(blocksToSchema(blocks), blocks, dialectFor(dialect));
    expect(problems).toEqual(expect.arrayContaining([
      expect.stringMatching(/^The implicit many-to-many table of relation z{70} is named '_z{70}', which .*Fix: name the relation shorter with @relation\("<a shorter name>"\)/),
    ]));
    if (dialect === 'postgresql') {
      expect(problems).toEqual(expect.arrayContaining([
        expect.stringMatching(/^Enum Mood maps to the type name 'z{70}', which .*Fix: @@map\("<a shorter name>"\) in enum Mood\.$/),
        expect.stringMatching(/^Value Mood\.happy is stored as 'z{70}', which .*Fix: @map\("<a shorter value>"\) on happy in enum Mood\.$/),
      ]));
    }
  });
});
