/**
 * The places where pmig prints or stores a URL, run for one URL form against a real server: each
 * place yields what a user (or anyone reading the database or the disk) would see, and the checks
 * say whether a secret shows and whether the URL is still recognisable (host and database shown).
 *
 * Places: the CLI's connection error for an unreachable port and for a rejected login, `check`'s
 * provider-mismatch error, `current --verbose`, `current --json`, the generator's status line
 * (pmig's `prisma generate` handler, run in-process), the rows of pmig's own tables after an
 * `upgrade`, and every file pmig wrote (project folder and cache).
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN } from '../helpers/project';
import type { Address, UrlForm } from './url-forms';

export interface PlaceOutcome {
  place: string;
  /** Everything the place showed or stored, as text. */
  text: string;
  /** The URL is expected to be shown here (so host and database must appear). */
  showsUrl: boolean;
  /** Why the place did not do what it is for (e.g. a command failed that should have worked). */
  problem?: string;
}

export interface CellServer {
  /** Where the form connects (a user that accepts the form's password). */
  good: Address;
  /** An address whose login the server refuses (wrong password, or a role that does not exist). */
  refused: Address;
  /** SQL that lists the rows of pmig's own tables in the database, as text. */
  pmigRows(): Promise<string>;
}

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function runCli(dir: string, args: string[], url: string): Promise<Run> {
  return new Promise((done) => {
    // PMIG_TEST_BIN: run the table against another build (e.g. an older one, to see it fail).
    const child = spawn(process.execPath, [process.env.PMIG_TEST_BIN ?? BIN, ...args], {
      cwd: dir,
      env: { ...process.env, DATABASE_URL: url, PMIG_CACHE_DIR: join(dir, '.cache'), PMIG_DEBUG: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60000);
    child.on('close', (code) => {
      clearTimeout(timer);
      done({ code: code ?? -1, stdout, stderr });
    });
  });
}

const REVISION = `/**
 * create masked
 *
 * Revision ID: 0a0a0a0a0a01
 * Revises:
 * Create Date: 2026-01-01 00:00:00
 */
export const revision = '0a0a0a0a0a01';
export const downRevision = null;
export const branchLabels = null;
export const dependsOn = null;

export async function upgrade(op: any): Promise<void> {
  await op.execute('CREATE TABLE masked_t (id INTEGER PRIMARY KEY)');
}

export async function downgrade(op: any): Promise<void> {
  await op.execute('DROP TABLE masked_t');
}
`;

/** A project whose schema.prisma names another provider than the database: `check` must refuse. */
function makeProject(): string {
  const dir = mkdtempSync(join(tmpdir(), 'pmig-mask-'));
  mkdirSync(join(dir, 'migrations', 'versions'), { recursive: true });
  mkdirSync(join(dir, 'prisma'));
  writeFileSync(join(dir, 'pmig.config.ts'), "export default { versionsDir: 'migrations/versions' };\n");
  writeFileSync(join(dir, 'migrations', 'versions', '0a0a0a0a0a01_create_masked.ts'), REVISION);
  writeFileSync(join(dir, 'prisma', 'schema.prisma'), 'datasource db {\n  provider = "sqlite"\n}\n\nmodel M {\n  id Int @id\n}\n');
  return dir;
}

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...filesUnder(path));
    else if (entry.isFile()) out.push(path);
  }
  return out;
}

function both(r: Run): string {
  return `${r.stdout}\n${r.stderr}`;
}

/**
 * pmig's generator handler, in this process, as `prisma generate` calls it; returns the line it
 * printed. The URL comes from DATABASE_URL, as in a user's shell.
 */
async function generatorLine(dir: string, url: string, provider: string): Promise<string> {
  // The built handler, as `prisma generate` runs it (and without compiling the sources here).
  const { onGenerate } = (await import('../../dist/generator/handler')) as typeof import('../../src/generator/handler');
  const { resetCacheDir } = (await import('../../dist/script/cache')) as typeof import('../../src/script/cache');
  const saved = { url: process.env.DATABASE_URL, cache: process.env.PMIG_CACHE_DIR };
  process.env.DATABASE_URL = url;
  process.env.PMIG_CACHE_DIR = join(dir, '.cache');
  resetCacheDir();
  let printed = '';
  const write = process.stdout.write;
  process.stdout.write = ((chunk: string | Uint8Array) => {
    printed += String(chunk);
    return true;
  }) as typeof process.stdout.write;
  try {
    const datamodel = `datasource db {\n  provider = "${provider}"\n}\n\nmodel M {\n  id Int @id\n}\n`;
    const schemaPath = join(dir, 'prisma', 'generator.prisma');
    await onGenerate(
      {
        generator: { name: 'pmig', provider: { value: 'pmig-generator', fromEnvVar: null }, output: { value: join(dir, 'migrations'), fromEnvVar: null }, config: { timeout: '10' }, binaryTargets: [], previewFeatures: [], sourceFilePath: schemaPath },
        schemaPath,
        datamodel,
      } as unknown as Parameters<typeof onGenerate>[0],
      dir,
    );
  } catch (e) {
    printed += `\n(threw) ${(e as Error).message}`;
  } finally {
    process.stdout.write = write;
    process.env.DATABASE_URL = saved.url;
    if (saved.cache === undefined) delete process.env.PMIG_CACHE_DIR;
    else process.env.PMIG_CACHE_DIR = saved.cache;
    resetCacheDir();
  }
  return printed;
}

/** Runs every place for one form; the project folder is removed afterwards. */
export async function runPlaces(form: UrlForm, server: CellServer): Promise<PlaceOutcome[]> {
  const dir = makeProject();
  const url = form.url(server.good);
  const unreachable = form.url({ ...server.good, port: 1 });
  const refused = form.url(server.refused);
  const outcomes: PlaceOutcome[] = [];
  const expectOk = (r: Run, what: string) => (form.connects && r.code !== 0 ? `${what} exited ${r.code}: ${both(r)}` : undefined);
  try {
    const [down, denied] = await Promise.all([runCli(dir, ['current'], unreachable), runCli(dir, ['current'], refused)]);
    outcomes.push({
      place: 'connection error (unreachable port)', text: both(down), showsUrl: true,
      problem: down.code === 0 ? 'succeeded' : undefined,
    });
    outcomes.push({
      place: 'connection error (login refused)', text: both(denied), showsUrl: true,
      problem: denied.code === 0 ? 'succeeded' : undefined,
    });

    const [check, verbose] = await Promise.all([runCli(dir, ['check'], url), runCli(dir, ['current', '--verbose'], url)]);
    outcomes.push({
      place: "check's provider mismatch", text: both(check), showsUrl: true,
      problem: check.code === 0 ? 'succeeded' : form.connects && !/provider/.test(check.stderr) ? `no provider mismatch: ${both(check)}` : undefined,
    });
    outcomes.push({ place: 'current --verbose', text: both(verbose), showsUrl: true, problem: expectOk(verbose, 'current --verbose') });

    const json = await runCli(dir, ['current', '--json'], url);
    let jsonProblem = expectOk(json, 'current --json');
    if (!jsonProblem && form.connects) {
      try {
        const parsed = JSON.parse(json.stdout) as { url?: string };
        if (typeof parsed.url !== 'string') jsonProblem = `no url in ${json.stdout}`;
      } catch {
        jsonProblem = `not JSON: ${json.stdout}`;
      }
    }
    outcomes.push({ place: 'current --json', text: both(json), showsUrl: true, problem: jsonProblem });

    outcomes.push({ place: "generator's status line", text: await generatorLine(dir, url, form.dialect), showsUrl: true });

    const up = await runCli(dir, ['upgrade', 'head', '--yes'], url);
    const rows = form.connects && up.code === 0 ? await server.pmigRows() : '';
    outcomes.push({
      place: 'rows of pmig_version / pmig_version_log', text: `${both(up)}\n${rows}`, showsUrl: false,
      problem: expectOk(up, 'upgrade head') ?? (form.connects && !rows.includes('0a0a0a0a0a01') ? `no log rows: ${rows}` : undefined),
    });

    const files = filesUnder(dir).filter((f) => statSync(f).size < 5_000_000);
    outcomes.push({
      place: `files pmig wrote (${files.length})`, showsUrl: false,
      text: files.map((f) => `${f}:\n${readFileSync(f, 'utf8')}`).join('\n'),
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return outcomes;
}

/** What is wrong with one place's outcome: a secret shown, the URL not recognisable, or the place not reached. */
export function cellProblems(form: UrlForm, outcome: PlaceOutcome, at: Address): string[] {
  const problems: string[] = [];
  const leaked = form.secrets.find((s) => outcome.text.includes(s));
  if (leaked) problems.push(`EXPOSED '${leaked}'`);
  if (outcome.problem) problems.push(outcome.problem);
  if (outcome.showsUrl && !(outcome.text.includes(at.host) && outcome.text.includes(at.database))) {
    problems.push(`the URL is not recognisable (host ${at.host} and database ${at.database} should show): ${outcome.text.slice(0, 400)}`);
  }
  return problems;
}
