/**
 * The fast part of the concurrency and interruption promises (issue 9, faults 9-11), run in
 * `npm test` too; the full set (8 concurrent runs, killing the lock holder, signals on every
 * database) is in concurrency.slow.test.ts.
 *
 * - Every revision of the plan is loaded before the first one runs: a revision that does not
 *   compile, or lacks the function the run needs, stops the run with nothing applied.
 * - A run that cannot get the migration lock gives up after --lock-timeout, naming the lock and
 *   who holds it, with nothing applied; bad --lock-timeout / lockTimeout values are refused.
 * - SIGINT stops a run after the revision in progress, and says where the database is.
 */
import { execFileSync, spawn } from 'node:child_process';
import { writeFileSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { connect } from '../../src/db/connect';
import type { Connection } from '../../src/db/types';
import { acquireRunLock } from '../../src/runtime/lock';
import { describeDialects, withDb } from '../helpers/databases';
import { BIN, TestProject } from '../helpers/project';
import { CliProcess } from './cli-process';
import { chainId, downgradeLackingFunction, expectedRows, runRows, versionRows, writeRunChain } from './run-chain';
import { tally } from './tally';

const NO_STACK = /^\s+at /m;

describeDialects('every revision of the plan is loaded before the first runs', (dialect, db) => {
  it('a chain of 5 whose 4th does not compile: nothing applied, the file and line named', async () => {
    const project = new TestProject(db().url);
    try {
      writeRunChain(project, dialect, 5, 0);
      const fourth = project.revisionFiles().map((f) => `${project.versionsDir}/${f}`).find((f) => f.includes(chainId(4)))!;
      // A syntax error inside the function body: the file's identifiers still read, as in a real typo.
      writeFileSync(fourth, readFileSync(fourth, 'utf8').replace("await op.bulkInsert('runs'", "const broken = ;\n  await op.bulkInsert('runs'"));
      const r = project.run(['upgrade', 'head']);
      tally.inputs();
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('Nothing was run');
      expect(r.stderr).toMatch(new RegExp(`${basename(fourth)}:\\d+:\\d+: does not compile`));
      expect(r.stderr).not.toMatch(NO_STACK);
      expect(r.stderr).not.toContain('Running upgrade');
      await withDb(db().url, async (conn) => {
        expect(await versionRows(conn)).toEqual([]);
        expect(await runRows(conn)).toEqual([]);
      });
    } finally {
      project.remove();
    }
  });

});

// The downgrade side of the same check (concurrency.slow.test.ts runs it on the other databases).
describeDialects('every revision of a downgrade plan is loaded before the first runs', (_dialect, db) => {
  it('a downgrade whose 2nd revision has no downgrade(): nothing reverted, the file named', () => downgradeLackingFunction(db().url));
}, ['sqlite']);

describeDialects('--lock-timeout', (dialect, db) => {
  it('gives up after the timeout, naming the lock and its holder, with nothing applied', async () => {
    const project = new TestProject(db().url);
    const holder: Connection = await connect(db().url);
    try {
      writeRunChain(project, dialect, 3, 0);
      const release = await acquireRunLock(holder, 'pmig_version', { timeoutSeconds: 0 });
      const expectedHolder = {
        postgresql: async () => `backend pid ${(await holder.query<{ pid: number }>('SELECT pg_backend_pid() AS pid'))[0].pid} (application 'pmig'`,
        mysql: async () => `connection ${(await holder.query<{ id: number }>('SELECT CONNECTION_ID() AS id'))[0].id}`,
        sqlite: async () => 'another process (SQLite cannot tell which)',
      }[dialect];
      const started = Date.now();
      const r = project.run(['upgrade', 'head', '--lock-timeout', '1']);
      tally.fault();
      expect(r.code).toBe(1);
      expect(Date.now() - started).toBeLessThan(15_000);
      expect(r.stderr).toContain('Gave up after 1 s waiting for the migration lock');
      expect(r.stderr).toContain(`held by ${await expectedHolder()}`);
      expect(r.stderr).toContain('Nothing was run');
      expect(r.stderr).not.toContain('Running upgrade');
      await release();
      await withDb(db().url, async (conn) => expect(await versionRows(conn)).toEqual([]));
      // Released: the next run takes the lock at once.
      const after = project.run(['upgrade', 'head', '--lock-timeout', '0']);
      expect(after.code).toBe(0);
      await withDb(db().url, async (conn) => expect(await runRows(conn)).toEqual(expectedRows(3)));
    } finally {
      await holder.close();
      project.remove();
    }
  });
}, ['postgresql', 'mysql', 'sqlite']);

describeDialects('lock timeout values', (dialect, db) => {
  // oclif reports a flag its parser refuses with exit 1, as pmig does its own errors.
  const cases: { title: string; args: string[]; config?: string; message: RegExp; commands?: string[][] }[] = [
    {
      title: 'a word', args: ['--lock-timeout', 'soon'], message: /--lock-timeout must be a number of seconds, 0 or more.*got "soon"/,
      commands: [['upgrade', 'head'], ['stamp', 'head']],
    },
    { title: 'a negative number', args: ['--lock-timeout=-1'], message: /--lock-timeout must be a number of seconds, 0 or more.*got "-1"/ },
    { title: 'a negative lockTimeout in an environment', args: ['--env', 'ci'], config: 'environments: { ci: { lockTimeout: -1 } }', message: /lockTimeout.*must be a number of seconds/ },
  ];
  for (const c of cases) {
    it(`refuses ${c.title}`, () => {
      const project = new TestProject(db().url, `export default { versionsDir: 'migrations/versions'${c.config ? `, ${c.config}` : ''} };\n`);
      try {
        writeRunChain(project, dialect, 2, 0);
        for (const command of c.commands ?? [['upgrade', 'head']]) {
          const r = project.run([...command, ...c.args]);
          tally.inputs();
          expect({ command, code: r.code }).toEqual({ command, code: 1 });
          expect(r.stderr).toMatch(c.message);
          expect(r.stderr).not.toMatch(NO_STACK);
        }
      } finally {
        project.remove();
      }
    });
  }

  it("takes an environment's lockTimeout: 0 gives up at once", async () => {
    const project = new TestProject(db().url, "export default { versionsDir: 'migrations/versions', lockTimeout: 300, environments: { ci: { lockTimeout: 0 } } };\n");
    const holder = await connect(db().url);
    try {
      writeRunChain(project, dialect, 2, 0);
      const release = await acquireRunLock(holder, 'pmig_version', { timeoutSeconds: 0 });
      const r = project.run(['stamp', 'head', '--env', 'ci']);
      tally.fault();
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('Gave up after 0 s waiting for the migration lock');
      await release();
    } finally {
      await holder.close();
      project.remove();
    }
  });
}, ['sqlite']);

describeDialects('SIGINT', (dialect, db) => {
  it('stops after the revision in progress and says where the database is', async () => {
    const project = new TestProject(db().url);
    try {
      writeRunChain(project, dialect, 6, 500);
      const run = new CliProcess(project, ['upgrade', 'head']);
      await run.waitFor(`Running upgrade ${chainId(2)} -> ${chainId(3)}`);
      run.kill('SIGINT');
      tally.fault();
      const ended = await run.ended;
      expect(ended.code).toBe(130);
      expect(ended.stderr).toContain('Received SIGINT: pmig stops after the revision in progress');
      expect(ended.stderr).toContain(`stopped: the database is at ${chainId(3)}; run \`pmig upgrade head\` to continue (3 of 6 revisions ran).`);
      expect(ended.stderr).not.toContain(`-> ${chainId(4)}`);
      await withDb(db().url, async (conn) => {
        expect(await versionRows(conn)).toEqual([chainId(3)]);
        expect(await runRows(conn)).toEqual(expectedRows(3));
      });
      tally.revisions(3);
      expect(project.run(['upgrade', 'head']).code).toBe(0);
      await withDb(db().url, async (conn) => expect(await runRows(conn)).toEqual(expectedRows(6)));
      tally.rows(5);
    } finally {
      project.remove();
    }
  });
}, ['sqlite']);

describeDialects('SIGTERM while a confirmation question is open', (dialect, db) => {
  it('answers no: the destructive revision is rolled back, the run stops (exit 143)', async () => {
    const project = new TestProject(db().url);
    try {
      project.writeRevision({
        id: chainId(1), down: null, message: 'keep',
        upgrade: "await op.createTable('keep', [{ name: 'id', type: 'Int', nullable: false }]);\n  await op.bulkInsert('keep', [{ id: 1 }, { id: 2 }, { id: 3 }]);",
        downgrade: "await op.dropTable('keep');",
      });
      project.writeRevision({ id: chainId(2), down: chainId(1), message: 'drop keep', upgrade: "await op.dropTable('keep');", downgrade: '' });
      project.ok(['upgrade', chainId(1)]);
      // A pseudo-terminal (made by `script`), so that pmig asks before dropping 3 rows.
      const command = [process.execPath, BIN, 'upgrade', 'head'].map((a) => `'${a}'`).join(' ');
      const terminal = spawn('script', ['-qec', command, '/dev/null'], { cwd: project.dir, env: project.env() });
      let output = '';
      const asked = new Promise<void>((resolve) => terminal.stdout.on('data', (d) => {
        output += d;
        if (output.includes('anyway?')) resolve();
      }));
      const closed = new Promise<number>((resolve) => terminal.on('close', (code) => resolve(code ?? -1)));
      await asked;
      process.kill(pmigProcessUnder(terminal.pid!), 'SIGTERM');
      tally.fault();
      expect(await closed).toBe(143);
      expect(output).toContain('Received SIGTERM');
      expect(output).toContain(`stopped: the database is at ${chainId(1)}; run \`pmig upgrade head\` to continue.`);
      await withDb(db().url, async (conn) => {
        expect(await versionRows(conn)).toEqual([chainId(1)]);
        expect((await conn.query('SELECT id FROM keep')).length).toBe(3);
      });
      tally.rows(3);
    } finally {
      project.remove();
    }
  });
}, ['sqlite']);

/** The node process running bin/run.js somewhere below `root` (script → shell → node). */
function pmigProcessUnder(root: number): number {
  const table = execFileSync('ps', ['-e', '-o', 'pid=,ppid=,args='], { encoding: 'utf8' })
    .split('\n').map((l) => l.trim().match(/^(\d+)\s+(\d+)\s+(.*)$/)).filter((m): m is RegExpMatchArray => !!m)
    .map((m) => ({ pid: Number(m[1]), ppid: Number(m[2]), args: m[3] }));
  const below = new Set([root]);
  for (let grew = true; grew;) {
    grew = false;
    for (const p of table) if (below.has(p.ppid) && !below.has(p.pid)) (below.add(p.pid), (grew = true));
  }
  const pmig = table.find((p) => below.has(p.pid) && p.pid !== root && p.args.includes(BIN) && p.args.startsWith(process.execPath));
  if (!pmig) throw new Error(`no pmig process under ${root}`);
  return pmig.pid;
}
