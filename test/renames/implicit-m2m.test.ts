/**
 * Implicit many-to-many links survive a model rename. Prisma's join table `_<A>To<B>` has `A`
 * referencing the model whose name sorts first: renaming Tag to Label turns `_PostToTag` (A = Post)
 * into `_LabelToPost` (A = Label). The revision must rename the join table and swap what A and B
 * hold, so that every row still links the same post to the same tag; the downgrade swaps back.
 *
 * Each case: real links, autogenerate through the CLI (the model rename answered by a flag),
 * upgrade, the full set of (post, tag) links compared, `pmig check` clean, downgrade, links again.
 */
import type { DialectName } from '../../src/db/types';
import { introspect } from '../../src/introspect';
import type { TableDef } from '../../src/schema/types';
import { createTestDatabase, describeDialects, withDb } from '../helpers/databases';
import { prismaDdl } from '../helpers/prisma-ddl';
import { runSql } from '../fixtures';
import { expectSuccess, RenameProject } from './helpers';

// Several CLI runs per case on a shared machine.
jest.setTimeout(240_000);

const ID = 'id Int @id @default(autoincrement())';

/** Post and a tag-like model linked by an implicit many-to-many relation. */
function models(tagModel: string, options: { map?: string; relation?: string } = {}): string {
  const relation = options.relation ? ` @relation("${options.relation}")` : '';
  const map = options.map ? `\n  @@map("${options.map}")` : '';
  return `model Post {\n  ${ID}\n  title String\n  tags ${tagModel}[]${relation}\n}\n\n`
    + `model ${tagModel} {\n  ${ID}\n  name String\n  posts Post[]${relation}${map}\n}`;
}

const POSTS = ['p1', 'p2', 'p3', 'p4'];
const TAGS = ['t1', 't2', 't3'];
/** (post, tag) by position; not symmetric, so links read the wrong way round cannot look right. */
const LINKS: [number, number][] = [[1, 2], [2, 1], [3, 3], [4, 1], [1, 3], [2, 3]];
const EXPECTED = LINKS.map(([p, t]) => `${POSTS[p - 1]}-${TAGS[t - 1]}`).sort();

describeDialects('implicit many-to-many links across a model rename', (dialect, db) => {
  let project: RenameProject;
  beforeEach(async () => {
    project = new RenameProject(dialect, db().url);
    await project.open();
  });
  afterEach(() => project.close());

  /** Creates the first revision, applies it and inserts posts, tags and links. */
  async function start(schema: string, tagTable: string, joinTable: string): Promise<void> {
    project.init(schema);
    await project.insert('Post', POSTS.map((title) => ({ title })));
    await project.insert(tagTable, TAGS.map((name) => ({ name })));
    // Before the rename A references Post (it sorts before Tag) and B the tag.
    await project.insert(joinTable, LINKS.map(([A, B]) => ({ A, B })));
    expect(await links(joinTable, tagTable, 'A')).toEqual(EXPECTED);
  }

  /** Every link as "post-tag", read through the join table whose `postColumn` references Post. */
  async function links(joinTable: string, tagTable: string, postColumn: 'A' | 'B'): Promise<string[]> {
    const q = (id: string) => project.q(id);
    const tagColumn = postColumn === 'A' ? 'B' : 'A';
    const rows = await project.conn.query<{ link: string; title: string; name: string }>(
      `SELECT p.${q('title')} AS title, t.${q('name')} AS name FROM ${q(joinTable)} j `
        + `JOIN ${q('Post')} p ON p.${q('id')} = j.${q(postColumn)} JOIN ${q(tagTable)} t ON t.${q('id')} = j.${q(tagColumn)}`,
    );
    const count = await project.conn.query<{ n: unknown }>(`SELECT COUNT(*) AS n FROM ${q(joinTable)}`);
    // Every row must join: a link pointing at a missing row would vanish from the join above.
    expect(Number(count[0].n)).toBe(rows.length);
    return rows.map((r) => `${r.title}-${r.name}`).sort();
  }

  function generate(args: string[]): string {
    expectSuccess(project.run(['revision', '--autogenerate', '-m', 'rename', ...args]));
    return project.latestRevision();
  }

  it('Tag → Label: the join table is renamed and A and B swap, links intact both ways', async () => {
    await start(models('Tag'), 'Tag', '_PostToTag');
    project.schema(models('Label'));
    const text = generate(['--rename-table', 'Tag=Label']);
    expect(text).toContain('_PostToTag → _LabelToPost: renamed (certain: its model Tag was renamed to Label)');
    expect(text).toContain("await op.renameTable('_PostToTag', '_LabelToPost');");
    expect(text).toContain("await op.swapColumns('_LabelToPost', 'A', 'B');");

    project.ok(['upgrade', 'head']);
    // Now A references Label, B references Post.
    expect(await links('_LabelToPost', 'Label', 'B')).toEqual(EXPECTED);
    expectSuccess(project.run(['check']));
    await expectJoinTableAsPrismaCreatesIt(dialect, project.url, models('Label'), '_LabelToPost');

    project.ok(['downgrade', '-1']);
    expect(await links('_PostToTag', 'Tag', 'A')).toEqual(EXPECTED);
    // The database is back where it was: the first schema shows no difference.
    project.schema(models('Tag'));
    expectSuccess(project.run(['check']));
  });

  it('Tag → Tags keeps the order (A stays Post): renamed, nothing swapped', async () => {
    await start(models('Tag'), 'Tag', '_PostToTag');
    project.schema(models('Tags'));
    const text = generate(['--rename-table', 'Tag=Tags']);
    expect(text).toContain("await op.renameTable('_PostToTag', '_PostToTags');");
    expect(text).not.toContain('swapColumns');

    project.ok(['upgrade', 'head']);
    expect(await links('_PostToTags', 'Tags', 'A')).toEqual(EXPECTED);
    expectSuccess(project.run(['check']));
    await expectJoinTableAsPrismaCreatesIt(dialect, project.url, models('Tags'), '_PostToTags');
    project.ok(['downgrade', '-1']);
    expect(await links('_PostToTag', 'Tag', 'A')).toEqual(EXPECTED);
  });

  it('a named relation whose model is renamed but keeps its table (@@map): the same join table, A and B swapped', async () => {
    await start(models('Tag', { relation: 'Tagging' }), 'Tag', '_Tagging');
    project.schema(models('Label', { relation: 'Tagging', map: 'Tag' }));
    const text = generate([]);
    expect(text).not.toContain('renameTable');
    expect(text).toContain("await op.swapColumns('_Tagging', 'A', 'B');");

    project.ok(['upgrade', 'head']);
    expect(await links('_Tagging', 'Tag', 'B')).toEqual(EXPECTED);
    expectSuccess(project.run(['check']));
    await expectJoinTableAsPrismaCreatesIt(dialect, project.url, models('Label', { relation: 'Tagging', map: 'Tag' }), '_Tagging');
    project.ok(['downgrade', '-1']);
    expect(await links('_Tagging', 'Tag', 'A')).toEqual(EXPECTED);
  });
});

/**
 * The join table's keys, indexes and foreign keys are what Prisma's own DDL creates for the renamed
 * schema (PostgreSQL and SQLite, where the WebAssembly engine is the oracle; MySQL is covered by
 * `check`). Column order is left out: renaming keeps the columns where they were.
 */
async function expectJoinTableAsPrismaCreatesIt(dialect: DialectName, url: string, schema: string, table: string): Promise<void> {
  if (dialect === 'mysql') return;
  const oracle = await createTestDatabase(dialect);
  try {
    const text = `datasource db {\n  provider = "${dialect}"\n}\n\n${schema}\n`;
    await runSql(oracle.url, await prismaDdl(text, dialect));
    const expected = await withDb(oracle.url, async (conn) => joinTable(await introspect(conn), table));
    const actual = await withDb(url, async (conn) => joinTable(await introspect(conn), table));
    expect(actual).toEqual(expected);
  } finally {
    await oracle.drop();
  }
}

function joinTable(schema: { tables: TableDef[] }, name: string): TableDef {
  const table = schema.tables.find((t) => t.name === name);
  if (!table) throw new Error(`no table ${name}`);
  const byName = <T extends { name: string }>(list?: T[]) => [...(list ?? [])].sort((a, b) => a.name.localeCompare(b.name));
  return { ...table, columns: byName(table.columns), indexes: byName(table.indexes), foreignKeys: byName(table.foreignKeys) };
}
