'use strict';
/**
 * Python Alembic beside pmig: finds an installed Alembic, creates a project with `alembic init`,
 * and writes revision files as Alembic's own script.py.mako renders them.
 */
const { spawnSync } = require('node:child_process');
const { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { timeCommand } = require('./timing');
const { slugify } = require('./chain');

/**
 * The command that runs Alembic here, or undefined. BENCH_ALEMBIC (e.g. "alembic" or
 * "/usr/bin/python3 -m alembic") wins; otherwise the `alembic` script, then the system Python's
 * module (Debian's python3-alembic ships no script), then whatever python3 is first on PATH.
 * @returns {{ command: string, prefix: string[], version: string } | undefined}
 */
function findAlembic() {
  const candidates = process.env.BENCH_ALEMBIC
    ? [process.env.BENCH_ALEMBIC.split(/\s+/).filter(Boolean)]
    : [['alembic'], ['/usr/bin/python3', '-m', 'alembic'], ['python3', '-m', 'alembic']];
  for (const [command, ...prefix] of candidates) {
    const probe = spawnSync(command, [...prefix, '--version'], { encoding: 'utf8' });
    const version = `${probe.stdout ?? ''}${probe.stderr ?? ''}`.match(/alembic (\S+)/)?.[1];
    if (probe.status === 0 && version) return { command, prefix, version };
  }
  return undefined;
}

class AlembicProject {
  /**
   * Creates the folder with `alembic init alembic`.
   * @param {string} dir
   * @param {{ command: string, prefix: string[] }} alembic from findAlembic()
   */
  constructor(dir, alembic) {
    this.name = 'alembic';
    this.dir = dir;
    this.alembic = alembic;
    this.scriptDir = join(dir, 'alembic');
    this.versionsDir = join(this.scriptDir, 'versions');
    mkdirSync(dir, { recursive: true });
    this.run(['init', 'alembic']);
  }

  /**
   * Runs `alembic <args>` in the project and times it. Alembic reads its database from
   * sqlalchemy.url in alembic.ini, so the URL is written there (see useDatabase).
   * @param {string[]} args
   */
  run(args) {
    return timeCommand({
      command: this.alembic.command,
      args: [...this.alembic.prefix, ...args],
      cwd: this.dir,
      label: `alembic ${args.join(' ')}`,
    });
  }

  /**
   * Points sqlalchemy.url in alembic.ini at the database, as a user configures Alembic.
   * @param {{ sqlalchemyUrl: string }} db a bench database (lib/databases.js)
   */
  useDatabase({ sqlalchemyUrl }) {
    const ini = join(this.dir, 'alembic.ini');
    const text = readFileSync(ini, 'utf8');
    if (!/^sqlalchemy\.url\s*=.*$/m.test(text)) throw new Error(`${ini} has no sqlalchemy.url line`);
    // A % in the URL would be read as ConfigParser interpolation.
    writeFileSync(ini, text.replace(/^sqlalchemy\.url\s*=.*$/m, `sqlalchemy.url = ${sqlalchemyUrl.replace(/%/g, '%%')}`));
  }

  /** Removes the bytecode Python cached for env.py and the revision files: the next run starts cold. */
  clearCache() {
    const clear = (dir) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        if (!entry.isDirectory()) continue;
        if (entry.name === '__pycache__') rmSync(join(dir, entry.name), { recursive: true, force: true });
        else clear(join(dir, entry.name));
      }
    };
    clear(this.scriptDir);
  }

  /**
   * Writes a revision file as Alembic 1.8's script.py.mako renders it.
   * @param {{ revision: string, downRevision: string | null, message: string }} rev
   * @param {{ upgrade: string[], downgrade: string[] }} body Python statements, one per line
   */
  writeRevision(rev, body) {
    const indent = (lines) => (lines.length ? lines : ['pass']).map((l) => `    ${l}`).join('\n');
    const repr = (v) => (v === null ? 'None' : `'${v}'`);
    const text = `"""${rev.message}

Revision ID: ${rev.revision}
Revises: ${rev.downRevision ?? ''}
Create Date: ${new Date().toISOString().replace('T', ' ').replace('Z', '')}

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = ${repr(rev.revision)}
down_revision = ${repr(rev.downRevision)}
branch_labels = None
depends_on = None


def upgrade() -> None:
${indent(body.upgrade)}


def downgrade() -> None:
${indent(body.downgrade)}
`;
    writeFileSync(join(this.versionsDir, `${rev.revision}_${slugify(rev.message)}.py`), text);
  }
}

module.exports = { findAlembic, AlembicProject };
