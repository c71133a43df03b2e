/**
 * Shows a backfill's progress on stderr: one line redrawn in place on a terminal (rows done, rows/s,
 * ETA), plain lines every few seconds otherwise (CI logs, files).
 */

export interface ProgressOutput {
  write(text: string): unknown;
  isTTY?: boolean;
}

export interface ReporterOptions {
  label: string;
  /** Rows already done by an earlier, interrupted run. */
  startRows: number;
  /** Estimated rows in all (done + left), when known. */
  total?: number;
  output?: ProgressOutput;
  /** Least time between two plain lines (default 5 s). */
  plainEveryMs?: number;
  clock?: () => number;
}

/** A terminal redraw costs more than a batch on small tables: at most this often. */
const REDRAW_EVERY_MS = 100;

export class BackfillReporter {
  private readonly output: ProgressOutput;
  private readonly clock: () => number;
  private readonly started: number;
  private lastShown = -Infinity;
  private rows: number;

  constructor(private readonly options: ReporterOptions) {
    this.output = options.output ?? process.stderr;
    this.clock = options.clock ?? Date.now;
    this.started = this.clock();
    this.rows = options.startRows;
    if (!this.output.isTTY) {
      const resumed = options.startRows ? `, resuming after ${count(options.startRows)} rows` : '';
      this.output.write(`${options.label}: started${resumed}${options.total !== undefined ? `, ~${count(options.total)} rows in all` : ''}\n`);
    }
  }

  update(rowsDone: number): void {
    this.rows = rowsDone;
    const now = this.clock();
    const every = this.output.isTTY ? REDRAW_EVERY_MS : this.options.plainEveryMs ?? 5000;
    if (now - this.lastShown < every) return;
    this.lastShown = now;
    this.show(false);
  }

  finish(rowsDone: number): void {
    this.rows = rowsDone;
    this.show(true);
  }

  /** The progress line, without terminal control characters. */
  line(final: boolean): string {
    const elapsed = Math.max(this.clock() - this.started, 1) / 1000;
    const rate = (this.rows - this.options.startRows) / elapsed;
    const { total } = this.options;
    const parts = [total ? `${count(this.rows)} / ${count(total)} rows (${Math.min(100, Math.floor((this.rows / total) * 100))}%)` : `${count(this.rows)} rows`];
    parts.push(`${count(Math.round(rate))} rows/s`);
    if (final) parts.push(`done in ${duration(elapsed)}`);
    else if (total && rate > 0) parts.push(`ETA ${duration(Math.max(0, total - this.rows) / rate)}`);
    return `${this.options.label}: ${parts.join(' · ')}`;
  }

  private show(final: boolean): void {
    const text = this.line(final);
    // \r and "erase to end of line": redraw in place, leaving no tail of a longer previous line.
    if (this.output.isTTY) this.output.write(`\r${text}\x1b[K${final ? '\n' : ''}`);
    else this.output.write(`${text}\n`);
  }
}

function count(n: number): string {
  return n.toLocaleString('en-US');
}

function duration(seconds: number): string {
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, '0');
  return h ? `${h}:${String(m).padStart(2, '0')}:${rest}` : `${m}:${rest}`;
}
