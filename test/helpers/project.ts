/**
 * A throwaway pmig project in a temp folder, driven through the real CLI (`bin/run.js`, built
 * `dist/`) as a user would: files are written, commands run as child processes.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const BIN = resolve(__dirname, '..', '..', 'bin', 'run.js');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RevisionSpec {
  id: string;
  down?: string | string[] | null;
  message?: string;
  branchLabels?: string[];
  dependsOn?: string[];
  upgrade?: string;
  downgrade?: string;
  /** Extra top-level lines, e.g. `export const transactional = false;`. */
  extra?: string;
}

export class TestProject {
  readonly dir: string;

  constructor(readonly url: string, config = "export default { versionsDir: 'migrations/versions' };\n") {
    this.dir = mkdtempSync(join(tmpdir(), 'pmig-proj-'));
    mkdirSync(join(this.dir, 'migrations', 'versions'), { recursive: true });
    writeFileSync(join(this.dir, 'pmig.config.ts'), config);
  }

  get versionsDir(): string {
    return join(this.dir, 'migrations', 'versions');
  }

  env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
    return { ...process.env, DATABASE_URL: this.url, PMIG_CACHE_DIR: join(this.dir, '.cache'), ...extra };
  }

  /** Runs `pmig <args>` and waits. */
  run(args: string[], extraEnv: Record<string, string> = {}): CliResult {
    const r = spawnSync(process.execPath, [BIN, ...args], { cwd: this.dir, env: this.env(extraEnv), encoding: 'utf8' });
    return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
  }

  /** Runs `pmig <args>` without waiting. */
  start(args: string[]): Promise<CliResult> {
    return new Promise((done) => {
      const child = spawn(process.execPath, [BIN, ...args], { cwd: this.dir, env: this.env() });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => (stdout += d));
      child.stderr.on('data', (d) => (stderr += d));
      child.on('close', (code) => done({ code: code ?? -1, stdout, stderr }));
    });
  }

  /** Like run(), but throws with the output when the command fails. */
  ok(args: string[]): CliResult {
    const r = this.run(args);
    if (r.code !== 0) throw new Error(`pmig ${args.join(' ')} exited ${r.code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`);
    return r;
  }

  /** Writes a revision file directly (the shape `pmig revision` writes). */
  writeRevision(spec: RevisionSpec): string {
    const lit = (v: unknown) => JSON.stringify(v ?? null).replace(/"/g, "'");
    const text = `/**
 * ${spec.message ?? spec.id}
 *
 * Revision ID: ${spec.id}
 * Revises: ${[spec.down ?? []].flat().join(', ')}
 * Create Date: 2026-01-01 00:00:00
 */
import type { Operations } from 'pmig';

export const revision = '${spec.id}';
export const downRevision = ${lit(spec.down)};
export const branchLabels = ${lit(spec.branchLabels)};
export const dependsOn = ${lit(spec.dependsOn)};
${spec.extra ?? ''}
export async function upgrade(op: Operations): Promise<void> {
  ${spec.upgrade ?? ''}
}

export async function downgrade(op: Operations): Promise<void> {
  ${spec.downgrade ?? ''}
}
`;
    const path = join(this.versionsDir, `${spec.id}_${(spec.message ?? 'rev').replace(/\W+/g, '_')}.ts`);
    writeFileSync(path, text);
    return path;
  }

  revisionFiles(): string[] {
    return readdirSync(this.versionsDir).filter((f) => f.endsWith('.ts'));
  }

  read(relPath: string): string {
    return readFileSync(join(this.dir, relPath), 'utf8');
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
