/**
 * Runs real Python Alembic (Debian's python3-alembic, 1.8) on a revision graph, to compare pmig's
 * behaviour with it. Reusable: give it a graph and a list of command lines.
 *
 * `runAlembic(graph, commands)` writes the graph as Alembic revision files (with an alembic.ini and
 * an env.py on a SQLite file), runs each command line through Alembic's own command-line entry
 * point in one Python process, and reports per command the "Running …" lines Alembic logged, the
 * version table's rows afterwards (table order) and the error message it failed with, if any.
 * It also reports the order in which Alembic loaded the files, which breaks ties in its ordering.
 *
 * `alembicPython()` finds a Python that can import alembic (PMIG_ALEMBIC_PYTHON, python3,
 * /usr/bin/python3), or null.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { RevisionMeta } from '../../src/script/revision-map';

export interface CommandOutcome {
  /** The command line, e.g. `['upgrade', '--sql', 'base:head']`. */
  argv: string[];
  /** What followed "Running " in each log line: `upgrade  -> aaa1, create users`. */
  steps: string[];
  /** The version table's rows after the command, in table order. */
  heads: string[];
  /** Alembic's error message (what it prints after "FAILED:"), or null. */
  error: string | null;
}

export interface AlembicRun {
  /** Revision ids in the order Alembic loaded them. */
  loadOrder: string[];
  outcomes: CommandOutcome[];
}

const CANDIDATE_PYTHONS = [process.env.PMIG_ALEMBIC_PYTHON, 'python3', '/usr/bin/python3'].filter(
  (candidate): candidate is string => !!candidate,
);

let foundPython: string | null | undefined;

export function alembicPython(): string | null {
  if (foundPython === undefined) {
    const importsAlembic = (python: string) =>
      spawnSync(python, ['-c', 'import alembic'], { stdio: 'ignore' }).status === 0;
    foundPython = CANDIDATE_PYTHONS.find(importsAlembic) ?? null;
  }
  return foundPython;
}

const ENV_PY = `
from alembic import context
from sqlalchemy import engine_from_config, pool

config = context.config
if context.is_offline_mode():
    context.configure(url=config.get_main_option("sqlalchemy.url"), literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()
else:
    engine = engine_from_config(
        config.get_section(config.config_ini_section), prefix="sqlalchemy.", poolclass=pool.NullPool
    )
    with engine.connect() as connection:
        context.configure(connection=connection)
        with context.begin_transaction():
            context.run_migrations()
`;

// Runs every command line through alembic.config.main (the \`alembic\` command itself), collecting
// the "Running ..." log lines and the version table after each.
const DRIVER_PY = `
import contextlib, io, json, logging, os, sqlite3, sys
from alembic.config import Config, main as alembic_main
from alembic.script import ScriptDirectory
from alembic.util import CommandError

workdir, commands_file = sys.argv[1], sys.argv[2]
ini = os.path.join(workdir, "alembic.ini")
database = os.path.join(workdir, "db.sqlite")
steps = []

class CollectSteps(logging.Handler):
    def emit(self, record):
        message = record.getMessage()
        if message.startswith("Running "):
            steps.append(message[len("Running "):])

migration_log = logging.getLogger("alembic.runtime.migration")
migration_log.setLevel(logging.INFO)
migration_log.addHandler(CollectSteps())

def version_rows():
    connection = sqlite3.connect(database)
    try:
        return [row[0] for row in connection.execute("SELECT version_num FROM alembic_version")]
    except sqlite3.OperationalError:
        return []
    finally:
        connection.close()

load_order = [script.revision for script in ScriptDirectory.from_config(Config(ini))._load_revisions()]
outcomes = []
for argv in json.load(open(commands_file)):
    del steps[:]
    error = None
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            alembic_main(argv=["-c", ini, "--raiseerr"] + argv)
    except CommandError as e:
        error = str(e)
    except Exception as e:
        error = "%s: %s" % (type(e).__name__, e)
    outcomes.append({"argv": argv, "steps": list(steps), "heads": version_rows(), "error": error})

print(json.dumps({"loadOrder": load_order, "outcomes": outcomes}))
`;

export function runAlembic(graph: readonly RevisionMeta[], commands: readonly string[][]): AlembicRun {
  const python = alembicPython();
  if (!python) throw new Error('Python Alembic is not installed (apt-get install -y python3-alembic)');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pmig-alembic-'));
  try {
    writeAlembicProject(dir, graph);
    fs.writeFileSync(path.join(dir, 'commands.json'), JSON.stringify(commands));
    fs.writeFileSync(path.join(dir, 'driver.py'), DRIVER_PY);
    const result = spawnSync(python, [path.join(dir, 'driver.py'), dir, path.join(dir, 'commands.json')], {
      encoding: 'utf8',
      // Alembic picks among equal candidates through Python sets: fix the hash seed for repeatable runs.
      env: { ...process.env, PYTHONHASHSEED: '0', PYTHONDONTWRITEBYTECODE: '1' },
    });
    if (result.status !== 0) throw new Error(`alembic driver failed:\n${result.stderr}`);
    return JSON.parse(result.stdout) as AlembicRun;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** An Alembic project in `dir` whose versions/ holds `graph`, on a SQLite file. */
export function writeAlembicProject(dir: string, graph: readonly RevisionMeta[]): void {
  fs.mkdirSync(path.join(dir, 'versions'), { recursive: true });
  fs.writeFileSync(
    path.join(dir, 'alembic.ini'),
    `[alembic]\nscript_location = ${dir}\nsqlalchemy.url = sqlite:///${path.join(dir, 'db.sqlite')}\n`,
  );
  fs.writeFileSync(path.join(dir, 'env.py'), ENV_PY);
  for (const meta of graph) {
    fs.writeFileSync(path.join(dir, 'versions', `${meta.revision}_rev.py`), revisionFile(meta));
  }
}

function revisionFile(meta: RevisionMeta): string {
  return [
    pyString(meta.message ?? ''),
    `revision = ${pyString(meta.revision)}`,
    `down_revision = ${pyIds(meta.downRevision)}`,
    `branch_labels = ${pyIds(meta.branchLabels ?? null)}`,
    `depends_on = ${pyIds(meta.dependsOn ?? null)}`,
    '',
    'def upgrade():',
    '    pass',
    '',
    'def downgrade():',
    '    pass',
    '',
  ].join('\n');
}

/** A JSON string is a valid Python string literal. */
function pyString(value: string): string {
  return JSON.stringify(value);
}

function pyIds(value: string | readonly string[] | null | undefined): string {
  if (value === null || value === undefined || value.length === 0) return 'None';
  if (typeof value === 'string') return pyString(value);
  return `(${value.map(pyString).join(', ')},)`;
}

/**
 * Whether the Alembic comparisons can run. Without Python Alembic a failing test stands in for
 * them in CI, and elsewhere a warning says they were skipped.
 */
export function requireAlembic(what: string): boolean {
  if (alembicPython()) return true;
  if (process.env.CI === 'true') {
    test('Python Alembic is installed (apt-get install -y python3-alembic)', () => {
      throw new Error('python3-alembic is required in CI to compare pmig with Alembic');
    });
  } else {
    // eslint-disable-next-line no-console
    console.warn(`\nSKIPPING ${what}: python3-alembic is not installed`);
  }
  return false;
}
