/**
 * Nothing lost across a model rename: 300 implicit many-to-many links between posts and tags, the
 * tag model renamed so that the join table's A and B change meaning (`_PostToTag` → `_LabelToPost`),
 * through the programmatic API. Every link must join the same post to the same tag after the upgrade
 * and again after the downgrade. (test/renames/implicit-m2m.test.ts covers the CLI and Prisma's DDL.)
 */
import { autogenerate, check, downgrade, upgrade } from '../../src';
import type { Connection } from '../../src/db/types';
import { dialectFor } from '../../src/ddl';
import { describeDialects, withDb } from '../helpers/databases';
import { ApiProject } from '../fixtures';
import { tally } from './tally';

const ID = 'id Int @id @default(autoincrement())';
const schema = (provider: string, tag: string) => `datasource db {\n  provider = "${provider}"\n}\n\n`
  + `model Post {\n  ${ID}\n  title String\n  tags ${tag}[]\n}\n\nmodel ${tag} {\n  ${ID}\n  name String\n  posts Post[]\n}\n`;

const POSTS = 50;
const TAGS = 20;
/** 300 distinct (post, tag) pairs, not symmetric in any way a swap could hide. */
const LINKS: [number, number][] = Array.from({ length: 300 }, (_, i) => [1 + ((i * 7) % POSTS), 1 + ((i * 3 + Math.floor(i / POSTS)) % TAGS)]);

describeDialects('implicit many-to-many links across a model rename (API)', (dialect, db) => {
  it('every link joins the same post and tag after upgrade and after downgrade', async () => {
    const project = new ApiProject(db().url, schema(dialect, 'Tag'));
    const q = (id: string) => dialectFor(dialect).quote(id);
    const linkSet = (conn: Connection, join: string, tag: string, postColumn: string, tagColumn: string) => conn
      .query<{ title: string; name: string }>(
        `SELECT p.${q('title')} AS title, t.${q('name')} AS name FROM ${q(join)} j JOIN ${q('Post')} p ON p.${q('id')} = j.${q(postColumn)} `
          + `JOIN ${q(tag)} t ON t.${q('id')} = j.${q(tagColumn)}`,
      )
      .then((rows) => rows.map((r) => `${r.title}|${r.name}`).sort());
    const expected = LINKS.map(([p, t]) => `post ${p}|tag ${t}`).sort();
    const compare = (when: string, actual: string[]) => {
      tally.rows(actual.length);
      if (actual.join('\n') !== expected.join('\n')) tally.lostOrExposed(`${dialect}: links changed ${when} a model rename`);
      expect(actual).toEqual(expected);
    };
    expect(new Set(LINKS.map(String)).size).toBe(LINKS.length);
    try {
      await autogenerate({ ...project.options, message: 'init' });
      await upgrade('head', project.options);
      await withDb(db().url, async (conn) => {
        const values = (rows: unknown[][]) => rows.map((r) => `(${r.map((v) => (typeof v === 'string' ? `'${v}'` : v)).join(', ')})`).join(', ');
        await conn.execute(`INSERT INTO ${q('Post')} (${q('title')}) VALUES ${values(Array.from({ length: POSTS }, (_, i) => [`post ${i + 1}`]))}`);
        await conn.execute(`INSERT INTO ${q('Tag')} (${q('name')}) VALUES ${values(Array.from({ length: TAGS }, (_, i) => [`tag ${i + 1}`]))}`);
        await conn.execute(`INSERT INTO ${q('_PostToTag')} (${q('A')}, ${q('B')}) VALUES ${values(LINKS)}`);
      });

      project.writeSchema(schema(dialect, 'Label'));
      const result = await autogenerate({ ...project.options, message: 'label', renames: { renameTable: ['Tag=Label'] } });
      expect(result.descriptions).toContain('swap columns "_LabelToPost"."A" and "B" (each takes the other\'s values)');
      await upgrade('head', project.options);
      tally.revisions(2);
      await withDb(db().url, async (conn) => compare('after', await linkSet(conn, '_LabelToPost', 'Label', 'B', 'A')));
      expect((await check(project.options)).descriptions).toEqual([]);

      await downgrade('-1', project.options);
      tally.revisions(1);
      await withDb(db().url, async (conn) => compare('after the downgrade of', await linkSet(conn, '_PostToTag', 'Tag', 'A', 'B')));
    } finally {
      project.remove();
    }
  });
});
