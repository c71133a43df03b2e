#!/usr/bin/env node
'use strict';
/**
 * pmig against Python Alembic on autogenerate: databases of 50, 200 and 1,000 tables created with
 * Prisma Migrate's DDL (12 columns, a unique, two indexes and a foreign key per table), targets
 * that differ from them by a few percent (added columns, a dropped index, new tables), and
 *
 * - `pmig revision --autogenerate` and `pmig check` (whole CLI runs, start-up included),
 * - `alembic revision --autogenerate` on the same database, with SQLAlchemy models equivalent to
 *   the Prisma schema,
 * - the floor: `node -e 0` plus, in a fresh Node process, connecting and pmig's catalog queries
 *   (dist/introspect, each statement's round trip timed), which any autogenerate must pay,
 *
 * each the median of N runs, with pmig's peak memory. Every run is checked: both tools must write
 * exactly the operations the drift implies, and (unless --no-verify) both must find nothing when
 * the target equals the database.
 *
 * and, to say what limits pmig, the same work phase by phase in one process (lib/autogen-phases.js).
 *
 *   node bench/autogenerate.js [--runs 3] [--sizes 50,200,1000] [--mysql-sizes 200] [--no-mysql]
 *                              [--no-alembic] [--no-verify] [--no-phases] [--keep] [--json]
 *
 * See bench/README.md for what each column means.
 */
const { mkdtempSync, rmSync } = require('node:fs');
const { cpus, loadavg, tmpdir } = require('node:os');
const { join, resolve } = require('node:path');
const { summarize } = require('./lib/timing');
const { findAlembic } = require('./lib/alembic');
const { formatTable, formatSeconds } = require('./lib/table');
const { benchModel, expectedDifferences, renderDdl, renderPrismaSchema, renderSqlalchemyModels } = require('./lib/autogen-fixture');
const { createAutogenDatabase } = require('./lib/autogen-databases');
const { measureCommand, MEMORY_METHOD } = require('./lib/autogen-measure');
const { PmigAutogenProject, AlembicAutogenProject, expectedOperations } = require('./lib/autogen-projects');

const FLOOR_PROBE = resolve(__dirname, 'lib', 'autogen-floor-probe.js');
const PHASES_PROBE = resolve(__dirname, 'lib', 'autogen-phases.js');

/** The issue's targets. */
const TARGETS = { ratioAt1000: 10, floorFactor: 2, memoryMb: 300, linearSlopeFactor: 1.5 };

/** The issue's reference figures for Alembic 1.8 on this machine, seconds. */
const ALEMBIC_REFERENCE = { postgresql: { 50: 0.86, 200: 2.25, 1000: 11.5 }, mysql: { 200: 1.2 } };

const DATABASE_LABELS = { postgresql: 'PostgreSQL', mysql: 'MariaDB' };

function usage(message) {
  if (message) console.error(message);
  console.error('Usage: node bench/autogenerate.js [--runs N] [--sizes 50,200,1000] [--mysql-sizes 200] [--no-alembic] [--no-verify] [--no-phases] [--keep] [--json]');
  process.exit(2);
}

function parseSizes(text, flag) {
  const sizes = text.split(',').map((s) => s.trim()).filter(Boolean).map(Number);
  if (sizes.some((n) => !Number.isInteger(n) || n < 2)) usage(`${flag} takes table counts of at least 2, e.g. 50,200,1000`);
  return sizes;
}

function parseArgs(argv) {
  const options = {
    runs: Number(process.env.BENCH_RUNS || 3),
    sizes: [50, 200, 1000],
    mysqlSizes: [200],
    alembic: true,
    verify: true,
    phases: true,
    keep: false,
    json: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => argv[++i] ?? usage(`${arg} needs a value`);
    if (arg === '--runs') options.runs = Number(value());
    else if (arg === '--sizes') options.sizes = parseSizes(value(), arg);
    else if (arg === '--mysql-sizes') options.mysqlSizes = parseSizes(value(), arg);
    else if (arg === '--no-mysql') options.mysqlSizes = [];
    else if (arg === '--no-alembic') options.alembic = false;
    else if (arg === '--no-verify') options.verify = false;
    else if (arg === '--no-phases') options.phases = false;
    else if (arg === '--keep') options.keep = true;
    else if (arg === '--json') options.json = true;
    else if (arg === '--help' || arg === '-h') usage();
    else usage(`Unknown option ${arg}`);
  }
  if (!Number.isInteger(options.runs) || options.runs < 1) usage('--runs must be a positive integer');
  return options;
}

function progress(line) {
  process.stderr.write(`[bench] ${line}\n`);
}

/** Node's own start-up: the part of every pmig run that pmig cannot make faster. */
function nodeStartup(runs) {
  const samples = [];
  for (let i = 0; i < runs; i++) samples.push(measureCommand({ command: process.execPath, args: ['-e', '0'], cwd: __dirname }).seconds);
  return summarize(samples);
}

/** One floor sample: a fresh Node process that connects and runs pmig's catalog queries. */
function floorSample(db) {
  const run = measureCommand({ command: process.execPath, args: [FLOOR_PROBE, db.url], cwd: __dirname, label: 'floor probe' });
  return JSON.parse(run.stdout.trim().split('\n').pop());
}

/** One breakdown sample: pmig's phases of `check`, in a fresh Node process (lib/autogen-phases.js). */
function phasesSample(schemaFile, db) {
  const run = measureCommand({ command: process.execPath, args: [PHASES_PROBE, schemaFile, db.url], cwd: __dirname, label: 'phases probe' });
  return JSON.parse(run.stdout.trim().split('\n').pop()).phases;
}

/**
 * Sets up one database of `tables` tables and both projects, checks that both tools see no
 * difference without drift (unless told not to), then times everything `runs` times.
 */
async function benchCase(dialect, tables, alembic, options, workDir) {
  const model = benchModel(tables);
  const expected = expectedOperations(expectedDifferences(model));
  const label = `${DATABASE_LABELS[dialect]}, ${tables} tables`;
  progress(`${label}: creating the database`);
  const db = await createAutogenDatabase(dialect, `${dialect}_${tables}`);
  try {
    await db.load(renderDdl(model, dialect));
    const dir = join(workDir, `${dialect}-${tables}`);
    const pmig = new PmigAutogenProject(join(dir, 'pmig'), db);
    const python = alembic && new AlembicAutogenProject(join(dir, 'alembic'), alembic, db);

    if (options.verify) {
      progress(`${label}: checking that both tools find nothing when the target equals the database`);
      pmig.writeTarget(renderPrismaSchema(model, dialect, { withDrift: false }));
      pmig.check({});
      python?.writeTarget(renderSqlalchemyModels(model, dialect, { withDrift: false }));
      await python?.revision({});
    }
    pmig.writeTarget(renderPrismaSchema(model, dialect));
    python?.writeTarget(renderSqlalchemyModels(model, dialect));
    // Untimed first runs: the file system cache and Python's bytecode cache of models.py are warm
    // for every timed run, as on a developer's machine.
    pmig.check(expected.pmig);
    await python?.revision(expected.alembic);

    const samples = { revision: [], check: [], alembic: [], rss: [], floor: [], phases: [] };
    for (let run = 1; run <= options.runs; run++) {
      progress(`${label}: run ${run}/${options.runs}`);
      // The tools alternate within a run, so that a noisy moment on the machine hits all of them.
      const revision = pmig.revision(expected.pmig);
      const check = pmig.check(expected.pmig);
      samples.revision.push(revision.seconds);
      samples.check.push(check.seconds);
      samples.rss.push(revision.peakRssMb, check.peakRssMb);
      if (python) samples.alembic.push((await python.revision(expected.alembic)).seconds);
      samples.floor.push(floorSample(db));
      if (options.phases) samples.phases.push(phasesSample(pmig.schemaFile, db));
    }
    return summarizeCase(dialect, tables, samples);
  } finally {
    await db.drop();
  }
}

function summarizeCase(dialect, tables, samples) {
  const floorOf = (key) => summarize(samples.floor.map((f) => f[key]));
  const queries = samples.floor[0].queries.map((q, i) => ({
    sql: q.sql,
    rows: q.rows,
    seconds: summarize(samples.floor.map((f) => f.queries[i].seconds)).median,
  }));
  const rss = samples.rss.filter((v) => v !== undefined);
  const phaseNames = samples.phases.length ? Object.keys(samples.phases[0]) : [];
  const phases = Object.fromEntries(phaseNames.map((name) => [name, summarize(samples.phases.map((p) => p[name])).median]));
  return {
    dialect,
    tables,
    pmigRevision: summarize(samples.revision),
    pmigCheck: summarize(samples.check),
    alembic: samples.alembic.length ? summarize(samples.alembic) : undefined,
    floor: { connect: floorOf('connectSeconds'), queries: floorOf('querySeconds'), introspect: floorOf('introspectSeconds'), perQuery: queries },
    peakRssMb: rss.length ? Math.max(...rss) : undefined,
    phases,
  };
}

/** Floor = Node start-up + connecting (driver load included) + the catalog queries. */
function withDerived(row, startup) {
  const floor = startup.median + row.floor.connect.median + row.floor.queries.median;
  const pmig = row.pmigRevision.median;
  return {
    ...row,
    floorSeconds: floor,
    ratio: row.alembic ? row.alembic.median / pmig : undefined,
    floorFactor: pmig / floor,
    msPerTable: (pmig * 1000) / row.tables,
    alembicReference: ALEMBIC_REFERENCE[row.dialect]?.[row.tables],
  };
}

/** The issue's targets, judged on the measured rows. */
function judgeTargets(rows) {
  const verdicts = [];
  const pg = rows.filter((r) => r.dialect === 'postgresql').sort((a, b) => a.tables - b.tables);
  const at1000 = pg.find((r) => r.tables === 1000);
  if (at1000?.ratio !== undefined) {
    verdicts.push({ target: `>= ${TARGETS.ratioAt1000}x faster than Alembic at 1,000 tables`, value: `${at1000.ratio.toFixed(1)}x`, met: at1000.ratio >= TARGETS.ratioAt1000 });
  }
  const worstFloor = Math.max(...rows.map((r) => r.floorFactor));
  verdicts.push({ target: `within ${TARGETS.floorFactor}x of the floor (Node start-up + catalog queries)`, value: `worst ${worstFloor.toFixed(2)}x`, met: worstFloor <= TARGETS.floorFactor });
  if (pg.length >= 3) {
    // Marginal cost per table between consecutive sizes: a super-linear step shows as a growing slope.
    const slopes = pg.slice(1).map((r, i) => ((r.pmigRevision.median - pg[i].pmigRevision.median) * 1000) / (r.tables - pg[i].tables));
    const growth = Math.max(...slopes.slice(1).map((s, i) => s / Math.max(slopes[i], 1e-3)));
    verdicts.push({
      target: `time linear in tables (marginal ms/table grows <= ${TARGETS.linearSlopeFactor}x)`,
      value: `marginal ${slopes.map((s) => s.toFixed(2)).join(' -> ')} ms/table`,
      met: growth <= TARGETS.linearSlopeFactor,
    });
  }
  const rss = rows.map((r) => r.peakRssMb).filter((v) => v !== undefined);
  if (rss.length) {
    const peak = Math.max(...rss);
    verdicts.push({ target: `peak memory < ${TARGETS.memoryMb} MB`, value: `${peak.toFixed(0)} MB`, met: peak < TARGETS.memoryMb });
  }
  return verdicts;
}

function report(rows, context, options) {
  const verdicts = judgeTargets(rows);
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ ...context, rows, targets: verdicts }, null, 2)}\n`);
    return;
  }
  const mb = (v) => (v === undefined ? 'n/a' : v.toFixed(0));
  console.log(
    `pmig vs ${context.alembic ? `Alembic ${context.alembic}` : 'Alembic (not run)'}: revision --autogenerate, median of ${context.runs} ` +
      `run${context.runs > 1 ? 's' : ''}, seconds of wall-clock time per CLI run (start-up included)\n` +
      `Node ${context.node}, ${context.cpus} CPUs, load average ${context.loadBefore} at the start and ${context.loadAfter} at the end\n`,
  );
  console.log(
    formatTable(
      ['tables', 'database', 'pmig (s)', 'alembic (s)', 'ratio', 'floor (s)', 'pmig/floor', 'peak RSS (MB)', 'pmig check (s)', 'pmig ms/table', 'alembic ref (s)'],
      rows.map((r) => [
        r.tables,
        DATABASE_LABELS[r.dialect],
        formatSeconds(r.pmigRevision.median),
        formatSeconds(r.alembic?.median),
        r.ratio === undefined ? 'n/a' : `${r.ratio.toFixed(1)}x`,
        formatSeconds(r.floorSeconds),
        `${r.floorFactor.toFixed(2)}x`,
        mb(r.peakRssMb),
        formatSeconds(r.pmigCheck.median),
        r.msPerTable.toFixed(2),
        formatSeconds(r.alembicReference),
      ]),
    ),
  );
  console.log(
    `\nfloor = node -e 0 (${formatSeconds(context.nodeStartup.median)} s) + connect, loading the driver included + pmig's catalog ` +
      'queries (each statement\'s round trip; "introspect" adds the normalisation into a Schema):',
  );
  for (const dialect of new Set(rows.map((r) => r.dialect))) {
    const ofDialect = rows.filter((r) => r.dialect === dialect);
    console.log(
      `\n${formatTable(
        ['tables', 'database', 'connect (s)', 'queries (s)', 'introspect (s)', ...ofDialect[0].floor.perQuery.map((q) => q.sql)],
        ofDialect.map((r) => [
          r.tables,
          DATABASE_LABELS[r.dialect],
          formatSeconds(r.floor.connect.median),
          formatSeconds(r.floor.queries.median),
          formatSeconds(r.floor.introspect.median),
          ...r.floor.perQuery.map((q) => formatSeconds(q.seconds)),
        ]),
      )}`,
    );
  }
  const withPhases = rows.filter((r) => Object.keys(r.phases).length);
  if (withPhases.length) {
    const names = Object.keys(withPhases[0].phases);
    console.log(
      "\nWhere pmig's time goes (seconds, median): its modules phase by phase in one fresh process; 'CLI rest' is " +
        '`pmig check` minus node -e 0 minus those phases (oclif, config, project loading, output):',
    );
    console.log(
      `\n${formatTable(
        ['tables', 'database', 'node -e 0', ...names, 'CLI rest', 'pmig check'],
        withPhases.map((r) => {
          const sum = names.reduce((total, name) => total + r.phases[name], 0);
          return [
            r.tables,
            DATABASE_LABELS[r.dialect],
            formatSeconds(context.nodeStartup.median),
            ...names.map((name) => formatSeconds(r.phases[name])),
            formatSeconds(r.pmigCheck.median - context.nodeStartup.median - sum),
            formatSeconds(r.pmigCheck.median),
          ];
        }),
      )}`,
    );
  }
  console.log(`\nPeak RSS: ${MEMORY_METHOD}, the larger of pmig's revision --autogenerate and check.`);
  console.log('\nTargets:');
  for (const v of verdicts) console.log(`  ${v.met ? 'met ' : 'MISS'}  ${v.target}: ${v.value}`);
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const alembic = options.alembic ? findAlembic() : undefined;
  if (options.alembic && !alembic) {
    progress('Alembic not found (apt-get install python3-alembic python3-psycopg2 python3-pymysql, or set BENCH_ALEMBIC): timing pmig alone.');
  }
  const workDir = mkdtempSync(join(tmpdir(), 'pmig-autogen-bench-'));
  try {
    const loadBefore = loadavg()[0].toFixed(1);
    const startup = nodeStartup(Math.max(options.runs, 5));
    const cases = [...options.sizes.map((n) => ['postgresql', n]), ...options.mysqlSizes.map((n) => ['mysql', n])];
    const rows = [];
    for (const [dialect, tables] of cases) rows.push(withDerived(await benchCase(dialect, tables, alembic, options, workDir), startup));
    const context = {
      alembic: alembic?.version,
      runs: options.runs,
      nodeStartup: startup,
      node: process.version,
      cpus: cpus().length,
      loadBefore,
      loadAfter: loadavg()[0].toFixed(1),
    };
    report(rows, context, options);
  } finally {
    if (options.keep) progress(`Kept ${workDir}`);
    else rmSync(workDir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(`bench failed: ${e.message}`);
  process.exitCode = 1;
});
