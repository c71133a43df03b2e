#!/usr/bin/env node
'use strict';
/**
 * pmig against Python Alembic on the same chain of trivial revisions (1,000 by default):
 * `upgrade head` from an empty database, `downgrade base`, `current` at head (PostgreSQL and
 * SQLite), and `heads` / `history`, which read only the revision files. Every figure is the median
 * wall-clock time of whole CLI runs, process start-up included, as a user at a shell sees them.
 *
 * pmig caches compiled revision files and the graph's metadata; Python caches bytecode in
 * __pycache__. "warm" rows run with both caches filled (the everyday case and the issue's target);
 * "cold" rows clear both caches before every run.
 *
 *   node bench/runtime.js [--runs 3] [--revisions 1000] [--databases postgresql,sqlite] [--no-cold] [--keep] [--json]
 *
 * See bench/README.md for what each row means.
 */
const { mkdtempSync, rmSync } = require('node:fs');
const { cpus, loadavg, tmpdir } = require('node:os');
const { join } = require('node:path');
const { summarize } = require('./lib/timing');
const { benchDatabase } = require('./lib/databases');
const { revisionChain } = require('./lib/chain');
const { PmigProject } = require('./lib/pmig');
const { AlembicProject, findAlembic } = require('./lib/alembic');
const { formatTable, formatSeconds } = require('./lib/table');

/** The issue's targets: every row at least 1.5x faster than Alembic, `pmig current` under 0.3 s. */
const TARGET_RATIO = 1.5;
const CURRENT_LIMIT_SECONDS = 0.3;

/** The same no-op statement in both tools' revisions, so that both do one round trip per step. */
const TRIVIAL_BODY = {
  pmig: { upgrade: ["await op.execute('SELECT 1');"], downgrade: ["await op.execute('SELECT 1');"] },
  alembic: { upgrade: ["op.execute('SELECT 1')"], downgrade: ["op.execute('SELECT 1')"] },
};

const DATABASE_LABELS = { postgresql: 'PostgreSQL', sqlite: 'SQLite' };
const NO_DATABASE = 'none (files)';

function usage(message) {
  if (message) console.error(message);
  console.error('Usage: node bench/runtime.js [--runs N] [--revisions N] [--databases postgresql,sqlite] [--no-cold] [--keep] [--json]');
  process.exit(2);
}

function parseArgs(argv) {
  const options = {
    runs: Number(process.env.BENCH_RUNS || 3),
    revisions: 1000,
    databases: ['postgresql', 'sqlite'],
    cold: true,
    keep: false,
    json: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => argv[++i] ?? usage(`${arg} needs a value`);
    if (arg === '--runs') options.runs = Number(value());
    else if (arg === '--revisions') options.revisions = Number(value());
    else if (arg === '--databases') options.databases = value().split(',').map((d) => d.trim()).filter(Boolean);
    else if (arg === '--no-cold') options.cold = false;
    else if (arg === '--keep') options.keep = true;
    else if (arg === '--json') options.json = true;
    else if (arg === '--help' || arg === '-h') usage();
    else usage(`Unknown option ${arg}`);
  }
  if (!Number.isInteger(options.runs) || options.runs < 1) usage('--runs must be a positive integer');
  if (!Number.isInteger(options.revisions) || options.revisions < 1) usage('--revisions must be a positive integer');
  for (const d of options.databases) if (!DATABASE_LABELS[d]) usage(`Unknown database '${d}' (postgresql, sqlite)`);
  return options;
}

function progress(line) {
  process.stderr.write(`[bench] ${line}\n`);
}

/** Samples per (operation, database, cache) row and per tool, in the order rows were first seen. */
class Samples {
  constructor() {
    this.rows = new Map();
  }

  add(operation, database, cache, tool, seconds) {
    const key = `${operation}|${database}|${cache}`;
    if (!this.rows.has(key)) this.rows.set(key, { operation, database, cache, seconds: {} });
    const row = this.rows.get(key);
    (row.seconds[tool] ??= []).push(seconds);
  }

  summaries() {
    return [...this.rows.values()].map((row) => ({
      operation: row.operation,
      database: row.database,
      cache: row.cache,
      pmig: row.seconds.pmig && summarize(row.seconds.pmig),
      alembic: row.seconds.alembic && summarize(row.seconds.alembic),
    }));
  }
}

/** Fails the bench when a run did not do the work it was timed for. */
function expectSteps(tool, run, direction, count) {
  const ran = `${run.stdout}\n${run.stderr}`.split('\n').filter((l) => l.includes(`Running ${direction} `)).length;
  if (ran !== count) throw new Error(`${tool.name} ${direction}: expected ${count} steps, the output shows ${ran}`);
}

function expectOutput(tool, run, what, text) {
  if (!run.stdout.includes(text)) throw new Error(`${tool.name} ${what}: expected '${text}' in the output, got:\n${run.stdout.slice(0, 500)}`);
}

/**
 * One sample of the commands that need a database: upgrade head from an empty database, current at
 * head, downgrade base. A cold sample clears the tool's cache before each command.
 */
async function migrationSample(tool, db, chain, cache, samples) {
  const head = chain[chain.length - 1].revision;
  const database = DATABASE_LABELS[db.dialect];
  const timed = (args) => {
    if (cache === 'cold') tool.clearCache();
    return tool.run(args);
  };
  await db.reset();
  const up = timed(['upgrade', 'head']);
  expectSteps(tool, up, 'upgrade', chain.length);
  samples.add('upgrade head', database, cache, tool.name, up.seconds);
  const current = timed(['current']);
  expectOutput(tool, current, 'current', head);
  samples.add('current', database, cache, tool.name, current.seconds);
  const down = timed(['downgrade', 'base']);
  expectSteps(tool, down, 'downgrade', chain.length);
  samples.add('downgrade base', database, cache, tool.name, down.seconds);
}

/** One sample of the commands that read only the revision files. */
function filesSample(tool, chain, cache, samples) {
  const head = chain[chain.length - 1].revision;
  for (const command of ['heads', 'history']) {
    if (cache === 'cold') tool.clearCache();
    const run = tool.run([command]);
    expectOutput(tool, run, command, head);
    if (command === 'history') {
      const lines = run.stdout.split('\n').filter((l) => l.includes('->')).length;
      if (lines !== chain.length) throw new Error(`${tool.name} history: expected ${chain.length} entries, got ${lines}`);
    }
    samples.add(command, NO_DATABASE, cache, tool.name, run.seconds);
  }
}

/** Fills both tools' caches, untimed, so that "warm" samples measure the everyday case. */
function warmUp(tools) {
  for (const tool of tools) tool.run(['heads']);
}

function caches(options) {
  return options.cold ? ['warm', 'cold'] : ['warm'];
}

async function benchDatabaseCommands(tools, dialect, chain, options, workDir, samples) {
  const databases = tools.map((tool) => benchDatabase(dialect, tool.name, workDir));
  try {
    tools.forEach((tool, i) => tool.useDatabase(databases[i]));
    for (const cache of caches(options)) {
      if (cache === 'warm') warmUp(tools);
      for (let run = 1; run <= options.runs; run++) {
        progress(`${DATABASE_LABELS[dialect]}, ${cache} cache: run ${run}/${options.runs}`);
        // Tools alternate within a run, so that a noisy moment on the machine hits both.
        for (let i = 0; i < tools.length; i++) await migrationSample(tools[i], databases[i], chain, cache, samples);
      }
    }
  } finally {
    for (const db of databases) await db.drop();
  }
}

function benchFileCommands(tools, chain, options, samples) {
  for (const cache of caches(options)) {
    if (cache === 'warm') warmUp(tools);
    for (let run = 1; run <= options.runs; run++) {
      progress(`heads/history, ${cache} cache: run ${run}/${options.runs}`);
      for (const tool of tools) filesSample(tool, chain, cache, samples);
    }
  }
}

/** Whether a row meets the issue's targets, and the target text shown beside it. */
function judge(row) {
  const limit = row.operation === 'current';
  const target = `>= ${TARGET_RATIO}x${limit ? `, < ${CURRENT_LIMIT_SECONDS} s` : ''}`;
  const ratio = row.pmig && row.alembic ? row.alembic.median / row.pmig.median : undefined;
  const checks = [];
  if (ratio !== undefined) checks.push(ratio >= TARGET_RATIO);
  if (limit && row.pmig) checks.push(row.pmig.median < CURRENT_LIMIT_SECONDS);
  const met = checks.length ? (checks.every(Boolean) ? 'yes' : 'NO') : 'n/a';
  return { ratio, target, met };
}

function report(summaries, context, options) {
  const judged = summaries.map((row) => ({ ...row, ...judge(row) }));
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ ...context, rows: judged }, null, 2)}\n`);
    return;
  }
  const order = (row) => (row.cache === 'warm' ? 0 : 1);
  const rows = [...judged].sort((a, b) => order(a) - order(b)).map((row) => [
    row.operation,
    row.database,
    row.cache,
    formatSeconds(row.pmig?.median),
    formatSeconds(row.alembic?.median),
    row.ratio === undefined ? 'n/a' : `${row.ratio.toFixed(2)}x`,
    row.target,
    row.met,
  ]);
  console.log(
    `pmig vs ${context.alembic ? `Alembic ${context.alembic}` : 'Alembic (not installed)'}: ${context.revisions} revisions, ` +
      `median of ${context.runs} run${context.runs > 1 ? 's' : ''}, seconds of wall-clock time per CLI run\n` +
      // Other work on the machine inflates every figure; the load says how much to trust them.
      `load average (1 min) at start ${context.loadStart}, at end ${context.loadEnd}, on ${context.cores} cores\n`,
  );
  console.log(formatTable(['operation', 'database', 'cache', 'pmig (s)', 'alembic (s)', 'ratio (alembic/pmig)', 'target', 'met?'], rows));
  console.log(
    '\nwarm: caches filled (pmig: node_modules/.cache/pmig; Python: __pycache__). cold: both cleared before every run.\n' +
      "The issue's reference for Alembic 1.8 on PostgreSQL: upgrade head 1.35 s, downgrade base 1.0 s, current 0.64 s, heads 0.37 s.",
  );
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const alembic = findAlembic();
  if (!alembic) {
    progress('Alembic not found (apt-get install python3-alembic python3-psycopg2, or set BENCH_ALEMBIC): timing pmig alone.');
  }
  const loadStart = loadavg()[0].toFixed(2);
  const workDir = mkdtempSync(join(tmpdir(), 'pmig-bench-'));
  try {
    const chain = revisionChain(options.revisions);
    progress(`Writing ${chain.length} revisions for pmig${alembic ? ' and Alembic' : ''} in ${workDir}`);
    const tools = [new PmigProject(join(workDir, 'pmig'))];
    if (alembic) tools.push(new AlembicProject(join(workDir, 'alembic'), alembic));
    for (const tool of tools) for (const rev of chain) tool.writeRevision(rev, TRIVIAL_BODY[tool.name]);

    const samples = new Samples();
    for (const dialect of options.databases) await benchDatabaseCommands(tools, dialect, chain, options, workDir, samples);
    benchFileCommands(tools, chain, options, samples);
    const context = {
      alembic: alembic?.version, revisions: chain.length, runs: options.runs,
      loadStart, loadEnd: loadavg()[0].toFixed(2), cores: cpus().length,
    };
    report(samples.summaries(), context, options);
  } finally {
    if (options.keep) progress(`Kept ${workDir}`);
    else rmSync(workDir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(`bench failed: ${e.message}`);
  process.exitCode = 1;
});
