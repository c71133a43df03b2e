/** Bad input gets a clear, specific message and a non-zero exit, never a stack trace. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TestProject } from '../helpers/project';
import { createTestDatabase, type TestDatabase } from '../helpers/databases';

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

function fails(args: string[], message: string | RegExp, env: Record<string, string> = {}): void {
  const r = project.run(args, env);
  expect(r.code).not.toBe(0);
  expect(r.stderr).toMatch(message);
  expect(r.stderr).not.toMatch(/\n\s+at .*\(.*:\d+:\d+\)/);
}

const linear = () => {
  project.writeRevision({ id: 'abc100000001', message: 'one' });
  project.writeRevision({ id: 'abc200000002', down: 'abc100000001', message: 'two' });
};

test('unknown and ambiguous revision ids', () => {
  linear();
  fails(['upgrade', 'fff'], "Can't locate revision identified by 'fff'");
  fails(['upgrade', 'abc'], /Revision 'abc' is ambiguous: it is the start of 2 revision ids:\n  abc100000001  one\n  abc200000002  two/);
  // A unique prefix resolves.
  project.ok(['upgrade', 'abc1']);
  expect(project.ok(['current']).stdout.trim()).toBe('abc100000001');
});

test('duplicate revision ids', () => {
  linear();
  project.writeRevision({ id: 'abc100000001', message: 'again' });
  fails(['heads'], /abc100000001/);
});

test('a missing parent and a cycle', () => {
  project.writeRevision({ id: 'aaa000000001', down: 'nothere00000', message: 'orphan' });
  fails(['heads'], /nothere00000/);
  project.remove();
  project = new TestProject(db.url);
  project.writeRevision({ id: 'aaa000000001', down: 'bbb000000002', message: 'a' });
  project.writeRevision({ id: 'bbb000000002', down: 'aaa000000001', message: 'b' });
  fails(['history'], /[Cc]ycle/);
});

test('a revision file that does not compile names the file and line', () => {
  linear();
  const broken = join(project.versionsDir, 'abc300000003_broken.ts');
  writeFileSync(broken, "export const revision = 'abc300000003';\nexport const downRevision = 'abc200000002';\nexport async function upgrade(op) {\n  await op.execute('x' +);\n}\n");
  fails(['heads'], /abc300000003_broken\.ts:4/);
});

test('multiple heads where one is needed', () => {
  linear();
  project.writeRevision({ id: 'def100000003', down: 'abc100000001', message: 'branch' });
  fails(['upgrade', 'head'], /Multiple head revisions are present/);
  fails(['revision', '-m', 'next'], /Multiple heads are present; please specify the head revision/);
  project.ok(['upgrade', 'heads']);
  const merged = project.ok(['merge', '-m', 'join', 'heads']);
  expect(merged.stdout).toMatch(/_join\.ts/);
  expect(project.ok(['heads']).stdout).toMatch(/^[0-9a-f]{12} \(head\)\n$/);
});

test('a wrong or unreachable URL, with the password masked', () => {
  linear();
  fails(['current', '--url', 'oracle://u:secret@h/db'], /Unsupported database URL oracle:\/\/u:\*\*\*\*@h\/db/);
  const r = project.run(['current', '--url', 'postgresql://someone:hunter2@127.0.0.1:1/nowhere']);
  expect(r.code).toBe(1);
  expect(r.stderr).toContain('Cannot connect to postgresql://someone:****@127.0.0.1:1/nowhere');
  expect(r.stderr + r.stdout).not.toContain('hunter2');
  fails(['current'], /No database URL/, { DATABASE_URL: '' });
});

test('a range without --sql, and an unknown environment', () => {
  linear();
  fails(['upgrade', 'abc1:abc2'], /Range revision not allowed/);
  fails(['current', '--env', 'staging'], /Unknown environment 'staging'/);
});
