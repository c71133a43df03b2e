/**
 * The machinery of the bad-input tables (bad-inputs.test.ts, bad-inputs-db.slow.test.ts): each
 * row is a command line run by the real CLI in a fresh project folder, with the files, environment
 * and database state the row names, and the message fragment and exit code a user must get.
 */
import { spawn } from 'node:child_process';
import { appendFileSync, copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { BIN } from '../helpers/project';

/** Every password in the tables: it must never appear in what pmig prints. */
export const SECRET = 'S3cretPw7x';

export interface BadInput {
  /** What is wrong, as the test's name. */
  name: string;
  args: string[];
  /** Files (path relative to the project → content) written over the base project. */
  files?: Record<string, string>;
  env?: Record<string, string>;
  /** Prepares the project folder after the files are written (e.g. sets the version table). */
  setup?: (dir: string) => void | Promise<void>;
  /** The project the row starts from (default 'chain'). */
  base?: BaseProject;
  /** A fragment of what the user reads (stderr + stdout). */
  expect: string | RegExp;
  /** Exit code; default 1. */
  code?: number;
}

/** 'chain': config + three revisions; 'bare': config, empty versions folder; 'empty': nothing at all. */
export type BaseProject = 'chain' | 'bare' | 'empty';

export interface Outcome {
  code: number;
  output: string;
}

export const CONFIG = "export default { versionsDir: 'migrations/versions' };\n";

/** Ids chosen so that `1a2b` starts two of them. */
export const R1 = '1a2b3c4d5e6f';
export const R2 = '1a2b99999999';
export const R3 = 'c0ffee000003';

export interface RevisionText {
  id?: unknown;
  down?: unknown;
  labels?: unknown;
  depends?: unknown;
  message?: string;
  /** Replaces the upgrade/downgrade functions. */
  functions?: string;
  /** Extra top-level code. */
  extra?: string;
}

const lit = (value: unknown) => (value === undefined ? 'null' : JSON.stringify(value));

/** A revision file's text, with any export (mis)typed as the row needs. */
export function revisionText(spec: RevisionText): string {
  const functions =
    spec.functions ??
    `export async function upgrade(op: any): Promise<void> {\n  await op.execute('CREATE TABLE t_${String(spec.id)} (id INTEGER)');\n}\n\n` +
      `export async function downgrade(op: any): Promise<void> {\n  await op.execute('DROP TABLE t_${String(spec.id)}');\n}\n`;
  return (
    `/**\n * ${spec.message ?? 'a revision'}\n */\n` +
    (spec.id === undefined ? '' : `export const revision = ${lit(spec.id)};\n`) +
    `export const downRevision = ${lit(spec.down)};\n` +
    `export const branchLabels = ${lit(spec.labels)};\n` +
    `export const dependsOn = ${lit(spec.depends)};\n` +
    `${spec.extra ?? ''}\n${functions}`
  );
}

export const CHAIN: Record<string, string> = {
  [`migrations/versions/${R1}_create_one.ts`]: revisionText({ id: R1, message: 'create one' }),
  [`migrations/versions/${R2}_create_two.ts`]: revisionText({ id: R2, down: R1, message: 'create two' }),
  [`migrations/versions/${R3}_create_three.ts`]: revisionText({ id: R3, down: R2, message: 'create three' }),
};

function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
}

/** A fresh project folder for `row`. */
export async function projectFor(row: BadInput): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'pmig-bad-'));
  const base = row.base ?? 'chain';
  if (base !== 'empty') {
    writeFiles(dir, { 'pmig.config.ts': CONFIG });
    mkdirSync(join(dir, 'migrations', 'versions'), { recursive: true });
  }
  if (base === 'chain') writeFiles(dir, CHAIN);
  writeFiles(dir, row.files ?? {});
  await row.setup?.(dir);
  return dir;
}

export function runCli(dir: string, args: string[], env: Record<string, string> = {}, timeoutMs = 120000): Promise<Outcome> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: dir,
      env: { ...process.env, DATABASE_URL: 'file:./dev.db', PMIG_CACHE_DIR: join(dir, '.cache'), PMIG_DEBUG: '', CI: process.env.CI ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      done({ code: code ?? (signal ? -1 : -2), output });
    });
  });
}

/** Runs every row (a few at a time: the CLI starts in about half a second) and returns the outcomes by name. */
export async function runAll(rows: readonly BadInput[], parallel = 3): Promise<Map<string, Outcome & { dir: string; ms: number }>> {
  const results = new Map<string, Outcome & { dir: string; ms: number }>();
  let next = 0;
  const worker = async () => {
    while (next < rows.length) {
      const row = rows[next++];
      const dir = await projectFor(row);
      const started = Date.now();
      const outcome = await runCli(dir, row.args, row.env, 60000);
      results.set(row.name, { ...outcome, dir, ms: Date.now() - started });
      // PMIG_BAD_INPUT_TRACE=<file>: each outcome as a JSON line as soon as it is known.
      if (process.env.PMIG_BAD_INPUT_TRACE) {
        appendFileSync(process.env.PMIG_BAD_INPUT_TRACE, `${JSON.stringify({ name: row.name, ms: Date.now() - started, ...outcome, problems: problemsOf(row, outcome) })}\n`);
      }
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  return results;
}

/** What every row must satisfy besides its own fragment and code: no stack trace, no password. */
export function problemsOf(row: BadInput, outcome: Outcome): string[] {
  const problems: string[] = [];
  const want = row.code ?? 1;
  if (outcome.code !== want) problems.push(`exit code ${outcome.code}, expected ${want}`);
  const matches = typeof row.expect === 'string' ? outcome.output.includes(row.expect) : row.expect.test(outcome.output);
  if (!matches) problems.push(`output lacks ${String(row.expect)}`);
  if (/^\s{4}at /m.test(outcome.output)) problems.push('output holds a stack trace');
  if (outcome.output.includes(SECRET)) problems.push('output shows the password');
  return problems;
}

export function removeProjects(results: Map<string, { dir: string }>): void {
  for (const { dir } of results.values()) rmSync(dir, { recursive: true, force: true });
}

/** Copies the SQLite database of `templateDir` into `dir` and sets its version table to `rows`. */
export function sqliteAt(templateDb: string, rows: string[]): (dir: string) => void {
  return (dir) => {
    copyFileSync(templateDb, join(dir, 'dev.db'));
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const Database = require('better-sqlite3') as typeof import('better-sqlite3');
    const db = new Database(join(dir, 'dev.db'));
    try {
      db.exec('DELETE FROM pmig_version');
      const insert = db.prepare('INSERT INTO pmig_version (version_num) VALUES (?)');
      for (const row of rows) insert.run(row);
    } finally {
      db.close();
    }
  };
}
