'use strict';
/**
 * A pmig project in a temp folder, driven through the CLI as a user drives it: `pmig init`, then
 * revision files in migrations/versions, then commands run as child processes.
 */
const { existsSync, mkdirSync, rmSync, writeFileSync } = require('node:fs');
const { join, resolve } = require('node:path');
const { timeCommand } = require('./timing');
const { slugify } = require('./chain');

const PMIG_BIN = resolve(__dirname, '..', '..', 'bin', 'run.js');
const PMIG_BUILD = resolve(__dirname, '..', '..', 'dist', 'commands', 'index.js');

class PmigProject {
  /**
   * Creates the folder and runs `pmig init` in it. The folder gets an (empty) node_modules, as a
   * real project has, so pmig keeps its cache where it would for a user: node_modules/.cache/pmig.
   * @param {string} dir
   */
  constructor(dir) {
    if (!existsSync(PMIG_BUILD)) throw new Error(`pmig is not built (${PMIG_BUILD} is missing): run npm run build first.`);
    this.name = 'pmig';
    this.dir = dir;
    this.versionsDir = join(dir, 'migrations', 'versions');
    this.cacheDir = join(dir, 'node_modules', '.cache', 'pmig');
    mkdirSync(join(dir, 'node_modules'), { recursive: true });
    this.run(['init']);
  }

  /**
   * The database later runs use, given to pmig as DATABASE_URL as a Prisma user sets it.
   * @param {{ url: string }} db a bench database (lib/databases.js)
   */
  useDatabase(db) {
    this.url = db.url;
  }

  /**
   * Runs `pmig <args>` in the project and times it.
   * @param {string[]} args
   */
  run(args) {
    const env = { ...process.env };
    // The bench measures the cache where pmig puts it by default; an inherited override would move it.
    delete env.PMIG_CACHE_DIR;
    delete env.DATABASE_URL;
    if (this.url) env.DATABASE_URL = this.url;
    return timeCommand({ command: process.execPath, args: [PMIG_BIN, ...args], cwd: this.dir, env, label: `pmig ${args.join(' ')}` });
  }

  /** Forgets compiled revision files and the graph's metadata: the next run starts cold. */
  clearCache() {
    rmSync(this.cacheDir, { recursive: true, force: true });
  }

  /**
   * Writes a revision file as `pmig revision` renders it.
   * @param {{ revision: string, downRevision: string | null, message: string }} rev
   * @param {{ upgrade: string[], downgrade: string[] }} body TypeScript statements, one per line
   */
  writeRevision(rev, body) {
    const indent = (lines) => lines.map((l) => `  ${l}`).join('\n');
    const text = `/**
 * ${rev.message}
 *
 * Revision ID: ${rev.revision}
 * Revises: ${rev.downRevision ?? ''}
 * Create Date: ${new Date().toISOString().replace('T', ' ').replace('Z', '')}
 */
import type { Operations } from 'pmig';

// Revision identifiers, used by pmig.
export const revision = '${rev.revision}';
export const downRevision: string | string[] | null = ${rev.downRevision ? `'${rev.downRevision}'` : 'null'};
export const branchLabels: string[] | null = null;
export const dependsOn: string[] | null = null;

export async function upgrade(op: Operations): Promise<void> {
${indent(body.upgrade)}
}

export async function downgrade(op: Operations): Promise<void> {
${indent(body.downgrade)}
}
`;
    writeFileSync(join(this.versionsDir, `${rev.revision}_${slugify(rev.message)}.ts`), text);
  }
}

module.exports = { PmigProject, PMIG_BIN };
