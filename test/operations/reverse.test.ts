import { IrreversibleOpError, reverseOp } from '../../src/operations/reverse';
import type { Op } from '../../src/operations/types';
import type { TableDef } from '../../src/schema/types';

const user: TableDef = {
  name: 'User',
  columns: [{ name: 'id', type: 'Int', nullable: false, autoincrement: true }, { name: 'email', type: 'String' }],
  primaryKey: { name: 'User_pkey', columns: ['id'] },
};
const fk = { name: 'Post_authorId_fkey', columns: ['authorId'], referencedTable: 'User', referencedColumns: ['id'], onDelete: 'Cascade' as const };

/** Pairs of ops that are each other's inverse, given the `existing` information autogenerate attaches. */
const inversePairs: [string, Op, Op][] = [
  ['table', { kind: 'createTable', table: user }, { kind: 'dropTable', table: 'User', existing: user }],
  ['table rename', { kind: 'renameTable', from: 'User', to: 'Account' }, { kind: 'renameTable', from: 'Account', to: 'User' }],
  ['column', { kind: 'addColumn', table: 'User', schema: 'app', column: user.columns[1] },
    { kind: 'dropColumn', table: 'User', schema: 'app', column: 'email', existing: user.columns[1] }],
  ['column rename', { kind: 'renameColumn', table: 'User', from: 'email', to: 'mail' }, { kind: 'renameColumn', table: 'User', from: 'mail', to: 'email' }],
  ['index', { kind: 'createIndex', name: 'User_email_idx', table: 'User', columns: ['email'], unique: true, where: 'email IS NOT NULL' },
    { kind: 'dropIndex', name: 'User_email_idx', table: 'User', existing: { name: 'User_email_idx', table: 'User', columns: ['email'], unique: true, where: 'email IS NOT NULL' } }],
  ['index rename', { kind: 'renameIndex', table: 'User', from: 'a', to: 'b' }, { kind: 'renameIndex', table: 'User', from: 'b', to: 'a' }],
  ['primary key', { kind: 'createPrimaryKey', table: 'User', name: 'User_pkey', columns: ['id'] },
    { kind: 'dropConstraint', table: 'User', name: 'User_pkey', type: 'primary', existing: { name: 'User_pkey', columns: ['id'] } }],
  ['unique constraint', { kind: 'createUniqueConstraint', table: 'User', name: 'User_email_key', columns: ['email'] },
    { kind: 'dropConstraint', table: 'User', name: 'User_email_key', type: 'unique', existing: { name: 'User_email_key', columns: ['email'] } }],
  ['foreign key', { kind: 'createForeignKey', table: 'Post', foreignKey: fk },
    { kind: 'dropConstraint', table: 'Post', name: fk.name, type: 'foreignKey', existing: fk }],
  ['check', { kind: 'createCheckConstraint', table: 'User', check: { name: 'User_id_check', expression: 'id > 0' } },
    { kind: 'dropConstraint', table: 'User', name: 'User_id_check', type: 'check', existing: { name: 'User_id_check', expression: 'id > 0' } }],
  ['enum', { kind: 'createEnum', name: 'Role', values: ['USER', 'ADMIN'] }, { kind: 'dropEnum', name: 'Role', existing: ['USER', 'ADMIN'] }],
];

describe('reverseOp', () => {
  it.each(inversePairs)('%s: the creation and the drop are each other\'s inverse', (_what, create, drop) => {
    expect(reverseOp(create)).toEqual(drop);
    expect(reverseOp(drop)).toEqual(create);
  });

  it('recreates an unnamed primary key without inventing a name for it', () => {
    const drop: Op = { kind: 'dropConstraint', table: 'User', name: 'PRIMARY', type: 'primary', existing: { columns: ['id'] } };
    expect(reverseOp(drop)).toEqual({ kind: 'createPrimaryKey', table: 'User', columns: ['id'] });
  });

  it('keeps CONCURRENTLY on both directions of an index', () => {
    const create: Op = { kind: 'createIndex', name: 'i', table: 'T', columns: ['a'], concurrently: true };
    const drop = reverseOp(create);
    expect(drop).toMatchObject({ kind: 'dropIndex', name: 'i', concurrently: true });
    expect(reverseOp(drop as Op)).toEqual(create);
  });

  describe('alterColumn', () => {
    it('sets back each changed attribute from `existing`, and records the column as the upgrade left it', () => {
      const op: Op = {
        kind: 'alterColumn', table: 'User', column: 'email', type: 'String', nativeType: 'VarChar(200)', nullable: false, default: 'x',
        existing: { type: 'String', nativeType: 'Text', nullable: true, default: null, autoincrement: false },
      };
      expect(reverseOp(op)).toEqual({
        kind: 'alterColumn', table: 'User', column: 'email', type: 'String', nativeType: 'Text', nullable: true, default: null,
        existing: { type: 'String', nativeType: 'VarChar(200)', nullable: false, default: 'x', autoincrement: false },
      });
    });

    it('round-trips: the inverse of the inverse is the original change', () => {
      const op: Op = {
        kind: 'alterColumn', table: 'User', column: 'id', autoincrement: false, default: { sql: 'gen()' },
        existing: { type: 'Int', nullable: false, default: null, autoincrement: true },
      };
      expect(reverseOp(reverseOp(op) as Op)).toEqual(op);
    });

    it('renames back under the new name', () => {
      const op: Op = { kind: 'alterColumn', table: 'User', column: 'email', newName: 'mail' };
      expect(reverseOp(op)).toEqual({ kind: 'alterColumn', table: 'User', column: 'mail', newName: 'email', existing: {} });
    });

    it('cannot set back what `existing` does not say', () => {
      const op: Op = { kind: 'alterColumn', table: 'User', column: 'email', nullable: false };
      expect(() => reverseOp(op)).toThrow(IrreversibleOpError);
      expect(() => reverseOp(op)).toThrow('the previous nullable of column "User"."email" is not known');
    });
  });

  it.each<[string, Op]>([
    ['a table drop without its definition', { kind: 'dropTable', table: 'User' }],
    ['a column drop without its definition', { kind: 'dropColumn', table: 'User', column: 'email' }],
    ['an index drop without its definition', { kind: 'dropIndex', name: 'i', table: 'User' }],
    ['a constraint drop without its definition', { kind: 'dropConstraint', name: 'c', table: 'User', type: 'check' }],
    ['an enum drop without its values', { kind: 'dropEnum', name: 'Role' }],
    ['an added enum value (PostgreSQL cannot remove one)', { kind: 'addEnumValue', name: 'Role', value: 'X' }],
    ['raw SQL', { kind: 'execute', sql: 'UPDATE "User" SET email = lower(email)' }],
  ])('reports %s as irreversible, with the op', (_what, op) => {
    try {
      reverseOp(op);
      throw new Error('expected an IrreversibleOpError');
    } catch (error) {
      expect(error).toBeInstanceOf(IrreversibleOpError);
      expect((error as IrreversibleOpError).op).toBe(op);
    }
  });
});
