import { describeOp } from '../../src/autogenerate/describe';
import type { Op } from '../../src/operations/types';

describe('describeOp', () => {
  it.each<[Op, string]>([
    [{ kind: 'createTable', table: { name: 'User', schema: 'app', columns: [] } }, 'add table "app"."User"'],
    [{ kind: 'dropTable', table: 'User' }, 'drop table "User"'],
    [{ kind: 'renameTable', from: 'People', to: 'Person' }, 'rename table "People" to "Person"'],
    [{ kind: 'addColumn', table: 'User', column: { name: 'bio', type: 'String' } }, 'add column "User"."bio" (String, nullable)'],
    [
      { kind: 'addColumn', table: 'User', column: { name: 'n', type: 'Int', nativeType: 'SmallInt', nullable: false, default: 0, autoincrement: true } },
      'add column "User"."n" (Int @db.SmallInt, not null, default 0, autoincrement)',
    ],
    [
      { kind: 'addColumn', table: 'User', column: { name: 'at', type: 'DateTime', default: { now: true } } },
      'add column "User"."at" (DateTime, nullable, default now())',
    ],
    [{ kind: 'dropColumn', table: 'User', column: 'bio' }, 'drop column "User"."bio"'],
    [{ kind: 'renameColumn', table: 'User', from: 'a', to: 'b' }, 'rename column "User"."a" to "b"'],
    [
      {
        kind: 'alterColumn', table: 'User', column: 'name', type: 'String', nativeType: 'VarChar(200)', nullable: false, default: null,
        existing: { type: 'String', nullable: true, default: 'x' },
      },
      `alter column "User"."name" (type String -> String @db.VarChar(200), nullable -> not null, default 'x' -> none)`,
    ],
    [{ kind: 'alterColumn', table: 'User', column: 'id', autoincrement: false }, 'alter column "User"."id" (remove autoincrement)'],
    [{ kind: 'createIndex', name: 'Post_authorId_idx', table: 'Post', columns: ['authorId', { name: 'at', order: 'desc' }] }, 'add index "Post_authorId_idx" on "Post" (authorId, at DESC)'],
    [{ kind: 'createIndex', name: 'User_email_key', table: 'User', columns: ['email'], unique: true }, 'add unique index "User_email_key" on "User" (email)'],
    [{ kind: 'dropIndex', name: 'Post_authorId_idx', table: 'Post' }, 'drop index "Post_authorId_idx" on "Post"'],
    [{ kind: 'renameIndex', table: 'Post', from: 'a', to: 'b' }, 'rename index "a" to "b" on "Post"'],
    [{ kind: 'createPrimaryKey', table: 'User', columns: ['id'] }, 'add primary key on "User" (id)'],
    [{ kind: 'createUniqueConstraint', table: 'User', name: 'u', columns: ['a', 'b'] }, 'add unique constraint "u" on "User" (a, b)'],
    [
      { kind: 'createForeignKey', table: 'Post', foreignKey: { name: 'fk', columns: ['authorId'], referencedTable: 'User', referencedColumns: ['id'], onDelete: 'Cascade' } },
      'add foreign key "fk" on "Post" (authorId) references "User" (id) on delete Cascade',
    ],
    [{ kind: 'createCheckConstraint', table: 'T', check: { name: 'c', expression: 'a > 0' } }, 'add check constraint "c" on "T" (a > 0)'],
    [{ kind: 'dropConstraint', table: 'Post', name: 'fk', type: 'foreignKey' }, 'drop foreign key "fk" on "Post"'],
    [{ kind: 'createEnum', name: 'Role', values: ['A', 'B'] }, 'add enum "Role" (A, B)'],
    [{ kind: 'dropEnum', name: 'Role' }, 'drop enum "Role"'],
    [{ kind: 'addEnumValue', name: 'Role', value: 'C', before: 'A' }, `add value 'C' to enum "Role" before 'A'`],
    [{ kind: 'execute', sql: 'UPDATE t\n  SET a = 1' }, 'execute SQL: UPDATE t SET a = 1'],
  ])('%j reads as: %s', (op, text) => {
    expect(describeOp(op)).toBe(text);
  });
});
