import { compareSchemas } from '../../src/autogenerate/compare';
import { describeOp } from '../../src/autogenerate/describe';
import type { DialectName } from '../../src/db/types';
import type { Op } from '../../src/operations/types';
import type { ColumnDef, Schema, TableDef } from '../../src/schema/types';

const id: ColumnDef = { name: 'id', type: 'Int', nullable: false, autoincrement: true };

function user(extra: Partial<TableDef> = {}): TableDef {
  return {
    name: 'User',
    columns: [id, { name: 'email', type: 'String', nullable: false }],
    primaryKey: { name: 'User_pkey', columns: ['id'] },
    indexes: [{ name: 'User_email_key', columns: ['email'], unique: true }],
    ...extra,
  };
}

function post(extra: Partial<TableDef> = {}): TableDef {
  return {
    name: 'Post',
    columns: [id, { name: 'title', type: 'String', nullable: false }, { name: 'authorId', type: 'Int', nullable: false }],
    primaryKey: { name: 'Post_pkey', columns: ['id'] },
    indexes: [{ name: 'Post_authorId_idx', columns: ['authorId'] }],
    foreignKeys: [{
      name: 'Post_authorId_fkey', columns: ['authorId'], referencedTable: 'User', referencedColumns: ['id'],
      onDelete: 'Cascade', onUpdate: 'Cascade',
    }],
    ...extra,
  };
}

function schema(tables: TableDef[], enums: Schema['enums'] = []): Schema {
  return { tables, enums };
}

function diff(target: Schema, current: Schema, dialect: DialectName = 'postgresql'): Op[] {
  return compareSchemas(target, current, { dialect });
}

const described = (ops: Op[]) => ops.map(describeOp);

describe('compareSchemas', () => {
  it.each<DialectName>(['postgresql', 'mysql', 'sqlite'])('finds nothing when the schemas are equal (%s)', (dialect) => {
    const both = schema([user(), post()]);
    expect(diff(both, structuredClone(both), dialect)).toEqual([]);
  });

  describe('tables', () => {
    it('creates referenced tables before the tables whose foreign keys point at them', () => {
      const ops = diff(schema([post(), user()]), schema([]));
      expect(described(ops)).toEqual(['add table "User"', 'add table "Post"']);
      // The foreign key stays inline: its target exists by then.
      expect(ops[1]).toEqual({ kind: 'createTable', table: post() });
    });

    it('breaks a cycle of new tables by adding the closing foreign key after both exist (PostgreSQL, MySQL)', () => {
      const a: TableDef = {
        name: 'A', columns: [id, { name: 'bId', type: 'Int' }],
        foreignKeys: [{ name: 'A_bId_fkey', columns: ['bId'], referencedTable: 'B', referencedColumns: ['id'] }],
      };
      const b: TableDef = {
        name: 'B', columns: [id, { name: 'aId', type: 'Int' }],
        foreignKeys: [{ name: 'B_aId_fkey', columns: ['aId'], referencedTable: 'A', referencedColumns: ['id'] }],
      };
      for (const dialect of ['postgresql', 'mysql'] as const) {
        const ops = diff(schema([a, b]), schema([]), dialect);
        expect(described(ops)).toEqual([
          'add table "A"',
          'add table "B"',
          'add foreign key "A_bId_fkey" on "A" (bId) references "B" (id)',
        ]);
        expect(ops[0]).toEqual({ kind: 'createTable', table: { ...a, foreignKeys: [] } });
      }
      // SQLite does not check a foreign key's target at CREATE TABLE, and adding one later needs a rebuild.
      const sqlite = diff(schema([a, b]), schema([]), 'sqlite');
      expect(sqlite).toEqual([{ kind: 'createTable', table: a }, { kind: 'createTable', table: b }]);
    });

    it('keeps a self-referencing foreign key inline', () => {
      const tree: TableDef = {
        name: 'Node', columns: [id, { name: 'parentId', type: 'Int' }],
        foreignKeys: [{ name: 'Node_parentId_fkey', columns: ['parentId'], referencedTable: 'Node', referencedColumns: ['id'] }],
      };
      expect(diff(schema([tree]), schema([]))).toEqual([{ kind: 'createTable', table: tree }]);
    });

    it('drops tables last, referencing tables first, each carrying its full definition', () => {
      const ops = diff(schema([]), schema([user(), post()]));
      expect(ops).toEqual([
        { kind: 'dropTable', table: 'Post', existing: post() },
        { kind: 'dropTable', table: 'User', existing: user() },
      ]);
    });

    it('drops the foreign keys of a cycle among dropped tables first, and leaves them out of `existing`', () => {
      const a: TableDef = {
        name: 'A', columns: [id, { name: 'bId', type: 'Int' }],
        foreignKeys: [{ name: 'A_bId_fkey', columns: ['bId'], referencedTable: 'B', referencedColumns: ['id'] }],
      };
      const b: TableDef = {
        name: 'B', columns: [id, { name: 'aId', type: 'Int' }],
        foreignKeys: [{ name: 'B_aId_fkey', columns: ['aId'], referencedTable: 'A', referencedColumns: ['id'] }],
      };
      const ops = diff(schema([]), schema([a, b]));
      expect(described(ops)).toEqual(['drop foreign key "A_bId_fkey" on "A"', 'drop table "B"', 'drop table "A"']);
      expect(ops[2]).toEqual({ kind: 'dropTable', table: 'A', existing: { ...a, foreignKeys: [] } });
    });

    it('drops a kept table\'s foreign key to a dropped table before dropping that table', () => {
      const comment: TableDef = {
        name: 'Comment', columns: [id, { name: 'postId', type: 'Int' }],
        foreignKeys: [{ name: 'Comment_postId_fkey', columns: ['postId'], referencedTable: 'Post', referencedColumns: ['id'] }],
      };
      const ops = diff(schema([user(), { ...comment, columns: [id], foreignKeys: [] }]), schema([user(), post(), comment]));
      expect(described(ops)).toEqual([
        'drop foreign key "Comment_postId_fkey" on "Comment"',
        'drop column "Comment"."postId"',
        'drop table "Post"',
      ]);
    });

    it('compares tables per database schema', () => {
      const audit = { ...user(), schema: 'audit' };
      expect(described(diff(schema([user(), audit]), schema([user()])))).toEqual(['add table "audit"."User"']);
    });
  });

  describe('columns', () => {
    it('adds and drops columns, the dropped one carrying its definition', () => {
      const bio: ColumnDef = { name: 'bio', type: 'String' };
      const legacy: ColumnDef = { name: 'legacy', type: 'Int', nullable: false, default: 0 };
      const target = user({ columns: [...user().columns, bio] });
      const current = user({ columns: [...user().columns, legacy] });
      expect(diff(schema([target]), schema([current]))).toEqual([
        { kind: 'dropColumn', table: 'User', column: 'legacy', existing: legacy },
        { kind: 'addColumn', table: 'User', column: bio },
      ]);
    });

    it('drops an index before the column it covers', () => {
      const target = post({ columns: post().columns.filter((c) => c.name !== 'title') });
      const current = post({ indexes: [...post().indexes!, { name: 'Post_title_idx', columns: ['title'] }] });
      expect(described(diff(schema([user(), target]), schema([user(), current])))).toEqual([
        'drop index "Post_title_idx" on "Post"',
        'drop column "Post"."title"',
      ]);
    });

    it('alters type, nullability, default and autoincrement, stating what the column was', () => {
      const target = user({
        columns: [
          { ...id, autoincrement: false },
          { name: 'email', type: 'String', nativeType: 'VarChar(200)', nullable: true, default: 'none' },
        ],
      });
      expect(diff(schema([target]), schema([user()]))).toEqual([
        {
          kind: 'alterColumn', table: 'User', column: 'id', autoincrement: false,
          existing: { type: 'Int', nullable: false, default: null, autoincrement: true },
        },
        {
          kind: 'alterColumn', table: 'User', column: 'email', type: 'String', nativeType: 'VarChar(200)', nullable: true, default: 'none',
          existing: { type: 'String', nullable: false, default: null, autoincrement: false },
        },
      ]);
    });

    it('drops a default with `default: null` and compares expression defaults', () => {
      const created: ColumnDef = { name: 'createdAt', type: 'DateTime', nullable: false, default: { now: true } };
      const target = user({ columns: [...user().columns, { ...created, default: null }] });
      const ops = diff(schema([target]), schema([user({ columns: [...user().columns, created] })]));
      expect(ops).toEqual([{
        kind: 'alterColumn', table: 'User', column: 'createdAt', default: null,
        existing: { type: 'DateTime', nullable: false, default: { now: true }, autoincrement: false },
      }]);
      expect(diff(schema([target]), schema([structuredClone(target)]))).toEqual([]);
    });

    it('recreates a column that turns into a list (no cast exists)', () => {
      const tags: ColumnDef = { name: 'tags', type: 'String' };
      const ops = diff(schema([user({ columns: [...user().columns, { ...tags, list: true }] })]), schema([user({ columns: [...user().columns, tags] })]));
      expect(described(ops)).toEqual(['drop column "User"."tags"', 'add column "User"."tags" (String[], nullable)']);
    });
  });

  describe('primary keys', () => {
    it('drops and recreates a primary key whose columns change', () => {
      const target = user({ primaryKey: { name: 'User_pkey', columns: ['id', 'email'] } });
      expect(diff(schema([target]), schema([user()]))).toEqual([
        { kind: 'dropConstraint', table: 'User', name: 'User_pkey', type: 'primary', existing: { name: 'User_pkey', columns: ['id'] } },
        { kind: 'createPrimaryKey', table: 'User', name: 'User_pkey', columns: ['id', 'email'] },
      ]);
    });

    it('renames a primary key on PostgreSQL only; MySQL and SQLite do not keep its name', () => {
      const target = user({ primaryKey: { name: 'users_pk', columns: ['id'] } });
      // A rename, not drop + add: PostgreSQL refuses to drop a primary key foreign keys depend on.
      expect(diff(schema([target]), schema([user()]))).toEqual([
        { kind: 'renameIndex', table: 'User', from: 'User_pkey', to: 'users_pk' },
      ]);
      const unnamed = user({ primaryKey: { columns: ['id'] } });
      expect(diff(schema([target]), schema([unnamed]), 'mysql')).toEqual([]);
      expect(diff(schema([target]), schema([unnamed]), 'sqlite')).toEqual([]);
    });
  });

  describe('indexes and unique constraints', () => {
    it('renames an index whose only change is its name', () => {
      const target = post({ indexes: [{ name: 'post_author', columns: ['authorId'] }] });
      expect(diff(schema([user(), target]), schema([user(), post()]))).toEqual([
        { kind: 'renameIndex', table: 'Post', from: 'Post_authorId_idx', to: 'post_author' },
      ]);
    });

    it('drops and recreates an index whose name changes on SQLite, which cannot rename indexes', () => {
      const target = post({ indexes: [{ name: 'post_author', columns: ['authorId'] }] });
      expect(described(diff(schema([user(), target]), schema([user(), post()]), 'sqlite'))).toEqual([
        'drop index "Post_authorId_idx" on "Post"',
        'add index "post_author" on "Post" (authorId)',
      ]);
    });

    it.each([
      ['columns', { columns: ['authorId', 'title'] }],
      ['sort order', { columns: [{ name: 'authorId', order: 'desc' as const }] }],
      ['uniqueness', { unique: true }],
      ['predicate', { where: '"title" IS NOT NULL' }],
      ['method', { using: 'hash' }],
    ])('drops and recreates an index whose %s change', (_what, change) => {
      const target = post({ indexes: [{ name: 'Post_authorId_idx', columns: ['authorId'], ...change }] });
      const ops = diff(schema([user(), target]), schema([user(), post()]));
      expect(ops.map((o) => o.kind)).toEqual(['dropIndex', 'createIndex']);
      expect(ops[0]).toEqual({
        kind: 'dropIndex', name: 'Post_authorId_idx', table: 'Post',
        existing: { name: 'Post_authorId_idx', table: 'Post', columns: ['authorId'] },
      });
      expect(ops[1]).toEqual({ kind: 'createIndex', table: 'Post', ...target.indexes![0] });
    });

    it('treats the default index method and sort order as equal to unspecified ones', () => {
      const target = post({ indexes: [{ name: 'Post_authorId_idx', columns: [{ name: 'authorId', order: 'asc' }], using: 'BTREE' }] });
      expect(diff(schema([user(), target]), schema([user(), post()]))).toEqual([]);
    });

    it('adds and drops unique constraints (PostgreSQL)', () => {
      const target = user({ uniques: [{ name: 'User_email_id_key', columns: ['email', 'id'] }] });
      const current = user({ uniques: [{ name: 'User_old_key', columns: ['email'] }] });
      expect(diff(schema([target]), schema([current]))).toEqual([
        { kind: 'dropConstraint', table: 'User', name: 'User_old_key', type: 'unique', existing: { name: 'User_old_key', columns: ['email'] } },
        { kind: 'createUniqueConstraint', table: 'User', name: 'User_email_id_key', columns: ['email', 'id'] },
      ]);
    });

    it('sees a MySQL unique constraint and a unique index of the same name as the same thing', () => {
      const asConstraint = user({ indexes: [], uniques: [{ name: 'User_email_key', columns: ['email'] }] });
      expect(diff(schema([user()]), schema([asConstraint]), 'mysql')).toEqual([]);
    });
  });

  describe('MySQL foreign key indexes', () => {
    const withoutIndex = post({ indexes: [] });
    const withBackingIndex = post({ indexes: [{ name: 'Post_authorId_fkey', columns: ['authorId'] }] });

    it('does not report the index MySQL created for a foreign key', () => {
      expect(diff(schema([user(), withoutIndex]), schema([user(), withBackingIndex]), 'mysql')).toEqual([]);
    });

    it('drops it once the foreign key is no longer wanted, after the foreign key', () => {
      const target = { ...withoutIndex, foreignKeys: [] };
      expect(described(diff(schema([user(), target]), schema([user(), withBackingIndex]), 'mysql'))).toEqual([
        'drop foreign key "Post_authorId_fkey" on "Post"',
        'drop index "Post_authorId_fkey" on "Post"',
      ]);
    });

    it('reports such an index on PostgreSQL, which never creates one by itself', () => {
      expect(described(diff(schema([user(), withoutIndex]), schema([user(), withBackingIndex]), 'postgresql'))).toEqual([
        'drop index "Post_authorId_fkey" on "Post"',
      ]);
    });
  });

  describe('foreign keys', () => {
    it('drops and recreates a foreign key whose actions change: drop first, create last', () => {
      const target = post({ foreignKeys: [{ ...post().foreignKeys![0], onDelete: 'Restrict' }], columns: [...post().columns, { name: 'extra', type: 'Int' }] });
      expect(described(diff(schema([user(), target]), schema([user(), post()])))).toEqual([
        'drop foreign key "Post_authorId_fkey" on "Post"',
        'add column "Post"."extra" (Int, nullable)',
        'add foreign key "Post_authorId_fkey" on "Post" (authorId) references "User" (id) on delete Restrict on update Cascade',
      ]);
    });

    it('treats a missing action as NO ACTION', () => {
      const explicit = post({ foreignKeys: [{ ...post().foreignKeys![0], onDelete: 'NoAction', onUpdate: 'NoAction' }] });
      const implicit = post({ foreignKeys: [{ ...post().foreignKeys![0], onDelete: undefined, onUpdate: undefined }] });
      expect(diff(schema([user(), explicit]), schema([user(), implicit]))).toEqual([]);
    });

    it('creates a new table before a foreign key on an existing table that points at it', () => {
      const profile: TableDef = { name: 'Profile', columns: [id], primaryKey: { name: 'Profile_pkey', columns: ['id'] } };
      const target = user({
        columns: [...user().columns, { name: 'profileId', type: 'Int' }],
        foreignKeys: [{ name: 'User_profileId_fkey', columns: ['profileId'], referencedTable: 'Profile', referencedColumns: ['id'] }],
      });
      expect(described(diff(schema([target, profile]), schema([user()])))).toEqual([
        'add table "Profile"',
        'add column "User"."profileId" (Int, nullable)',
        'add foreign key "User_profileId_fkey" on "User" (profileId) references "Profile" (id)',
      ]);
    });

    it('matches SQLite foreign keys by what they do, since SQLite keeps no names', () => {
      const unnamed = post({ foreignKeys: [{ ...post().foreignKeys![0], name: '' }] });
      expect(diff(schema([user(), post()]), schema([user(), unnamed]), 'sqlite')).toEqual([]);
      expect(diff(schema([user(), post()]), schema([user(), unnamed]), 'postgresql').map((o) => o.kind))
        .toEqual(['dropConstraint', 'createForeignKey']);
    });
  });

  describe('enums on PostgreSQL', () => {
    const role = { name: 'Role', values: ['USER', 'ADMIN'] };
    const roleColumn: ColumnDef = { name: 'role', type: { enum: 'Role', values: role.values }, nullable: false, default: 'USER' };

    it('creates an enum before the table that uses it, and drops it after the column that used it', () => {
      const withRole = user({ columns: [...user().columns, roleColumn] });
      expect(described(diff(schema([withRole], [role]), schema([user()])))).toEqual([
        'add enum "Role" (USER, ADMIN)',
        "add column \"User\".\"role\" (Role, not null, default 'USER')",
      ]);
      const ops = diff(schema([user()]), schema([withRole], [role]));
      expect(described(ops)).toEqual(['drop column "User"."role"', 'drop enum "Role"']);
      expect(ops[1]).toEqual({ kind: 'dropEnum', name: 'Role', existing: ['USER', 'ADMIN'] });
    });

    it('adds values in place, before the columns that use them', () => {
      const wanted = { name: 'Role', values: ['GUEST', 'USER', 'EDITOR', 'ADMIN'] };
      const target = user({ columns: [...user().columns, { ...roleColumn, type: { enum: 'Role', values: wanted.values } }] });
      const ops = diff(schema([target], [wanted]), schema([user()], [role]));
      expect(ops).toEqual([
        { kind: 'addEnumValue', name: 'Role', value: 'GUEST', before: 'USER' },
        { kind: 'addEnumValue', name: 'Role', value: 'EDITOR', after: 'USER' },
        { kind: 'addColumn', table: 'User', column: target.columns[2] },
      ]);
    });

    it('rebuilds the type when a value is removed, casting every column that uses it', () => {
      const current = user({ columns: [...user().columns, roleColumn] });
      const target = user({ columns: [...user().columns, { ...roleColumn, type: { enum: 'Role', values: ['USER'] } }] });
      const ops = diff(schema([target], [{ name: 'Role', values: ['USER'] }]), schema([current], [role]));
      expect(ops.map((o) => (o.kind === 'execute' ? o.sql : o.kind))).toEqual([
        `CREATE TYPE "Role_new" AS ENUM ('USER')`,
        `ALTER TABLE "User" ALTER COLUMN "role" DROP DEFAULT`,
        `ALTER TABLE "User" ALTER COLUMN "role" TYPE "Role_new" USING ("role"::text::"Role_new")`,
        `ALTER TYPE "Role" RENAME TO "Role_old"`,
        `ALTER TYPE "Role_new" RENAME TO "Role"`,
        `DROP TYPE "Role_old"`,
        `ALTER TABLE "User" ALTER COLUMN "role" SET DEFAULT 'USER'`,
      ]);
    });

    it('casts the columns of a table created in the same revision when it rebuilds the type', () => {
      const audit: TableDef = { name: 'Audit', columns: [{ name: 'role', type: { enum: 'Role', values: ['USER'] } }] };
      const ops = diff(schema([user(), audit], [{ name: 'Role', values: ['USER'] }]), schema([user()], [role]));
      expect(ops.map((o) => (o.kind === 'execute' ? o.sql : describeOp(o)))).toEqual([
        'add table "Audit"',
        `CREATE TYPE "Role_new" AS ENUM ('USER')`,
        `ALTER TABLE "Audit" ALTER COLUMN "role" TYPE "Role_new" USING ("role"::text::"Role_new")`,
        `ALTER TYPE "Role" RENAME TO "Role_old"`,
        `ALTER TYPE "Role_new" RENAME TO "Role"`,
        `DROP TYPE "Role_old"`,
      ]);
    });

    it('leaves enums to the columns on MySQL, where a value change is a column type change', () => {
      const current = user({ columns: [...user().columns, roleColumn] });
      const widened = { ...roleColumn, type: { enum: 'Role', values: ['USER', 'ADMIN', 'OWNER'] } };
      const ops = diff(schema([user({ columns: [...user().columns, widened] })], [{ name: 'Role', values: widened.type.values }]), schema([current], []), 'mysql');
      expect(ops).toEqual([{
        kind: 'alterColumn', table: 'User', column: 'role', type: widened.type,
        existing: { type: roleColumn.type, nullable: false, default: 'USER', autoincrement: false },
      }]);
    });

    it('sees an enum column and a TEXT column as equal on SQLite', () => {
      const asText = user({ columns: [...user().columns, { ...roleColumn, type: 'String' }] });
      const asEnum = user({ columns: [...user().columns, roleColumn] });
      expect(diff(schema([asEnum], [role]), schema([asText]), 'sqlite')).toEqual([]);
    });
  });

  describe('check constraints', () => {
    const positive = { name: 'Post_id_check', expression: '"id" > 0' };

    it('leaves existing checks alone when the target does not declare checks (Prisma cannot)', () => {
      expect(diff(schema([user(), post()]), schema([user(), post({ checks: [positive] })]))).toEqual([]);
    });

    it('adds, drops and replaces checks when the target declares them', () => {
      const changed = { ...positive, expression: '"id" >= 0' };
      expect(diff(schema([user(), post({ checks: [changed] })]), schema([user(), post({ checks: [positive] })]))).toEqual([
        { kind: 'dropConstraint', table: 'Post', name: 'Post_id_check', type: 'check', existing: positive },
        { kind: 'createCheckConstraint', table: 'Post', check: changed },
      ]);
    });
  });

  it('does not compare dbgenerated() expressions, which the database reprints, but does compare list defaults', () => {
    const withDefault = (column: string, def: ColumnDef['default'], list = false): TableDef =>
      user({ columns: [id, { name: column, type: 'String', nullable: list, ...(list ? { list: true } : {}), default: def }] });
    expect(diff(schema([withDefault('token', { sql: 'md5(random()::text)' })]), schema([withDefault('token', { sql: 'md5((random())::text)' })]))).toEqual([]);
    expect(diff(schema([withDefault('tags', { sql: "ARRAY['a']" }, true)]), schema([withDefault('tags', { sql: "ARRAY['a']" }, true)]))).toEqual([]);
    const changed = diff(schema([withDefault('tags', { sql: "ARRAY['a', 'b']" }, true)]), schema([withDefault('tags', { sql: "ARRAY['a']" }, true)]));
    expect(changed.map(describeOp)).toEqual([`alter column "User"."tags" (default dbgenerated("ARRAY['a']") -> dbgenerated("ARRAY['a', 'b']"))`]);
  });

  it('reads a missing referencedSchema as the default schema, not the referencing table\'s (multiSchema)', () => {
    const tenants: TableDef = { name: 'tenants', columns: [id], primaryKey: { name: 'tenants_pkey', columns: ['id'] } };
    const invoices: TableDef = {
      name: 'invoices', schema: 'billing',
      columns: [id, { name: 'tenant_id', type: 'Int', nullable: false }],
      primaryKey: { name: 'invoices_pkey', columns: ['id'] },
      foreignKeys: [{ name: 'invoices_tenant_id_fkey', columns: ['tenant_id'], referencedTable: 'tenants', referencedColumns: ['id'], onDelete: 'Restrict', onUpdate: 'Cascade' }],
    };
    expect(diff(schema([tenants, invoices]), schema([tenants, invoices]))).toEqual([]);
    const elsewhere = { ...invoices, foreignKeys: [{ ...invoices.foreignKeys![0], referencedSchema: 'billing' }] };
    expect(diff(schema([tenants, invoices]), schema([tenants, elsewhere])).map((op) => op.kind)).toEqual(['dropConstraint', 'createForeignKey']);
  });

  it('tells apart two enums of the same name in different schemas (PostgreSQL)', () => {
    const column = (schemaName?: string): TableDef => user({
      columns: [id, { name: 'plan', type: { enum: 'Plan', values: ['FREE'], ...(schemaName ? { schema: schemaName } : {}) }, nullable: false }],
    });
    expect(diff(schema([column('billing')]), schema([column('billing')]))).toEqual([]);
    expect(diff(schema([column('billing')]), schema([column()])).map((op) => op.kind)).toEqual(['alterColumn']);
  });

  it('orders a mixed revision so that it can run (PostgreSQL)', () => {
    const current = schema([user(), post(), { name: 'Legacy', columns: [id] }]);
    const tag: TableDef = {
      name: 'Tag', columns: [id, { name: 'postId', type: 'Int', nullable: false }],
      primaryKey: { name: 'Tag_pkey', columns: ['id'] },
      foreignKeys: [{ name: 'Tag_postId_fkey', columns: ['postId'], referencedTable: 'Post', referencedColumns: ['id'] }],
    };
    const target = schema([
      user({ columns: [...user().columns, { name: 'status', type: { enum: 'Status', values: ['ON'] } }] }),
      post({ columns: post().columns.filter((c) => c.name !== 'authorId'), indexes: [], foreignKeys: [] }),
      tag,
    ], [{ name: 'Status', values: ['ON'] }]);
    expect(described(diff(target, current))).toEqual([
      'add enum "Status" (ON)',
      'drop foreign key "Post_authorId_fkey" on "Post"',
      'drop index "Post_authorId_idx" on "Post"',
      'add table "Tag"',
      'drop column "Post"."authorId"',
      'add column "User"."status" (Status, nullable)',
      'drop table "Legacy"',
    ]);
  });
});
