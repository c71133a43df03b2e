import { join } from 'node:path';
import ts from 'typescript';
import { compareSchemas } from '../../src/autogenerate/compare';
import { renderOps } from '../../src/autogenerate/render';
import type { DialectName } from '../../src/db/types';
import { Operations, type OperationSink } from '../../src/operations/operations';
import { reverseOp } from '../../src/operations/reverse';
import type { Op } from '../../src/operations/types';
import type { Schema, TableDef } from '../../src/schema/types';

const user: TableDef = {
  name: 'User',
  columns: [
    { name: 'id', type: 'Int', nullable: false, autoincrement: true },
    { name: 'email', type: 'String', nullable: false },
    { name: 'name', type: 'String', nativeType: 'VarChar(120)', nullable: true },
    { name: 'role', type: { enum: 'Role', values: ['USER', 'ADMIN'] }, nullable: false, default: 'USER' },
    { name: 'createdAt', type: 'DateTime', nullable: false, default: { now: true } },
  ],
  primaryKey: { name: 'User_pkey', columns: ['id'] },
  indexes: [{ name: 'User_email_key', columns: ['email'], unique: true }],
};

const post: TableDef = {
  name: 'Post',
  columns: [
    { name: 'id', type: 'Int', nullable: false, autoincrement: true },
    { name: 'title', type: 'String', nullable: false },
    { name: "author's note", type: 'String' },
    { name: 'authorId', type: 'Int', nullable: false },
  ],
  primaryKey: { name: 'Post_pkey', columns: ['id'] },
  indexes: [{ name: 'Post_authorId_idx', columns: ['authorId'] }],
  foreignKeys: [{ name: 'Post_authorId_fkey', columns: ['authorId'], referencedTable: 'User', referencedColumns: ['id'], onDelete: 'Cascade' }],
};

const legacy: TableDef = { name: 'Legacy', columns: [{ name: 'id', type: 'Int', nullable: false }], primaryKey: { columns: ['id'] } };

/** A revision a user would review: a new enum and table, added, dropped and altered columns, an index rename, a dropped table. */
function representativeOps(dialect: DialectName): Op[] {
  const current: Schema = {
    tables: [
      { ...user, columns: [...user.columns.slice(0, 3), { name: 'bio', type: 'String' }], indexes: [{ name: 'email_unique', columns: ['email'], unique: true }] },
      legacy,
    ],
    enums: [],
  };
  const target: Schema = {
    tables: [{ ...user, columns: [user.columns[0], user.columns[1], { ...user.columns[2], nullable: false }, ...user.columns.slice(3)] }, post],
    enums: [{ name: 'Role', values: ['USER', 'ADMIN'] }],
  };
  return compareSchemas(target, current, { dialect });
}

/** Compiles a rendered function body with TypeScript and runs it against the real `Operations`, recording what it builds. */
async function run(body: string, dialect: DialectName): Promise<Op[]> {
  const source = `export async function migrate(op: any): Promise<void> {\n${body}\n}\n`;
  const output = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
    reportDiagnostics: true,
  });
  expect(output.diagnostics ?? []).toEqual([]);
  const exports: { migrate?: (op: Operations) => Promise<void> } = {};
  new Function('exports', output.outputText)(exports);

  const recorded: Op[] = [];
  const sink: OperationSink = {
    dialect,
    online: false,
    run: async (op) => { recorded.push(op); },
    runBatch: async (_table, _schema, ops) => { recorded.push(...ops); },
    query: async () => [],
    placeholder: (i) => `$${i}`,
    quote: (identifier) => `"${identifier}"`,
  };
  await exports.migrate!(new Operations(sink));
  return recorded;
}

/**
 * What the rendered code leaves out on purpose: `existing` on drop ops, and column fields at their
 * default value. Everything else must survive the trip through source code.
 */
function asRendered(op: Op): unknown {
  const clean = (value: unknown): unknown => JSON.parse(JSON.stringify(value, (key, v) => {
    if ((key === 'nullable' && v === true) || (key === 'autoincrement' && v === false) || (key === 'list' && v === false)) return undefined;
    return v;
  }));
  if (op.kind === 'dropTable' || op.kind === 'dropColumn' || op.kind === 'dropIndex' || op.kind === 'dropConstraint' || op.kind === 'dropEnum') {
    const { existing: _existing, ...rest } = op;
    return clean(rest);
  }
  if (op.kind === 'alterColumn') return { ...(clean({ ...op, existing: undefined }) as object), ...(op.existing ? { existing: op.existing } : {}) };
  return clean(op);
}

function downgradeOf(ops: Op[]): Op[] {
  return [...ops].reverse().flatMap((op) => reverseOp(op));
}

describe('renderOps', () => {
  it('renders a representative PostgreSQL revision as readable op calls', () => {
    const ops = representativeOps('postgresql');
    const { upgrade, downgrade } = renderOps(ops, { dialect: 'postgresql' });
    expect(upgrade.split('\n')).toEqual([
      "  await op.createEnum('Role', ['USER', 'ADMIN']);",
      "  await op.createTable('Post', [",
      "    { name: 'id', type: 'Int', nullable: false, autoincrement: true },",
      "    { name: 'title', type: 'String', nullable: false },",
      "    { name: `author's note`, type: 'String' },",
      "    { name: 'authorId', type: 'Int', nullable: false },",
      '  ], {',
      "    primaryKey: { name: 'Post_pkey', columns: ['id'] },",
      "    indexes: [{ name: 'Post_authorId_idx', columns: ['authorId'] }],",
      '    foreignKeys: [',
      '      {',
      "        name: 'Post_authorId_fkey',",
      "        columns: ['authorId'],",
      "        referencedTable: 'User',",
      "        referencedColumns: ['id'],",
      "        onDelete: 'Cascade',",
      '      },',
      '    ],',
      '  });',
      "  await op.dropColumn('User', 'bio');",
      "  await op.addColumn('User', {",
      "    name: 'role',",
      "    type: { enum: 'Role', values: ['USER', 'ADMIN'] },",
      '    nullable: false,',
      "    default: 'USER',",
      '  });',
      "  await op.addColumn('User', { name: 'createdAt', type: 'DateTime', nullable: false, default: { now: true } });",
      "  await op.alterColumn('User', 'name', {",
      '    nullable: false,',
      '    existing: {',
      "      type: 'String',",
      "      nativeType: 'VarChar(120)',",
      '      nullable: true,',
      '      default: null,',
      '      autoincrement: false,',
      '    },',
      '  });',
      "  await op.renameIndex('User', 'email_unique', 'User_email_key');",
      "  await op.dropTable('Legacy');",
    ]);
    expect(downgrade.split('\n')).toEqual([
      '  // Data is not restored: table "Legacy" was dropped by the upgrade.',
      "  await op.createTable('Legacy', [{ name: 'id', type: 'Int', nullable: false }], {",
      "    primaryKey: { columns: ['id'] },",
      '  });',
      "  await op.renameIndex('User', 'User_email_key', 'email_unique');",
      "  await op.alterColumn('User', 'name', {",
      '    nullable: true,',
      '    existing: {',
      "      type: 'String',",
      "      nativeType: 'VarChar(120)',",
      '      nullable: false,',
      '      default: null,',
      '      autoincrement: false,',
      '    },',
      '  });',
      "  await op.dropColumn('User', 'createdAt');",
      "  await op.dropColumn('User', 'role');",
      '  // Data is not restored: column "User"."bio" was dropped by the upgrade.',
      "  await op.addColumn('User', { name: 'bio', type: 'String' });",
      "  await op.dropTable('Post');",
      "  await op.dropEnum('Role');",
    ]);
  });

  it.each<DialectName>(['postgresql', 'mysql', 'sqlite'])(
    'renders code that compiles and makes the op API build the same ops, both ways (%s)',
    async (dialect) => {
      const ops = representativeOps(dialect);
      const { upgrade, downgrade } = renderOps(ops, { dialect });
      expect((await run(upgrade, dialect)).map(asRendered)).toEqual(ops.map(asRendered));
      expect((await run(downgrade, dialect)).map(asRendered)).toEqual(downgradeOf(ops).map(asRendered));
    },
  );

  it.each([false, true])('renders every kind of op as a call the op API turns back into it (batch: %s)', async (renderAsBatch) => {
    const fk = { name: 'Post_authorId_fkey', columns: ['authorId'], referencedTable: 'User', referencedColumns: ['id'], referencedSchema: 'app', onDelete: 'SetNull' as const, onUpdate: 'Restrict' as const };
    const ops: Op[] = [
      { kind: 'createEnum', name: 'Role', schema: 'app', values: ['A', "B'C"] },
      { kind: 'addEnumValue', name: 'Role', value: 'D', before: 'A' },
      { kind: 'dropEnum', name: 'Old' },
      { kind: 'renameTable', from: 'People', to: 'Person', schema: 'app' },
      { kind: 'dropTable', table: 'Gone' },
      { kind: 'addColumn', table: 'Post', column: { name: 'tags', type: 'String', list: true, default: { sql: "'{}'" }, comment: 'Free tags' } },
      { kind: 'dropColumn', table: 'Post', column: 'old' },
      { kind: 'renameColumn', table: 'Post', from: 'body', to: 'content' },
      { kind: 'alterColumn', table: 'Post', column: 'views', type: 'BigInt', nativeType: 'BigInt', default: 0, using: '"views"::bigint', autoincrement: true, newName: 'viewCount' },
      { kind: 'createIndex', name: 'Post_title_idx', table: 'Post', columns: [{ name: 'title', order: 'desc', length: 10 }], unique: true, where: 'title <> \'\'', using: 'hash' },
      { kind: 'dropIndex', name: 'Post_old_idx', table: 'Post' },
      { kind: 'createPrimaryKey', table: 'Post', columns: ['id'] },
      { kind: 'createUniqueConstraint', table: 'Post', name: 'Post_slug_key', columns: ['slug'] },
      { kind: 'createForeignKey', table: 'Post', foreignKey: fk },
      { kind: 'createCheckConstraint', table: 'Post', check: { name: 'Post_views_check', expression: 'views >= 0' } },
      { kind: 'dropConstraint', table: 'Post', name: 'Post_x_check', type: 'check' },
      { kind: 'renameIndex', table: 'Post', from: 'a', to: 'b' },
      { kind: 'createIndex', name: 'Post_body_idx', table: 'Post', columns: ['body'], concurrently: true },
      { kind: 'execute', sql: 'UPDATE "Post" SET views = $1', params: [0] },
    ];
    const { upgrade } = renderOps(ops, { dialect: 'postgresql', renderAsBatch });
    expect(upgrade.includes('batch.')).toBe(renderAsBatch);
    expect(await run(upgrade, 'postgresql')).toEqual(ops);
  });

  it('renders code that type-checks against the Operations class', () => {
    const bodies = (['postgresql', 'mysql', 'sqlite'] as const).flatMap((dialect) => {
      const { upgrade, downgrade } = renderOps(representativeOps(dialect), { dialect });
      return [upgrade, downgrade];
    });
    const file = join(__dirname, '__rendered__.ts');
    const source = [
      "import type { Operations } from '../../src/operations/operations';",
      ...bodies.map((body, i) => `export async function step${i}(op: Operations): Promise<void> {\n${body}\n}`),
    ].join('\n');
    const options: ts.CompilerOptions = { strict: true, noEmit: true, skipLibCheck: true, types: [], target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS };
    const host = ts.createCompilerHost(options);
    const readFile = host.getSourceFile.bind(host);
    host.getSourceFile = (name, version, ...rest) =>
      (name === file ? ts.createSourceFile(name, source, version) : readFile(name, version, ...rest));
    const program = ts.createProgram([file], options, host);
    const errors = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    expect(errors).toEqual([]);
  });

  it('groups changes to one table into a batch on SQLite', () => {
    const ops: Op[] = [
      { kind: 'addColumn', table: 'User', column: { name: 'bio', type: 'String' } },
      {
        kind: 'alterColumn', table: 'User', column: 'name', nullable: false,
        existing: { type: 'String', nullable: true, default: null, autoincrement: false },
      },
      { kind: 'createPrimaryKey', table: 'User', columns: ['id'] },
      { kind: 'createIndex', name: 'Post_title_idx', table: 'Post', columns: ['title'] },
    ];
    expect(renderOps(ops, { dialect: 'sqlite' }).upgrade.split('\n')).toEqual([
      "  await op.batchAlterTable('User', (batch) => {",
      "    batch.addColumn({ name: 'bio', type: 'String' });",
      "    batch.alterColumn('name', {",
      '      nullable: false,',
      "      existing: { type: 'String', nullable: true, default: null, autoincrement: false },",
      '    });',
      "    batch.createPrimaryKey(undefined, ['id']);",
      '  });',
      "  await op.batchAlterTable('Post', (batch) => {",
      "    batch.createIndex('Post_title_idx', ['title']);",
      '  });',
    ]);
    expect(renderOps(ops, { dialect: 'sqlite', renderAsBatch: false }).upgrade).not.toContain('batchAlterTable');
  });

  it('writes a failing step with a TODO where the downgrade cannot be derived', async () => {
    const ops: Op[] = [
      { kind: 'addEnumValue', name: 'Role', value: 'OWNER', after: 'ADMIN' },
      { kind: 'execute', sql: "UPDATE \"User\" SET role = 'OWNER' WHERE id = 1" },
    ];
    const { downgrade } = renderOps(ops, { dialect: 'postgresql' });
    expect(downgrade.split('\n')).toEqual([
      '  // TODO: pmig cannot write the inverse of these upgrade steps; write it here, then remove the throw.',
      "  //   add value 'OWNER' to enum \"Role\" after 'ADMIN'",
      '  //   (PostgreSQL cannot remove value \'OWNER\' from enum "Role"; recreate the type without it by hand)',
      '  //   execute SQL: UPDATE "User" SET role = \'OWNER\' WHERE id = 1',
      '  //   (the inverse of raw SQL is not known)',
      "  throw new Error(`Downgrade not written for: add value 'OWNER' to enum \"Role\" after 'ADMIN'`);",
    ]);
    await expect(run(downgrade, 'postgresql')).rejects.toThrow('Downgrade not written');
  });

  it('passes the database schema as an option', () => {
    const ops: Op[] = [{ kind: 'dropIndex', name: 'i', table: 'T', schema: 'audit' }, { kind: 'createEnum', name: 'E', schema: 'audit', values: ['A'] }];
    expect(renderOps(ops, { dialect: 'postgresql' }).upgrade.split('\n')).toEqual([
      "  await op.dropIndex('i', { schema: 'audit', table: 'T' });",
      "  await op.createEnum('E', ['A'], { schema: 'audit' });",
    ]);
  });

  it('says so when there is nothing to do', () => {
    expect(renderOps([], { dialect: 'mysql' })).toEqual({ upgrade: '  // No changes.', downgrade: '  // No changes.' });
  });
});
