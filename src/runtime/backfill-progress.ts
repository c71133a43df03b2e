/**
 * Where an interrupted backfill resumes: `<version table>_backfill` holds, per revision, direction and
 * backfill call (its position in the revision), the last key of the last committed batch and the
 * rows done. The runner advances it inside each batch's transaction, so what it says is exactly what
 * was committed; the migrator deletes a revision's rows in the transaction that records the revision.
 */
import type { Connection } from '../db/types';
import type { Dialect } from '../ddl/types';

export interface BackfillPosition {
  /** Key of the last row of the last committed batch; undefined before the first batch. */
  lastKey?: unknown[];
  rowsDone: number;
  /** The backfill ran to its end (the revision itself may not be recorded yet). */
  done: boolean;
}

export interface BackfillId {
  revision: string;
  direction: 'upgrade' | 'downgrade';
  /** 0 for the revision's first op.backfill call, 1 for the second, ... */
  seq: number;
}

export class BackfillProgressStore {
  readonly table: string;

  constructor(private readonly conn: Connection, private readonly dialect: Dialect, versionTable: string) {
    this.table = `${versionTable}_backfill`;
  }

  async ensure(): Promise<void> {
    const q = (s: string) => this.dialect.quote(s);
    await this.conn.execute(
      `CREATE TABLE IF NOT EXISTS ${q(this.table)} (${q('revision')} VARCHAR(64) NOT NULL, ${q('direction')} VARCHAR(16) NOT NULL, ` +
        `${q('seq')} INTEGER NOT NULL, ${q('table_name')} VARCHAR(255) NOT NULL, ${q('last_key')} TEXT NULL, ` +
        `${q('rows_done')} BIGINT NOT NULL, ${q('done')} INTEGER NOT NULL, ${q('updated_at')} VARCHAR(32) NOT NULL, ` +
        `PRIMARY KEY (${q('revision')}, ${q('direction')}, ${q('seq')}))`,
    );
  }

  /** The saved position of this backfill, recording a fresh one if it has none. */
  async open(id: BackfillId, table: string): Promise<BackfillPosition> {
    const q = (s: string) => this.dialect.quote(s);
    const rows = await this.conn.query<{ table_name: string; last_key: string | null; rows_done: number | string; done: number }>(
      `SELECT ${q('table_name')}, ${q('last_key')}, ${q('rows_done')}, ${q('done')} FROM ${q(this.table)} WHERE ${this.idMatch()}`,
      this.idParams(id),
    );
    if (!rows.length) {
      const p = (i: number) => this.dialect.placeholder(i);
      await this.conn.execute(
        `INSERT INTO ${q(this.table)} (${q('revision')}, ${q('direction')}, ${q('seq')}, ${q('table_name')}, ${q('last_key')}, ${q('rows_done')}, ${q('done')}, ${q('updated_at')}) ` +
          `VALUES (${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}, NULL, 0, 0, ${p(5)})`,
        [id.revision, id.direction, id.seq, table, now()],
      );
      return { rowsDone: 0, done: false };
    }
    const saved = rows[0];
    if (saved.table_name !== table) {
      throw new Error(
        `Backfill #${id.seq + 1} of revision ${id.revision} (${id.direction}) was interrupted while updating "${saved.table_name}", ` +
          `but the revision now backfills "${table}" at that position. If the revision was edited on purpose, delete its rows from ` +
          `${this.table} (WHERE revision = '${id.revision}') and run again.`,
      );
    }
    return {
      ...(saved.last_key === null ? {} : { lastKey: decodeKey(saved.last_key) }),
      rowsDone: Number(saved.rows_done),
      done: Number(saved.done) === 1,
    };
  }

  /** Records a committed batch; call inside the batch's transaction. */
  async advance(id: BackfillId, lastKey: unknown[], rows: number): Promise<void> {
    const q = (s: string) => this.dialect.quote(s);
    const p = (i: number) => this.dialect.placeholder(i);
    await this.conn.execute(
      `UPDATE ${q(this.table)} SET ${q('last_key')} = ${p(1)}, ${q('rows_done')} = ${q('rows_done')} + ${p(2)}, ${q('updated_at')} = ${p(3)} WHERE ${this.idMatch(4)}`,
      [encodeKey(lastKey), rows, now(), ...this.idParams(id)],
    );
  }

  async finish(id: BackfillId): Promise<void> {
    const q = (s: string) => this.dialect.quote(s);
    const p = (i: number) => this.dialect.placeholder(i);
    await this.conn.execute(
      `UPDATE ${q(this.table)} SET ${q('done')} = 1, ${q('updated_at')} = ${p(1)} WHERE ${this.idMatch(2)}`,
      [now(), ...this.idParams(id)],
    );
  }

  /** Forgets every backfill of a revision, once the revision is recorded as applied. */
  async clear(revision: string): Promise<void> {
    const q = (s: string) => this.dialect.quote(s);
    await this.conn.execute(`DELETE FROM ${q(this.table)} WHERE ${q('revision')} = ${this.dialect.placeholder(1)}`, [revision]);
  }

  private idMatch(first = 1): string {
    const q = (s: string) => this.dialect.quote(s);
    const p = (i: number) => this.dialect.placeholder(first + i);
    return `${q('revision')} = ${p(0)} AND ${q('direction')} = ${p(1)} AND ${q('seq')} = ${p(2)}`;
  }

  private idParams(id: BackfillId): unknown[] {
    return [id.revision, id.direction, id.seq];
  }
}

function now(): string {
  return new Date().toISOString();
}

/**
 * Keys as JSON, with the types JSON lacks tagged so that a resumed run binds the same values it read:
 * dates, big integers and bytes.
 */
export function encodeKey(values: unknown[]): string {
  return JSON.stringify(
    values.map((v) => {
      if (v instanceof Date) return { $date: v.toISOString() };
      if (typeof v === 'bigint') return { $bigint: v.toString() };
      if (Buffer.isBuffer(v)) return { $bytes: v.toString('base64') };
      return v;
    }),
  );
}

export function decodeKey(text: string): unknown[] {
  return (JSON.parse(text) as unknown[]).map((v) => {
    if (v && typeof v === 'object') {
      const tagged = v as { $date?: string; $bigint?: string; $bytes?: string };
      if (tagged.$date !== undefined) return new Date(tagged.$date);
      if (tagged.$bigint !== undefined) return BigInt(tagged.$bigint);
      if (tagged.$bytes !== undefined) return Buffer.from(tagged.$bytes, 'base64');
    }
    return v;
  });
}
