'use strict';
/**
 * The two projects the autogenerate bench drives, each pointed at the same live database:
 *
 * - pmig: `pmig init` (lib/pmig.js), the target in prisma/schema.prisma, DATABASE_URL;
 * - Alembic: `alembic init` (lib/alembic.js), the target in models.py, imported by env.py as
 *   `target_metadata`; everything else as `alembic init` writes it (Alembic 1.8's defaults, so
 *   column types and server defaults are not compared, as in the issue's reference figures).
 *
 * Both autogenerate against a database with no revisions and no version table (at base = head).
 * pmig only reads the database; Alembic 1.8 creates its empty alembic_version table on the way,
 * which the bench drops after each Alembic run so that every run of either tool sees the same
 * database.
 * Each measured run is checked: the written revision must hold the operations the drift implies.
 */
const { mkdirSync, readFileSync, rmSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { PmigProject, PMIG_BIN } = require('./pmig');
const { AlembicProject } = require('./alembic');
const { measureCommand } = require('./autogen-measure');

const MESSAGE = 'bench';

/** Counts of `key` → occurrences, from a list of keys. */
function tally(keys) {
  const counts = {};
  for (const key of keys) counts[key] = (counts[key] ?? 0) + 1;
  return counts;
}

function sameCounts(actual, expected) {
  const keys = new Set([...Object.keys(actual), ...Object.keys(expected)]);
  return [...keys].every((k) => (actual[k] ?? 0) === (expected[k] ?? 0));
}

function expectCounts(tool, actual, expected, output) {
  if (!sameCounts(actual, expected)) {
    throw new Error(
      `${tool} found ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}:\n${output.trim().split('\n').slice(0, 30).join('\n')}`,
    );
  }
}

class PmigAutogenProject {
  /**
   * @param {string} dir
   * @param {{ url: string }} db
   */
  constructor(dir, db) {
    new PmigProject(dir); // runs `pmig init` in dir
    this.dir = dir;
    this.url = db.url;
    this.schemaFile = join(dir, 'prisma', 'schema.prisma');
    mkdirSync(join(dir, 'prisma'), { recursive: true });
  }

  /** @param {string} prismaSchema */
  writeTarget(prismaSchema) {
    writeFileSync(this.schemaFile, prismaSchema);
  }

  /** Runs `pmig <args>` with extra Node options (e.g. --cpu-prof) before the script. */
  run(args, { okCodes = [0], nodeOptions = [] } = {}) {
    const env = { ...process.env, DATABASE_URL: this.url };
    delete env.PMIG_CACHE_DIR;
    return measureCommand({
      command: process.execPath,
      args: [...nodeOptions, PMIG_BIN, ...args],
      cwd: this.dir,
      env,
      label: `pmig ${args.join(' ')}`,
      okCodes,
    });
  }

  /**
   * `pmig revision --autogenerate`; the written file is removed afterwards so the database stays at
   * head for the next run.
   * @param {Record<string, number>} expected operation kind (as `pmig check` words it) → count
   */
  revision(expected, options = {}) {
    const run = this.run(['revision', '--autogenerate', '-m', MESSAGE], options);
    const written = run.stdout.match(/Generating (\S+\.ts)/)?.[1];
    if (!written) throw new Error(`pmig revision --autogenerate wrote no revision:\n${run.stdout}${run.stderr}`);
    rmSync(written);
    const detected = `${run.stdout}\n${run.stderr}`.split('\n').filter((l) => l.startsWith('Detected ')).map((l) => l.slice('Detected '.length));
    expectCounts('pmig revision --autogenerate', tally(detected.map(pmigKind)), expected, `${run.stdout}${run.stderr}`);
    return run;
  }

  /**
   * `pmig check`: exit 0 and nothing listed when `expected` is empty, else exit 1 with the list.
   * @param {Record<string, number>} expected
   */
  check(expected, options = {}) {
    const clean = Object.keys(expected).length === 0;
    const run = this.run(['check'], { ...options, okCodes: [clean ? 0 : 1] });
    const listed = run.stdout.split('\n').filter((l) => l.startsWith('  - ')).map((l) => l.slice(4));
    expectCounts('pmig check', tally(listed.map(pmigKind)), expected, run.stdout);
    return run;
  }
}

/** "add column "T"."c" (...)" → "add column": the kind of a described operation. */
function pmigKind(description) {
  return description.match(/^(add|drop|alter|rename) (unique index|index|column|table|foreign key|primary key|enum|\w+)/)?.[0] ?? description;
}

class AlembicAutogenProject {
  /**
   * @param {string} dir
   * @param {{ command: string, prefix: string[] }} alembic from findAlembic()
   * @param {{ dialect: string, sqlalchemyUrl: string, load: (statements: string[]) => Promise<void> }} db
   */
  constructor(dir, alembic, db) {
    const project = new AlembicProject(dir, alembic);
    project.useDatabase(db);
    this.db = db;
    this.dir = dir;
    this.alembic = alembic;
    this.modelsFile = join(dir, 'models.py');
    this.useModelsAsTarget(join(project.scriptDir, 'env.py'));
  }

  /** env.py's `target_metadata = None` becomes the metadata of models.py, as the Alembic docs show. */
  useModelsAsTarget(envFile) {
    const text = readFileSync(envFile, 'utf8');
    if (!/^target_metadata = None$/m.test(text)) throw new Error(`${envFile} has no 'target_metadata = None' line`);
    const importModels = [
      'import os',
      'import sys',
      '',
      'sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))',
      'from models import metadata as target_metadata  # noqa: E402',
    ].join('\n');
    writeFileSync(envFile, text.replace(/^target_metadata = None$/m, importModels));
  }

  /** @param {string} modelsPython */
  writeTarget(modelsPython) {
    writeFileSync(this.modelsFile, modelsPython);
  }

  /**
   * `alembic revision --autogenerate`; the written file is removed afterwards (Alembic, too, refuses
   * to autogenerate against a database that is not at head).
   * @param {Record<string, number>} expected `op.<name>` → count in upgrade()
   */
  async revision(expected) {
    const args = ['revision', '--autogenerate', '-m', MESSAGE];
    const run = measureCommand({
      command: this.alembic.command,
      args: [...this.alembic.prefix, ...args],
      cwd: this.dir,
      label: `alembic ${args.join(' ')}`,
    });
    const written = run.stdout.match(/Generating (\S+\.py)/)?.[1];
    if (!written) throw new Error(`alembic revision --autogenerate wrote no revision:\n${run.stdout}${run.stderr}`);
    const text = readFileSync(written, 'utf8');
    rmSync(written);
    const upgrade = text.slice(text.indexOf('def upgrade'), text.indexOf('def downgrade'));
    const ops = [...upgrade.matchAll(/\bop\.(\w+)\(/g)].map((m) => m[1]);
    expectCounts('alembic revision --autogenerate', tally(ops), expected, upgrade);
    const versionTable = this.db.dialect === 'mysql' ? '`alembic_version`' : '"alembic_version"';
    await this.db.load([`DROP TABLE IF EXISTS ${versionTable}`]);
    return run;
  }
}

/**
 * What each tool must report for the model's drift (see autogen-fixture.js): pmig creates a new
 * table with its index and foreign key in one operation; Alembic renders the index apart.
 * @param {{ addColumn: number, dropIndex: number, addTable: number }} differences
 */
function expectedOperations(differences) {
  return {
    pmig: { 'add column': differences.addColumn, 'drop index': differences.dropIndex, 'add table': differences.addTable },
    alembic: {
      add_column: differences.addColumn,
      drop_index: differences.dropIndex,
      create_table: differences.addTable,
      create_index: differences.addTable,
    },
  };
}

module.exports = { PmigAutogenProject, AlembicAutogenProject, expectedOperations };
