/**
 * Prisma's implicit many-to-many join tables, recognised in a neutral Schema (from the datamodel or
 * from introspection): `_<RelationName>` with exactly the columns `A` and `B`, `A` referencing the
 * model whose name sorts first, `B` the other. Renaming a model can change which one sorts first,
 * and so what `A` and `B` mean, without any column changing.
 */
import type { TableDef } from '../schema/types';

/** The table an `A` or `B` column references. */
export interface JoinSide {
  table: string;
  schema?: string;
}

export interface JoinTableSides {
  A: JoinSide;
  B: JoinSide;
}

/**
 * The tables that `A` and `B` reference, when `table` has the shape of an implicit many-to-many
 * table with its foreign keys; undefined otherwise (also with `relationMode = "prisma"`, which
 * creates no foreign keys, so the database cannot tell the sides apart).
 */
export function joinTableSides(table: TableDef): JoinTableSides | undefined {
  if (!table.name.startsWith('_')) return undefined;
  const names = table.columns.map((c) => c.name).sort();
  if (names.length !== 2 || names[0] !== 'A' || names[1] !== 'B') return undefined;
  const side = (column: 'A' | 'B'): JoinSide | undefined => {
    const fks = (table.foreignKeys ?? []).filter((fk) => fk.columns.length === 1 && fk.columns[0] === column);
    if (fks.length !== 1) return undefined;
    const fk = fks[0];
    const schema = fk.referencedSchema ?? table.schema;
    return { table: fk.referencedTable, ...(schema ? { schema } : {}) };
  };
  const A = side('A');
  const B = side('B');
  return A && B ? { A, B } : undefined;
}

export function sameSide(x: JoinSide, y: JoinSide): boolean {
  return x.table === y.table && (x.schema ?? null) === (y.schema ?? null);
}

/** The pair of tables a join table links, in a stable order: equal for the same relation either way round. */
export function joinPairKey(sides: JoinTableSides): string {
  return [sides.A, sides.B].map((s) => `${s.schema ?? ''}\u0000${s.table}`).sort().join('\u0001');
}
