/**
 * The per-revision name records (src/autogenerate/name-record.ts) without a database: what a
 * revision records, and the names at a set of revisions over a graph with branches and merges.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { namesAt, namesRecord, namesRecordSource, readNamesRecord, type NamesGraph, type NamesRecord } from '../../src/autogenerate/name-record';
import type { PrismaNameMap } from '../../src/prisma';

function names(columns: Record<string, string>, table = 'User', enumValues?: Record<string, string>): PrismaNameMap {
  return {
    models: [{ model: 'User', table, columns }],
    enums: enumValues ? [{ enum: 'Role', dbName: 'Role', values: enumValues }] : [],
  };
}

/** A graph from `revision: [parents, record]`. */
function graph(revisions: Record<string, [string[], NamesRecord | undefined]>): NamesGraph {
  return { parents: (id) => revisions[id]?.[0] ?? [], record: (id) => revisions[id]?.[1] };
}

const INIT = names({ id: 'id', email: 'email', name: 'name' });
const column = (c: Record<string, string | null>): NamesRecord => ({ models: { User: { columns: c } } });

describe('what a revision records', () => {
  it('the first records everything; later ones only what changed, null for what went', () => {
    expect(namesRecord(undefined, INIT)).toEqual({ models: { User: { table: 'User', columns: { id: 'id', email: 'email', name: 'name' } } } });
    expect(namesRecord(INIT, INIT)).toBeUndefined();
    expect(namesRecord(INIT, names({ id: 'id', email: 'mail' }, 'people'))).toEqual({
      models: { User: { table: 'people', columns: { email: 'mail', name: null } } },
    });
    expect(namesRecord(INIT, { models: [], enums: [] })).toEqual({ models: { User: null } });
    expect(namesRecord(names({ id: 'id' }, 'User', { ADMIN: 'admin' }), names({ id: 'id' }, 'User', { ADMIN: 'adm', USER: 'user' })))
      .toEqual({ enums: { Role: { values: { ADMIN: 'adm', USER: 'user' } } } });
  });

  it('is one line in the file, read back as written, and read through the module when reformatted', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pmig-names-'));
    try {
      const record = namesRecord(undefined, INIT)!;
      const plain = join(dir, 'a.ts');
      writeFileSync(plain, `export const revision = 'a';\n${namesRecordSource(record)}`);
      expect(readNamesRecord(plain)).toEqual(record);
      const pretty = join(dir, 'b.ts');
      writeFileSync(pretty, "export const prismaNames = {\n  models: {\n    User: { table: 'User', columns: { id: 'id' } },\n  },\n};\n");
      expect(readNamesRecord(pretty)).toEqual({ models: { User: { table: 'User', columns: { id: 'id' } } } });
      const none = join(dir, 'c.ts');
      writeFileSync(none, "export const revision = 'c';\n");
      expect(readNamesRecord(none)).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the names at a set of revisions', () => {
  const base = { r1: [[], namesRecord(undefined, INIT)] as [string[], NamesRecord | undefined] };

  it('applies records parents first; a revision without one (hand-written, merge) inherits', () => {
    const g = graph({ ...base, r2: [['r1'], column({ email: 'mail' })], r3: [['r2'], undefined], r4: [['r3'], column({ email: 'e_mail' })] });
    expect(namesAt(['r3'], g)?.models[0].columns).toEqual({ id: 'id', email: 'mail', name: 'name' });
    expect(namesAt(['r4'], g)?.models[0].columns).toEqual({ id: 'id', email: 'e_mail', name: 'name' });
    // After a downgrade the database is at r1 again: r2's names do not count there.
    expect(namesAt(['r1'], g)?.models[0].columns).toEqual({ id: 'id', email: 'email', name: 'name' });
  });

  it('merges branches that changed different names; a name changed differently on both is unknown until set again', () => {
    const g = graph({
      ...base,
      a: [['r1'], column({ email: 'mail', name: 'full_name' })],
      b: [['r1'], column({ name: 'nm' })],
      merge: [['a', 'b'], undefined],
      after: [['merge'], column({ name: 'display' })],
    });
    expect(namesAt(['merge'], g)?.models[0].columns).toEqual({ id: 'id', email: 'mail' });
    expect(namesAt(['a', 'b'], g)?.models[0].columns).toEqual({ id: 'id', email: 'mail' });
    expect(namesAt(['after'], g)?.models[0].columns).toEqual({ id: 'id', email: 'mail', name: 'display' });
  });

  it('knows nothing when no revision recorded names', () => {
    expect(namesAt(['x'], graph({ x: [[], undefined] }))).toBeUndefined();
  });

  it('walks a 2,000-revision chain without deep recursion', () => {
    const revisions: Record<string, [string[], NamesRecord | undefined]> = { ...base };
    for (let i = 2; i <= 2000; i += 1) revisions[`r${i}`] = [[`r${i - 1}`], i % 10 === 0 ? column({ email: `e${i}` }) : undefined];
    expect(namesAt(['r2000'], graph(revisions))?.models[0].columns.email).toBe('e2000');
  });
});
