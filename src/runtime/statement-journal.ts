/**
 * The statement journal: for a revision that runs outside a transaction (every revision on
 * MySQL/MariaDB, whose DDL commits implicitly; `transactional = false` elsewhere), each statement's
 * completion is recorded as it happens, as Atlas does. `<version table>_journal` holds one row per
 * revision in progress: how many statements completed (`done`), which one was sent last
 * (`started`), a short hash of each completed statement and the text of the last ones. The row is
 * deleted in the transaction that records the revision in the version table.
 *
 * After a kill or a lost connection the row says exactly where the revision stopped; the next run
 * re-runs the revision's function, checks that its first `done` statements are the same ones, skips
 * them, and goes on from there.
 *
 * How a statement and its record stay together:
 * - MariaDB: statement and journal updates travel as one compound statement (BEGIN NOT ATOMIC ...
 *   END). The server finishes it even when the client dies mid-way, so `done` is exact. A DML
 *   statement and its record also commit together (START TRANSACTION inside the block).
 * - elsewhere: `started` is recorded first, then statement and `done` in one transaction where the
 *   statement allows it (DML on MySQL; all but CONCURRENTLY and the like on PostgreSQL). A DDL
 *   statement on MySQL that was running when the client died leaves `started = done + 1`: the next
 *   run sends it again and takes "already exists"/"does not exist" answers as proof that it had
 *   taken effect.
 */
import { createHash } from 'node:crypto';
import { ConnectionLostError } from '../db/connection-lost';
import type { Connection } from '../db/types';
import type { Dialect } from '../ddl/types';

export interface InterruptedStep {
  revision: string;
  direction: 'upgrade' | 'downgrade';
  /** Checksum of the revision file that was running. */
  checksum: string | null;
  /** Statements known to have completed. */
  done: number;
  /** The last statement sent: `done + 1` when it was running as the run died (it may have completed). */
  started: number;
  /** A short hash of each completed statement, in order. */
  hashes: string[];
  /** Statement number `done` (shortened), or null before the first completed. */
  lastStatement: string | null;
  /** Statement number `started` when it is `done + 1` (shortened). */
  runningStatement: string | null;
  updatedAt: string;
}

/** Statement texts kept for messages are shortened to this many characters. */
const SHOWN_CHARS = 1000;

export function statementHash(sql: string, params?: unknown[]): string {
  const h = createHash('sha256').update(sql);
  if (params?.length) h.update(`\u0000${JSON.stringify(params, (_k, v) => (typeof v === 'bigint' ? v.toString() : v))}`);
  return h.digest('hex').slice(0, 16);
}

/** Which operation a statement came from: the op's hash, and the statement's place among the op's statements. */
export interface OpPlace {
  key: string;
  position: number;
  count: number;
}

/** A short hash of an operation's arguments: the same `op` call in the same revision gives the same key. */
export function opKey(op: unknown): string {
  const json = JSON.stringify(op, (_k, v) => (typeof v === 'bigint' ? v.toString() : v));
  return createHash('sha256').update(json).digest('hex').slice(0, 8);
}

/** A journal entry: the statement's hash, then (when known) its operation's key, its place and the op's statement count. */
function journalEntry(statement: string, place: OpPlace | undefined): string {
  return place ? `${statement}.${place.key}.${place.position}.${place.count}` : statement;
}

function statementOf(entry: string | undefined): string | undefined {
  return entry?.split('.')[0];
}

export function shortStatement(sql: string): string {
  const flat = sql.replace(/\s+/g, ' ').trim();
  return flat.length > SHOWN_CHARS ? `${flat.slice(0, SHOWN_CHARS - 3)}...` : flat;
}

/** Raised when an interrupted revision now emits other statements than the ones it completed. */
export class JournalMismatchError extends Error {}

export class StatementJournal {
  readonly table: string;
  private compound: boolean | undefined;

  constructor(private readonly conn: Connection, private readonly dialect: Dialect, versionTable: string) {
    this.table = `${versionTable}_journal`;
  }

  private q(identifier: string): string {
    return this.dialect.quote(identifier);
  }

  private p(index: number): string {
    return this.dialect.placeholder(index);
  }

  createSql(): string {
    const q = (s: string) => this.q(s);
    return (
      `CREATE TABLE IF NOT EXISTS ${q(this.table)} (${q('revision')} VARCHAR(64) NOT NULL, ${q('direction')} VARCHAR(16) NOT NULL, ` +
      `${q('checksum')} VARCHAR(64) NULL, ${q('started')} INTEGER NOT NULL, ${q('done')} INTEGER NOT NULL, ${q('hashes')} TEXT NOT NULL, ` +
      `${q('done_statement')} TEXT NULL, ${q('started_statement')} TEXT NULL, ${q('updated_at')} VARCHAR(32) NOT NULL, ` +
      `PRIMARY KEY (${q('revision')}, ${q('direction')}))`
    );
  }

  async ensure(): Promise<void> {
    await this.conn.execute(this.createSql());
  }

  private async exists(): Promise<boolean> {
    const rows = this.conn.dialect === 'postgresql'
      ? await this.conn.query('SELECT 1 FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = $1', [this.table])
      : this.conn.dialect === 'mysql'
        ? await this.conn.query('SELECT 1 FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = ?', [this.table])
        : await this.conn.query("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [this.table]);
    return rows.length > 0;
  }

  /** Every revision in progress (normally none, at most one per run that died). */
  async all(): Promise<InterruptedStep[]> {
    if (!(await this.exists())) return [];
    const q = (s: string) => this.q(s);
    const rows = await this.conn.query<Record<string, unknown>>(
      `SELECT ${['revision', 'direction', 'checksum', 'started', 'done', 'hashes', 'done_statement', 'started_statement', 'updated_at'].map(q).join(', ')} ` +
        `FROM ${q(this.table)} ORDER BY ${q('updated_at')}`,
    );
    return rows.map((r) => {
      const done = Number(r.done);
      const started = Number(r.started);
      return {
        revision: String(r.revision),
        direction: r.direction === 'downgrade' ? 'downgrade' : 'upgrade',
        checksum: r.checksum === null ? null : String(r.checksum),
        done,
        started,
        hashes: String(r.hashes ?? '').split(' ').filter(Boolean),
        lastStatement: r.done_statement === null || r.done_statement === undefined ? null : String(r.done_statement),
        runningStatement: started > done && r.started_statement !== null && r.started_statement !== undefined ? String(r.started_statement) : null,
        updatedAt: String(r.updated_at),
      };
    });
  }

  /** Starts the record of a revision (a resumed one keeps its row). */
  async open(revision: string, direction: string, checksum: string | null): Promise<void> {
    const q = (s: string) => this.q(s);
    const p = (i: number) => this.p(i);
    await this.conn.execute(
      `INSERT INTO ${q(this.table)} (${q('revision')}, ${q('direction')}, ${q('checksum')}, ${q('started')}, ${q('done')}, ${q('hashes')}, ${q('updated_at')}) ` +
        `VALUES (${p(1)}, ${p(2)}, ${p(3)}, 0, 0, '', ${p(4)})`,
      [revision, direction, checksum, now()],
    );
  }

  /** The statement that forgets a revision's record; run in the transaction that records the revision. */
  clearSql(revision: string, direction: string): string {
    const lit = (v: string) => this.dialect.literal(v);
    return `DELETE FROM ${this.q(this.table)} WHERE ${this.q('revision')} = ${lit(revision)} AND ${this.q('direction')} = ${lit(direction)}`;
  }

  /** Forgets every record (stamp: the user says by hand where the database is). */
  async clearAll(): Promise<InterruptedStep[]> {
    const all = await this.all();
    if (all.length) await this.conn.execute(`DELETE FROM ${this.q(this.table)}`);
    return all;
  }

  /** Runs statement number `index` of a revision and records its completion with it. */
  async run(revision: string, direction: string, index: number, sql: string, params: unknown[] | undefined, hash: string): Promise<void> {
    try {
      if (await this.useCompound()) await this.runCompound(revision, direction, index, sql, params, hash);
      else await this.runSeparately(revision, direction, index, sql, params, hash);
    } catch (e) {
      // The server answered with an error: the statement did not take effect (a DDL statement fails
      // whole; a DML one was inside the transaction), so nothing is uncertain about it.
      // Not so when the statement was cancelled or the connection lost: it may have completed.
      await this.conn.rollback().catch(() => undefined);
      if (!mayHaveCompleted(e)) await this.conn.execute(...this.updateSql({ revision, direction, started: index - 1 })).catch(() => undefined);
      throw e;
    }
  }

  /** Records statement `index` as completed without running it (it had taken effect before an interruption). */
  async markDone(revision: string, direction: string, index: number, sql: string, hash: string): Promise<void> {
    await this.conn.execute(...this.updateSql({ revision, direction, done: index, hash, text: sql }));
  }

  /** MariaDB runs a compound statement outside a stored program (10.1 and later); MySQL does not. */
  private async useCompound(): Promise<boolean> {
    if (this.compound === undefined) {
      this.compound = false;
      if (this.conn.dialect === 'mysql') {
        const [row] = await this.conn.query<{ v: string }>('SELECT VERSION() AS v');
        const m = /^(\d+)\.(\d+).*mariadb/i.exec(String(row?.v ?? ''));
        this.compound = !!m && (Number(m[1]) > 10 || (Number(m[1]) === 10 && Number(m[2]) >= 1));
      }
    }
    return this.compound;
  }

  private async runCompound(revision: string, direction: string, index: number, sql: string, params: unknown[] | undefined, hash: string): Promise<void> {
    const q = (s: string) => this.q(s);
    const t = q(this.table);
    const where = `${q('revision')} = pmig_rev AND ${q('direction')} = pmig_dir`;
    // The journal's values go first, as local variables (typed, so that they compare in the
    // database's collation), so that the statement's own `?` placeholders are the only ones after
    // them (mysql2 fills placeholders in order).
    const block =
      'BEGIN NOT ATOMIC ' +
      'DECLARE pmig_rev VARCHAR(64) DEFAULT ?; DECLARE pmig_dir VARCHAR(16) DEFAULT ?; DECLARE pmig_n INTEGER DEFAULT ?; ' +
      'DECLARE pmig_hash VARCHAR(64) DEFAULT ?; DECLARE pmig_text TEXT DEFAULT ?; DECLARE pmig_at VARCHAR(32) DEFAULT ?; ' +
      `UPDATE ${t} SET ${q('started')} = pmig_n, ${q('started_statement')} = pmig_text, ${q('updated_at')} = pmig_at WHERE ${where}; ` +
      'START TRANSACTION; ' +
      `${sql.replace(/[\s;]+$/, '')}; ` +
      `UPDATE ${t} SET ${q('done')} = pmig_n, ${q('hashes')} = TRIM(CONCAT(${q('hashes')}, ' ', pmig_hash)), ` +
      `${q('done_statement')} = pmig_text, ${q('updated_at')} = pmig_at WHERE ${where}; ` +
      'COMMIT; ' +
      'END';
    try {
      await this.conn.execute(block, [revision, direction, index, hash, shortStatement(sql), now(), ...(params ?? [])]);
    } catch (e) {
      // A statement a stored program cannot hold (ER_SP_BADSTATEMENT, ER_COMMIT_NOT_ALLOWED_IN_SF_OR_TRG)
      // runs the other way.
      const errno = (e as { errno?: number }).errno;
      if (errno !== 1314 && errno !== 1422) throw e;
      await this.conn.rollback().catch(() => undefined);
      await this.runSeparately(revision, direction, index, sql, params, hash);
    }
  }

  private async runSeparately(revision: string, direction: string, index: number, sql: string, params: unknown[] | undefined, hash: string): Promise<void> {
    await this.conn.execute(...this.updateSql({ revision, direction, started: index, text: sql }));
    const done = this.updateSql({ revision, direction, done: index, hash, text: sql });
    await this.conn.begin();
    try {
      await this.conn.execute(sql, params);
    } catch (e) {
      if (!cannotRunInTransaction(e)) throw e;
      // CREATE INDEX CONCURRENTLY and the like: on their own, then the record.
      await this.conn.rollback();
      await this.conn.execute(sql, params);
      await this.conn.execute(...done);
      return;
    }
    await this.conn.execute(...done);
    await this.conn.commit();
  }

  private updateSql(change: { revision: string; direction: string; started?: number; done?: number; hash?: string; text?: string }): [string, unknown[]] {
    const q = (s: string) => this.q(s);
    const sets: string[] = [];
    const params: unknown[] = [];
    const set = (column: string, value: unknown) => {
      params.push(value);
      sets.push(`${q(column)} = ${this.p(params.length)}`);
    };
    if (change.done !== undefined) {
      set('done', change.done);
      set('started', change.done);
      set('done_statement', change.text === undefined ? null : shortStatement(change.text));
      params.push(` ${change.hash}`);
      const concat = this.dialect.name === 'mysql' ? `CONCAT(${q('hashes')}, ${this.p(params.length)})` : `${q('hashes')} || ${this.p(params.length)}`;
      sets.push(`${q('hashes')} = TRIM(${concat})`);
    } else if (change.started !== undefined) {
      set('started', change.started);
      if (change.text !== undefined) set('started_statement', shortStatement(change.text));
    }
    set('updated_at', now());
    params.push(change.revision, change.direction);
    const where = `${q('revision')} = ${this.p(params.length - 1)} AND ${q('direction')} = ${this.p(params.length)}`;
    return [`UPDATE ${q(this.table)} SET ${sets.join(', ')} WHERE ${where}`, params];
  }
}

/**
 * One revision's statements as they are emitted: skips (after checking them) those an interrupted
 * run completed, sends the rest through the journal.
 */
export class JournaledRevision {
  /** Statements emitted so far by the revision's function in this run. */
  private emitted = 0;
  private opened: boolean;

  constructor(
    private readonly journal: StatementJournal,
    readonly revision: string,
    readonly direction: 'upgrade' | 'downgrade',
    private readonly checksum: string | null,
    readonly resume: InterruptedStep | undefined,
    private readonly log: (line: string) => void,
  ) {
    this.opened = !!resume;
  }

  /** Statements of this revision completed in all, this run and any interrupted one. */
  get completed(): number {
    return this.done;
  }

  private done = 0;

  /** True when a journal row exists for this revision (it must be cleared when the revision is recorded). */
  get recorded(): boolean {
    return this.opened;
  }

  /**
   * On resume: an operation all of whose statements the interrupted run completed is skipped
   * without rendering it again. Its SQL may depend on the live table (MySQL's MODIFY COLUMN, an
   * index a foreign key needs), which that operation has already changed.
   */
  skipCompletedOp(key: string): boolean {
    const resume = this.resume;
    const entry = resume?.hashes[this.emitted];
    if (!resume || !entry) return false;
    const [, recordedKey, position, count] = entry.split('.');
    const n = Number(count);
    if (recordedKey !== key || position !== '1' || !(n > 0) || this.emitted + n > resume.done) return false;
    this.emitted += n;
    this.done = this.emitted;
    return true;
  }

  /** Returns false when the statement was skipped (an interrupted run had completed it). */
  async execute(sql: string, params: unknown[] | undefined, place?: OpPlace): Promise<boolean> {
    const index = ++this.emitted;
    const statement = statementHash(sql, params);
    const hash = journalEntry(statement, place);
    const resume = this.resume;
    if (resume && index <= resume.done) {
      if (statementOf(resume.hashes[index - 1]) !== statement) {
        throw new JournalMismatchError(
          `Revision ${this.revision} was interrupted after statement ${resume.done} of its ${this.direction}, but statement ${index} it emits now ` +
            `is not the one that ran then:\n    now: ${shortStatement(sql)}\n` +
            `${index === resume.done && resume.lastStatement ? `    then: ${resume.lastStatement}\n` : ''}` +
            `  pmig cannot tell which of its statements the database holds. Restore the revision file as it was when it ran ` +
            `(checksum ${resume.checksum ?? 'unknown'}) and run again; or finish or undo its first ${resume.done} statement(s) by hand, ` +
            'then record where the database is with `pmig stamp <revision>` (which clears this record).',
        );
      }
      this.done = index;
      return false;
    }
    if (!this.opened) {
      await this.journal.open(this.revision, this.direction, this.checksum);
      this.opened = true;
    }
    if (resume && index === resume.started && resume.started > resume.done) {
      try {
        await this.journal.run(this.revision, this.direction, index, sql, params, hash);
      } catch (e) {
        if (!tookEffectBefore(e, sql)) throw e;
        this.log(
          `  statement ${index} of ${this.revision} was running when the earlier run was interrupted, and the database says it had taken effect ` +
            `(${(e as Error).message}); recorded as done.`,
        );
        await this.journal.markDone(this.revision, this.direction, index, sql, hash);
      }
      this.done = index;
      return true;
    }
    await this.journal.run(this.revision, this.direction, index, sql, params, hash);
    this.done = index;
    return true;
  }

  /** After the revision's function returned: it must have emitted at least the statements skipped. */
  finish(): void {
    if (this.resume && this.emitted < this.resume.done) {
      throw new JournalMismatchError(
        `Revision ${this.revision} was interrupted after statement ${this.resume.done} of its ${this.direction}, but it now emits only ${this.emitted} statement(s). ` +
          'Restore the revision file as it was when it ran, or finish or undo those statements by hand and record where the database is with `pmig stamp <revision>`.',
      );
    }
  }
}

/**
 * The answer a DDL statement gets when run a second time after it had taken effect: the object
 * it creates exists, or the one it drops is gone (MySQL/MariaDB error numbers, PostgreSQL codes);
 * a column renamed already is no longer found under its old name (op.swapColumns is three renames).
 */
function tookEffectBefore(e: unknown, sql: string): boolean {
  const err = e as { errno?: number; code?: string };
  if (/\bRENAME\s+COLUMN\b/i.test(sql) && (err.errno === 1054 || err.code === '42703')) return true;
  if (err.errno !== undefined && [1050, 1051, 1060, 1061, 1068, 1091, 1826].includes(err.errno)) return true;
  return err.code !== undefined && ['42P07', '42701', '42710', '42P01', '42704'].includes(err.code);
}

/** Cancelled (KILL QUERY, pg_cancel_backend) or cut off: the statement may have run to its end. */
function mayHaveCompleted(e: unknown): boolean {
  const err = e as { errno?: number; code?: string };
  return e instanceof ConnectionLostError || err.errno === 1317 || err.code === '57014';
}

function cannotRunInTransaction(e: unknown): boolean {
  const err = e as { code?: string; message?: string };
  return err.code === '25001' || /inside a transaction|within a transaction/i.test(err.message ?? '');
}

function now(): string {
  return new Date().toISOString();
}
