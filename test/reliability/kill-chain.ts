/**
 * A chain of revisions for the kill tests, and what the database must hold at any point of it.
 * Revision i creates table t_i, inserts rowsOf(i) rows and, every third revision, an index: two or
 * three statements, with short pauses between them so that kills land inside revisions too. After
 * a kill, the version table, the statement journal (MySQL) and the tables must tell the same story.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import type { Connection, DialectName } from '../../src/db/types';
import { BIN, TestProject } from '../helpers/project';

export const revId = (i: number): string => `k${String(i).padStart(11, '0')}`;
export const rowsOf = (i: number): number => (i % 5) + 1;
export const hasIndex = (i: number): boolean => i % 3 === 0;
/** Statements revision i emits: CREATE TABLE, INSERT, and CREATE INDEX every third. */
export const statementsOf = (i: number): number => (hasIndex(i) ? 3 : 2);

export interface ChainOptions {
  /** Milliseconds to wait after each statement (spreads kill points over the run). */
  pauseMs?: number;
  /** Revision that, while the `control` table holds a row 'hold', waits after its INSERT. */
  holdAt?: number;
}

export function writeChain(project: TestProject, dialect: DialectName, count: number, options: ChainOptions = {}): void {
  const pause = options.pauseMs ? `await new Promise((r) => setTimeout(r, ${options.pauseMs}));` : '';
  const label = dialect === 'sqlite' ? '' : ", nativeType: 'VarChar(40)'";
  for (let i = 1; i <= count; i++) {
    const rows = Array.from({ length: rowsOf(i) }, (_, r) => `{ id: ${r + 1}, label: 'row ${r + 1} of t_${i}' }`).join(', ');
    const hold = options.holdAt === i
      ? "if ((await op.query(\"SELECT k FROM control WHERE k = 'hold'\")).length) await new Promise((r) => setTimeout(r, 120000));"
      : '';
    project.writeRevision({
      id: revId(i), down: i === 1 ? null : revId(i - 1), message: `table ${i}`,
      upgrade: [
        `await op.createTable('t_${i}', [{ name: 'id', type: 'Int', primaryKey: true, nullable: false }, { name: 'label', type: 'String'${label}, nullable: false }]);`,
        pause,
        `await op.bulkInsert('t_${i}', [${rows}]);`,
        hold,
        pause,
        hasIndex(i) ? `await op.createIndex('t_${i}_label_idx', 't_${i}', ['label']);` : '',
      ].filter(Boolean).join('\n  '),
      downgrade: `await op.dropTable('t_${i}');`,
    });
  }
}

export interface TableState {
  rows: number;
  index: boolean;
}

/** The chain's tables as the database holds them: t_i → rows and whether its index exists. */
export async function chainTables(conn: Connection, dialect: DialectName): Promise<Map<number, TableState>> {
  const names = dialect === 'sqlite'
    ? await conn.query<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 't\\_%' ESCAPE '\\'")
    : await conn.query<{ name: string }>(
      `SELECT table_name AS name FROM information_schema.tables WHERE table_name LIKE 't\\_%' AND table_schema = ${dialect === 'mysql' ? 'DATABASE()' : 'current_schema()'}`,
    );
  const indexes = new Set(
    (dialect === 'sqlite'
      ? await conn.query<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'index'")
      : dialect === 'mysql'
        ? await conn.query<{ name: string }>('SELECT DISTINCT index_name AS name FROM information_schema.statistics WHERE table_schema = DATABASE()')
        : await conn.query<{ name: string }>('SELECT indexname AS name FROM pg_indexes WHERE schemaname = current_schema()')
    ).map((r) => r.name),
  );
  const state = new Map<number, TableState>();
  for (const { name } of names) {
    const i = Number(name.slice(2));
    const [{ n }] = await conn.query<{ n: number | string }>(`SELECT COUNT(*) AS n FROM ${name}`);
    state.set(i, { rows: Number(n), index: indexes.has(`${name}_label_idx`) });
  }
  return state;
}

export async function versionHeads(conn: Connection): Promise<string[]> {
  return (await conn.query<{ version_num: string }>('SELECT version_num FROM pmig_version')).map((r) => r.version_num);
}

export interface JournalRow {
  revision: string;
  done: number;
  started: number;
}

export async function journalRows(conn: Connection): Promise<JournalRow[]> {
  const rows = await conn.query<{ revision: string; done: number | string; started: number | string }>('SELECT revision, done, started FROM pmig_version_journal');
  return rows.map((r) => ({ revision: r.revision, done: Number(r.done), started: Number(r.started) }));
}

/** Applied revisions as the version table says (the chain is linear: its one head's number). */
export function appliedCount(heads: string[]): number {
  return heads.length ? Number(heads[0].slice(1)) : 0;
}

/**
 * What the tables must be when `applied` revisions are recorded and revision applied + 1 completed
 * `done` statements (MySQL's interrupted revision; 0 elsewhere).
 */
export function expectedTables(applied: number, done = 0): Map<number, TableState> {
  const state = new Map<number, TableState>();
  for (let i = 1; i <= applied; i++) state.set(i, { rows: rowsOf(i), index: hasIndex(i) });
  if (done >= 1) state.set(applied + 1, { rows: done >= 2 ? rowsOf(applied + 1) : 0, index: done >= 3 });
  return state;
}

export interface RunningCli {
  child: ChildProcess;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
}

/** Starts `pmig <args>` in the project without waiting. */
export function startCli(project: TestProject, args: string[]): RunningCli {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: project.dir, env: project.env(), stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((done) =>
    child.on('close', (code, signal) => done({ code, signal, stderr })),
  );
  return { child, exited };
}

/** Polls `probe` every few milliseconds until it returns true or the process ends; true when probe won. */
export async function waitUntil(probe: () => Promise<boolean>, running: RunningCli, timeoutMs = 60_000): Promise<boolean> {
  let ended = false;
  void running.exited.then(() => (ended = true));
  const deadline = Date.now() + timeoutMs;
  while (!ended && Date.now() < deadline) {
    try {
      if (await probe()) return true;
    } catch {
      // The tables may not exist yet.
    }
    await sleep(15);
  }
  return false;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
