/**
 * A signal that arrives while no revision is running (start-up, a read-only command waiting on the
 * network) stops pmig at once with a sentence and the signal's exit code, never silently (found by
 * trying pmig on real projects: Ctrl-C during start-up exited 130 with no word).
 */
import { createServer, type Server, type Socket } from 'node:net';
import { TestProject } from '../helpers/project';
import { CliProcess } from './cli-process';
import { tally } from './tally';

describe('a signal while no revision runs', () => {
  let server: Server;
  let port: number;
  const sockets: Socket[] = [];
  let connected: (() => void) | undefined;
  let project: TestProject;

  beforeAll(async () => {
    // A "database" on this machine that accepts connections and never answers: pmig waits for it.
    server = createServer((socket) => {
      sockets.push(socket);
      connected?.();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as { port: number }).port;
    project = new TestProject(`mysql://root:s3cret@127.0.0.1:${port}/app`);
  });
  afterAll(async () => {
    for (const s of sockets) s.destroy();
    await new Promise((r) => server.close(r));
    project.remove();
  });

  for (const [name, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
    it(`${name} while current waits for the server: a sentence, exit ${code}`, async () => {
      const reached = new Promise<void>((r) => (connected = r));
      const cli = new CliProcess(project, ['current']);
      await reached;
      cli.kill(name);
      tally.fault();
      const ended = await cli.ended;
      expect(ended.stderr).toContain(`Stopped (${name}) while no revision was running`);
      expect(ended.code).toBe(code);
      expect(ended.stderr + ended.stdout).not.toContain('s3cret');
    });
  }
});
