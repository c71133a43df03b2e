/** init, revision options, the read commands and their --json, environments, and the programmatic API. */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTestDatabase, type TestDatabase } from '../helpers/databases';
import { TestProject } from '../helpers/project';
import { current, history, upgrade, downgrade, revision } from '../../src';

let db: TestDatabase;
let project: TestProject;
beforeEach(async () => {
  db = await createTestDatabase('sqlite');
  project = new TestProject(db.url);
});
afterEach(async () => {
  project.remove();
  await db.drop();
});

test('init writes the config, the folder and editable templates, and never overwrites', () => {
  const fresh = new TestProject(db.url);
  try {
    require('node:fs').rmSync(join(fresh.dir, 'pmig.config.ts'));
    require('node:fs').rmSync(join(fresh.dir, 'migrations'), { recursive: true });
    const first = fresh.ok(['init']);
    expect(first.stdout).toContain('Created pmig.config.ts');
    expect(existsSync(join(fresh.dir, 'migrations', 'versions'))).toBe(true);
    const template = join(fresh.dir, 'migrations', 'revision.ts.hbs');
    expect(readFileSync(template, 'utf8')).toContain('export async function upgrade');

    // The project's copy of the template is what new revisions use.
    writeFileSync(template, readFileSync(template, 'utf8').replace('// Revision identifiers, used by pmig.', '// ACME house style'));
    const written = fresh.ok(['revision', '-m', 'styled']).stdout.match(/Generating (.*) \.\.\./)![1];
    expect(readFileSync(written, 'utf8')).toContain('// ACME house style');

    const again = fresh.run(['init']);
    expect(again.code).toBe(1);
    expect(again.stdout).toContain('Exists, left unchanged: pmig.config.ts');
    expect(readFileSync(template, 'utf8')).toContain('ACME house style');
  } finally {
    fresh.remove();
  }
});

test('revision options: --rev-id, --head base with --branch-label, --splice, --depends-on, --version-path', () => {
  project.ok(['revision', '-m', 'root', '--rev-id', 'r00000000001']);
  project.ok(['revision', '-m', 'second', '--rev-id', 'r00000000002']);
  project.ok(['revision', '-m', 'billing root', '--head', 'base', '--branch-label', 'billing', '--rev-id', 'b00000000001']);
  project.ok(['revision', '-m', 'billing two', '--head', 'billing@head', '--depends-on', 'r00000000002', '--rev-id', 'b00000000002']);
  const spliceRefused = project.run(['revision', '-m', 'from the middle', '--head', 'r00000000001']);
  expect(spliceRefused.code).toBe(1);
  expect(spliceRefused.stderr).toContain('is not a head revision; please specify --splice');
  project.ok(['revision', '-m', 'from the middle', '--head', 'r00000000001', '--splice', '--rev-id', 's00000000001']);
  mkdirSync(join(project.versionsDir, 'billing'));
  project.ok(['revision', '-m', 'in a subfolder', '--head', 'billing@head', '--version-path', join(project.versionsDir, 'billing'), '--rev-id', 'b00000000003']);
  expect(existsSync(join(project.versionsDir, 'billing', 'b00000000003_in_a_subfolder.ts'))).toBe(true);

  const heads = project.ok(['heads']).stdout.trim().split('\n').sort();
  // r00000000002 is a dependency of the billing branch: Alembic calls it an effective head.
  expect(heads).toEqual(['b00000000003 (billing) (head)', 'r00000000002 (effective head)', 's00000000001 (head)']);
  const branches = project.ok(['branches']).stdout;
  expect(branches).toContain('r00000000001 (branchpoint)');
  expect(branches).toContain('             -> r00000000002 (effective head)');
  const show = project.ok(['show', 'b00000000002']).stdout;
  expect(show).toContain('Rev: b00000000002');
  expect(show).toContain('Parent: b00000000001');
  expect(show).toContain('Also depends on: r00000000002');
  expect(show).toContain('Branch names: billing');

  // depends_on: upgrading the billing branch brings in r00000000002 first.
  const up = project.ok(['upgrade', 'billing@head']).stderr;
  expect(up.indexOf('-> r00000000002')).toBeGreaterThan(-1);
  expect(up.indexOf('-> r00000000002')).toBeLessThan(up.indexOf('-> b00000000002'));

  const hist = JSON.parse(project.ok(['history', '--json', '-r', 'b00000000001:billing@head']).stdout);
  expect(hist.map((r: { revision: string }) => r.revision)).toEqual(['b00000000003', 'b00000000002', 'b00000000001']);
  const indicated = project.ok(['history', '-i']).stdout;
  expect(indicated).toMatch(/b00000000003 \(billing\) \(head\) \(current\), in a subfolder/);
  const verbose = project.ok(['history', '-r', 'r00000000001:r00000000002', '--verbose']).stdout;
  expect(verbose).toContain('Rev: r00000000002 (head)');
  expect(verbose).toContain('Revision ID: r00000000002');
});

test('named environments and --url choose the database', () => {
  const other = join(project.dir, 'staging.db');
  writeFileSync(join(project.dir, 'pmig.config.ts'), `export default { versionsDir: 'migrations/versions', environments: { staging: { url: 'file:./staging.db' } } };\n`);
  project.writeRevision({ id: 'e00000000001', message: 'one' });
  project.ok(['upgrade', 'head', '--env', 'staging']);
  expect(existsSync(other)).toBe(true);
  expect(project.ok(['current', '--env', 'staging']).stdout.trim()).toBe('e00000000001 (head)');
  expect(project.ok(['current']).stdout.trim()).toBe('');
  expect(project.ok(['current', '--url', 'file:./staging.db']).stdout.trim()).toBe('e00000000001 (head)');
});

test('the programmatic API runs migrations without the CLI', async () => {
  const options = { cwd: project.dir, url: db.url };
  const written = await revision({ ...options, message: 'api made', revId: 'a00000000001' });
  expect(written.path).toMatch(/a00000000001_api_made\.ts$/);
  const lines: string[] = [];
  const up = await upgrade('head', { ...options, log: (l) => lines.push(l) });
  expect(up.headsAfter).toEqual(['a00000000001']);
  expect(lines).toEqual(['Running upgrade  -> a00000000001, api made']);
  expect((await current(options)).heads.map((h) => h.revision)).toEqual(['a00000000001']);
  expect((await history(options)).revisions.map((r) => r.revision)).toEqual(['a00000000001']);
  const down = await downgrade('base', options);
  expect(down.headsAfter).toEqual([]);
});

test('batchAlterTable rebuilds a SQLite table and keeps rows, indexes and foreign keys', async () => {
  project.writeRevision({
    id: 't00000000001', message: 'tables',
    upgrade: `await op.createTable('authors', [{ name: 'id', type: 'Int', primaryKey: true, nullable: false }, { name: 'name', type: 'String', nullable: true }]);
      await op.createTable('books', [{ name: 'id', type: 'Int', primaryKey: true, nullable: false }, { name: 'author_id', type: 'Int', nullable: false }, { name: 'title', type: 'String', nullable: true }],
        { foreignKeys: [{ name: 'books_author_fkey', columns: ['author_id'], referencedTable: 'authors', referencedColumns: ['id'], onDelete: 'Cascade' }] });
      await op.createIndex('authors_name_idx', 'authors', ['name']);
      await op.bulkInsert('authors', [{ id: 1, name: 'ann' }, { id: 2, name: 'bob' }]);
      await op.bulkInsert('books', [{ id: 10, author_id: 1, title: 'x' }, { id: 11, author_id: 2, title: 'y' }]);`,
    downgrade: "await op.dropTable('books'); await op.dropTable('authors');",
  });
  project.writeRevision({
    id: 't00000000002', down: 't00000000001', message: 'tighten authors',
    upgrade: `await op.batchAlterTable('authors', (batch) => {
        batch.alterColumn('name', { nullable: false, existing: { type: 'String', nullable: true } });
        batch.addColumn({ name: 'born', type: 'Int', nullable: true });
        batch.createCheckConstraint('authors_born_check', 'born IS NULL OR born > 0');
      });`,
    downgrade: `await op.batchAlterTable('authors', (batch) => {
        batch.dropConstraint('authors_born_check', 'check');
        batch.dropColumn('born');
        batch.alterColumn('name', { nullable: true });
      });`,
  });
  project.ok(['upgrade', 'head']);
  const { connect } = await import('../../src/db/connect');
  const conn = await connect(db.url);
  try {
    expect(await conn.query('SELECT id, name FROM authors ORDER BY id')).toEqual([{ id: 1, name: 'ann' }, { id: 2, name: 'bob' }]);
    const notNull = await conn.query<{ notnull: number }>("SELECT \"notnull\" FROM pragma_table_info('authors') WHERE name = 'name'");
    expect(notNull[0].notnull).toBe(1);
    expect(await conn.query("SELECT name FROM sqlite_master WHERE type = 'index' AND name = 'authors_name_idx'")).toHaveLength(1);
    await expect(conn.execute('UPDATE authors SET born = -1 WHERE id = 1')).rejects.toThrow(/CHECK/);
    // The foreign key from books still points at authors and still cascades.
    await conn.execute('DELETE FROM authors WHERE id = 2');
    expect(await conn.query('SELECT id FROM books ORDER BY id')).toEqual([{ id: 10 }]);
  } finally {
    await conn.close();
  }
  project.ok(['downgrade', '-1']);
  expect(project.ok(['current']).stdout.trim()).toBe('t00000000001');
});

test('post-write hooks run on each revision pmig writes, and a failing hook is reported', () => {
  const hook = `node -e "require('fs').appendFileSync(process.argv[1], '// formatted by the hook\\\\n')"`;
  writeFileSync(join(project.dir, 'pmig.config.ts'), `export default { versionsDir: 'migrations/versions', postWriteHooks: [${JSON.stringify(`${hook} {file}`)}] };\n`);
  const written = project.ok(['revision', '-m', 'hooked']).stdout.match(/Generating (.*) \.\.\./)![1];
  expect(readFileSync(written, 'utf8')).toMatch(/\/\/ formatted by the hook\n$/);

  writeFileSync(join(project.dir, 'pmig.config.ts'), "export default { versionsDir: 'migrations/versions', postWriteHooks: ['node -e \"process.exit(3)\"'] };\n");
  const failed = project.run(['revision', '-m', 'unhooked']);
  expect(failed.code).toBe(1);
  expect(failed.stderr).toContain('Post-write hook failed');
  expect(failed.stderr).toContain('The revision was written');
});
