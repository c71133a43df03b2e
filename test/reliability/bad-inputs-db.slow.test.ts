/**
 * Bad input that needs a server: wrong credentials, a database or role that does not exist, a
 * server that accepts connections and never answers (a local TCP listener on 127.0.0.1 standing
 * in for a firewall or a wrong port), and version tables that name a revision no file defines or
 * a revision with its own ancestor, on PostgreSQL and MariaDB. Slow (each unanswered connection
 * waits out pmig's connect timeout), so it runs in `npm run test:reliability` only.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { tally } from './tally';
import {
  R1, R2, R3, SECRET, problemsOf, removeProjects, runAll, runCli, projectFor, type BadInput, type Outcome,
} from './bad-inputs';
import { createTestDatabase, MYSQL_ADMIN_URL, PG_ADMIN_URL, unreachableDialects, withDb, type TestDatabase } from '../helpers/databases';
import type { DialectName } from '../../src/db/types';

/** A TCP server that accepts every connection and never sends a byte. */
async function silentServer(): Promise<{ server: Server; port: number; sockets: Socket[] }> {
  const sockets: Socket[] = [];
  const server = createServer((socket) => {
    sockets.push(socket);
    socket.on('error', () => undefined);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  return { server, port: address.port, sockets };
}

const withCredentials = (adminUrl: string, user: string, password: string | null, database: string) => {
  const u = new URL(adminUrl);
  u.username = user;
  u.password = password ?? '';
  u.pathname = `/${database}`;
  return u.toString();
};

let silent: Awaited<ReturnType<typeof silentServer>>;
beforeAll(async () => {
  silent = await silentServer();
});
afterAll(async () => {
  for (const socket of silent.sockets) socket.destroy();
  await new Promise((done) => silent.server.close(done));
});

describe('servers that never answer', () => {
  const rows = (): BadInput[] => [
    { name: 'a mysql:// server that never answers', args: ['current', '--url', `mysql://root:${SECRET}@127.0.0.1:${silent.port}/app`], expect: `no answer from 127.0.0.1:${silent.port} within 10 s` },
    { name: 'a mariadb:// server that never answers (upgrade)', args: ['upgrade', 'head', '--url', `mariadb://root:${SECRET}@127.0.0.1:${silent.port}/app`], expect: `no answer from 127.0.0.1:${silent.port} within 10 s` },
    { name: 'a postgresql:// server that never answers', args: ['current', '--url', `postgresql://app:${SECRET}@127.0.0.1:${silent.port}/app`], expect: `no answer from 127.0.0.1:${silent.port} within 10 s` },
  ];
  let results: Map<string, Outcome & { dir: string; ms?: number }>;
  beforeAll(async () => {
    const started = Date.now();
    results = await runAll(rows(), 3);
    for (const r of results.values()) r.ms = Date.now() - started;
  }, 120000);
  afterAll(() => removeProjects(results));

  test.each([0, 1, 2])('row %i: named host and port, within the connect timeout', (i) => {
    const row = rows()[i];
    const outcome = results.get(row.name)!;
    tally.inputs();
    if (outcome.output.includes(SECRET)) tally.lostOrExposed(`'${row.name}' printed the password`);
    expect(problemsOf(row, outcome)).toEqual([]);
    // Not minutes: the connect timeout (10 s) plus start-up, with room for a loaded machine.
    expect(results.get(row.name)!.ms).toBeLessThan(60000);
  });
});

const unreachable = unreachableDialects();
for (const dialect of ['postgresql', 'mysql'] as DialectName[]) {
  const reason = unreachable.get(dialect);
  const block = reason ? describe.skip : describe;
  block(`bad input against a real server [${dialect}]${reason ? ` (SKIPPED: ${reason})` : ''}`, () => {
    const admin = dialect === 'postgresql' ? PG_ADMIN_URL : MYSQL_ADMIN_URL;
    const databases: TestDatabase[] = [];
    let rows: BadInput[] = [];
    let results: Map<string, Outcome & { dir: string }>;

    /** A database at head whose version table is then set to `versions`. */
    async function databaseAt(versions: string[]): Promise<string> {
      const db = await createTestDatabase(dialect);
      databases.push(db);
      const dir = await projectFor({ name: 'template', args: [], expect: '' });
      const made = await runCli(dir, ['upgrade', 'head', '--url', db.url]);
      if (made.code !== 0) throw new Error(`upgrade head failed: ${made.output}`);
      await withDb(db.url, async (conn) => {
        await conn.execute('DELETE FROM pmig_version');
        for (const v of versions) await conn.execute(`INSERT INTO pmig_version (version_num) VALUES ('${v}')`);
      });
      return db.url;
    }

    beforeAll(async () => {
      const missing = await databaseAt(['feedfeed0001']);
      const ancestor = await databaseAt([R3, R1]);
      const ancestor2 = await databaseAt([R2, R1]);
      rows = [
        dialect === 'postgresql'
          ? { name: 'a role that does not exist', args: ['current', '--url', withCredentials(admin, 'no_such_role_h7', SECRET, 'postgres')], expect: 'role "no_such_role_h7" does not exist' }
          : { name: 'a wrong password', args: ['current', '--url', withCredentials(admin, 'root', SECRET, 'mysql')], expect: "Access denied for user 'root'" },
        { name: 'a database that does not exist', args: ['current', '--url', withCredentials(admin, new URL(admin).username, null, 'no_such_db_h7')], expect: dialect === 'postgresql' ? 'database "no_such_db_h7" does not exist' : "Unknown database 'no_such_db_h7'" },
        { name: 'upgrade into a database that does not exist', args: ['upgrade', 'head', '--url', withCredentials(admin, new URL(admin).username, null, 'no_such_db_h7')], expect: 'no_such_db_h7' },
        { name: 'current at a revision the files lack', args: ['current', '--url', missing], expect: /feedfeed0001 \(no revision file defines it\)[^]*stamp --purge/ },
        { name: 'upgrade from a revision the files lack', args: ['upgrade', 'head', '--url', missing], expect: /which no revision file defines[^]*stamp --purge/ },
        { name: 'downgrade from a revision the files lack', args: ['downgrade', '-1', '--url', missing], expect: 'which no revision file defines' },
        { name: 'current with a revision and its ancestor', args: ['current', '--url', ancestor], expect: `lists both ${R3} and its ancestor ${R1}` },
        { name: 'upgrade with a revision and its ancestor', args: ['upgrade', 'head', '--url', ancestor2], expect: `lists both ${R2} and its ancestor ${R1}` },
        { name: 'downgrade with a revision and its ancestor', args: ['downgrade', '-1', '--url', ancestor], expect: /and its ancestor[^]*stamp --purge/ },
      ];
      results = await runAll(rows, 3);
    }, 300000);

    afterAll(async () => {
      if (results) removeProjects(results);
      for (const db of databases) await db.drop();
    });

    test('each input gets its message and a non-zero exit, no stack and no password', async () => {
      const failures: Record<string, string[]> = {};
      for (const row of rows) {
        const outcome = results.get(row.name)!;
        tally.inputs();
        if (outcome.output.includes(SECRET)) tally.lostOrExposed(`'${row.name}' [${dialect}] printed the password`);
        const problems = problemsOf(row, outcome);
        if (problems.length) failures[row.name] = [...problems, outcome.output];
      }
      expect(failures).toEqual({});
      // Nothing was applied from a version table pmig refused to plan from.
      for (const [url, expected] of [[rows[4].args[3], ['feedfeed0001']], [rows[7].args[3], [R1, R2]]] as const) {
        const versions = await withDb(url, (conn) => conn.query<{ version_num: string }>('SELECT version_num FROM pmig_version ORDER BY version_num'));
        expect(versions.map((v) => v.version_num)).toEqual([...expected].sort());
      }
    });
  });
}
