/**
 * The resolver on its own (no database): which pairs become questions, what the answers turn into,
 * and the errors for answers and hints that match nothing.
 */
import { compareWithRenames, MissingDecisionsError, RenameError, type RenameInput } from '../../src/autogenerate/renames';
import { parsePsl } from '../../src/prisma/psl';
import { prismaNameMap } from '../../src/prisma';
import type { Schema, TableDef } from '../../src/schema/types';

const id = { name: 'id', type: 'Int', nullable: false, autoincrement: true } as const;
const table = (name: string, columns: TableDef['columns'], extra: Partial<TableDef> = {}): TableDef =>
  ({ name, columns: [id, ...columns], primaryKey: { columns: ['id'] }, ...extra });

function input(target: Schema, current: Schema, prisma = ''): RenameInput {
  const blocks = parsePsl(`datasource db {\n  provider = "sqlite"\n}\n${prisma}`);
  return { target, current, blocks, dialect: 'sqlite', names: prismaNameMap(blocks) };
}

describe('rename resolver', () => {
  const current: Schema = { enums: [], tables: [table('User', [{ name: 'full_name', type: 'String' }, { name: 'age', type: 'Int' }])] };
  const target: Schema = { enums: [], tables: [table('User', [{ name: 'fullName', type: 'String' }, { name: 'years', type: 'Int' }])] };

  it('asks one question per added column, listing only candidates of a compatible type', async () => {
    const asked: string[] = [];
    await compareWithRenames(input(target, current), {}, async (q) => {
      asked.push(`${q.id}: ${q.candidates.map((c) => c.name).join(', ')}`);
      return null;
    });
    expect(asked).toEqual(['column:User.fullName: full_name', 'column:User.years: age']);
  });

  it('collects every unanswered question before refusing', async () => {
    const error = await compareWithRenames(input(target, current), {}).catch((e) => e);
    expect(error).toBeInstanceOf(MissingDecisionsError);
    expect((error as MissingDecisionsError).questions.map((q) => q.id)).toEqual(['column:User.fullName', 'column:User.years']);
    expect((error as MissingDecisionsError).exitCode).toBe(2);
  });

  it('turns "renamed" into renameColumn before what compare finds next, with the decision recorded', async () => {
    const widened: Schema = { enums: [], tables: [table('User', [{ name: 'fullName', type: 'String', nullable: false }])] };
    const result = await compareWithRenames(input(widened, { enums: [], tables: [table('User', [{ name: 'full_name', type: 'String' }])] }), { renameColumn: ['User.full_name=fullName'] });
    expect(result.ops.map((op) => op.kind)).toEqual(['renameColumn', 'alterColumn']);
    expect(result.ops[1]).toMatchObject({ column: 'fullName', nullable: false });
    expect(result.decisions).toEqual(['User.full_name → User.fullName: renamed (--rename-column User.full_name=fullName)']);
  });

  it('rejects a flag that names no added column, and a malformed one', async () => {
    await expect(compareWithRenames(input(target, current), { renameColumn: ['User.nope=other'], noRenames: true }))
      .rejects.toThrow(new RenameError('--rename-column User.nope=other: no such added name in this revision (nothing was written).'));
    await expect(compareWithRenames(input(target, current), { renameColumn: ['full_name=fullName'] }))
      .rejects.toThrow('--rename-column full_name=fullName: expected table.old=new.');
  });

  it('does not ask about a dropped column of another type family', async () => {
    const typed: Schema = { enums: [], tables: [table('User', [{ name: 'born', type: 'DateTime' }])] };
    const result = await compareWithRenames(input(typed, { enums: [], tables: [table('User', [{ name: 'age', type: 'Int' }])] }), {}, async () => {
      throw new Error('no question expected');
    });
    expect(result.ops.map((op) => op.kind).sort()).toEqual(['addColumn', 'dropColumn']);
  });
});
