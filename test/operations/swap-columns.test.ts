/**
 * op.swapColumns: two columns exchange names through a spare one (renames move no data, so no index
 * or foreign key sees a half-swapped row, and MySQL's left-to-right UPDATE assignment does not
 * apply); it is its own inverse.
 */
import { dialectFor } from '../../src/ddl';
import { reverseOp } from '../../src/operations/reverse';
import type { SwapColumnsOp } from '../../src/operations/types';

const op: SwapColumnsOp = { kind: 'swapColumns', table: '_LabelToPost', columns: ['A', 'B'] };

describe('swapColumns', () => {
  it.each([
    ['postgresql', '"'],
    ['sqlite', '"'],
    ['mysql', '`'],
  ] as const)('renders three column renames on %s, identifiers quoted', async (dialect, q) => {
    const t = `${q}_LabelToPost${q}`;
    expect(await dialectFor(dialect).render(op, {})).toEqual([
      `ALTER TABLE ${t} RENAME COLUMN ${q}A${q} TO ${q}_pmig_swap${q}`,
      `ALTER TABLE ${t} RENAME COLUMN ${q}B${q} TO ${q}A${q}`,
      `ALTER TABLE ${t} RENAME COLUMN ${q}_pmig_swap${q} TO ${q}B${q}`,
    ]);
  });

  it('quotes the table with its schema and odd names', async () => {
    const statements = await dialectFor('postgresql').render({ ...op, schema: 'my"schema', columns: ['a"b', 'c'] }, {});
    expect(statements[0]).toBe('ALTER TABLE "my""schema"."_LabelToPost" RENAME COLUMN "a""b" TO "_pmig_swap"');
  });

  it('is its own inverse', () => {
    expect(reverseOp(op)).toEqual(op);
  });
});
