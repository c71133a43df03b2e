/**
 * A temp Prisma 7 project that runs the real `prisma generate` (the `prisma` CLI from npm) with
 * both `prisma-client` and pmig's generator, the way a user's project would:
 *
 * - node_modules holds links to the installed packages (prisma, dotenv, @prisma/*) and to this
 *   package as `pmig`, with the `pmig-generator` bin in node_modules/.bin, which is on PATH as
 *   `npx prisma generate` puts it there;
 * - PRISMA_SCHEMA_ENGINE_BINARY points at a stub executable: `prisma generate` insists on
 *   downloading a schema engine it does not use for generating, and this network cannot reach
 *   the download host.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..', '..');
const PRISMA_CLI = join(ROOT, 'node_modules', 'prisma', 'build', 'index.js');
const PMIG_CLI = join(ROOT, 'bin', 'run.js');

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export class PrismaProject {
  readonly dir = mkdtempSync(join(tmpdir(), 'pmig-prisma-'));

  constructor() {
    const modules = join(this.dir, 'node_modules');
    mkdirSync(join(modules, '.bin'), { recursive: true });
    for (const pkg of ['prisma', 'dotenv', '@prisma']) symlinkSync(join(ROOT, 'node_modules', pkg), join(modules, pkg));
    symlinkSync(ROOT, join(modules, 'pmig'));
    symlinkSync(join('..', 'pmig', 'bin', 'generator.js'), join(modules, '.bin', 'pmig-generator'));
    // `npx pmig ...` as the generator prints it runs this package's CLI, as in a user's project.
    symlinkSync(join('..', 'pmig', 'bin', 'run.js'), join(modules, '.bin', 'pmig'));
    const stub = join(this.dir, 'schema-engine-stub');
    writeFileSync(stub, '#!/bin/sh\necho "schema engine stub: not used by prisma generate" >&2\nexit 1\n');
    chmodSync(stub, 0o755);
  }

  write(relPath: string, text: string): void {
    const path = join(this.dir, relPath);
    mkdirSync(resolve(path, '..'), { recursive: true });
    writeFileSync(path, text);
  }

  read(relPath: string): string {
    return readFileSync(join(this.dir, relPath), 'utf8');
  }

  exists(relPath: string): boolean {
    return existsSync(join(this.dir, relPath));
  }

  list(relPath: string): string[] {
    return existsSync(join(this.dir, relPath)) ? readdirSync(join(this.dir, relPath)).sort() : [];
  }

  /** The environment a shell in the project has: DATABASE_URL only when given. */
  private env(extra: Record<string, string>): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PATH: `${join(this.dir, 'node_modules', '.bin')}${delimiter}${process.env.PATH ?? ''}`,
      PRISMA_SCHEMA_ENGINE_BINARY: join(this.dir, 'schema-engine-stub'),
      PMIG_CACHE_DIR: join(this.dir, '.cache'),
      CHECKPOINT_DISABLE: '1',
      PRISMA_HIDE_UPDATE_MESSAGE: '1',
      ...extra,
    };
    if (!('DATABASE_URL' in extra)) delete env.DATABASE_URL;
    return env;
  }

  prismaGenerate(extraEnv: Record<string, string> = {}): RunResult {
    return this.node(PRISMA_CLI, ['generate'], extraEnv);
  }

  pmig(args: string[], extraEnv: Record<string, string> = {}): RunResult {
    return this.node(PMIG_CLI, args, extraEnv);
  }

  /** Runs a command line through the shell, as a user pastes it. */
  shell(command: string, extraEnv: Record<string, string> = {}): RunResult {
    const r = spawnSync('sh', ['-c', command], { cwd: this.dir, env: this.env(extraEnv), encoding: 'utf8', timeout: 120000 });
    return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
  }

  private node(script: string, args: string[], extraEnv: Record<string, string>): RunResult {
    const r = spawnSync(process.execPath, [script, ...args], { cwd: this.dir, env: this.env(extraEnv), encoding: 'utf8', timeout: 120000 });
    return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export function describeRun(r: RunResult): string {
  return `exit ${r.code}\nstdout:\n${r.stdout}\nstderr:\n${r.stderr}`;
}
