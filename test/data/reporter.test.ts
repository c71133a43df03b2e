/** The backfill progress display: one redrawn line on a terminal, plain throttled lines elsewhere. */
import { BackfillReporter } from '../../src/runtime/backfill-reporter';

function output(isTTY: boolean) {
  const writes: string[] = [];
  return { writes, isTTY, write: (text: string) => writes.push(text) };
}

describe('backfill progress', () => {
  it('redraws one line in place on a terminal with rows, rate and ETA', () => {
    let now = 0;
    const out = output(true);
    const reporter = new BackfillReporter({ label: 'Backfill users (abc)', startRows: 0, total: 1_000_000, output: out, clock: () => now });
    now = 10_000;
    reporter.update(250_000);
    now = 10_050; // within the redraw interval: not drawn
    reporter.update(255_000);
    now = 40_000;
    reporter.finish(1_000_000);

    expect(out.writes).toEqual([
      '\rBackfill users (abc): 250,000 / 1,000,000 rows (25%) · 25,000 rows/s · ETA 0:30\x1b[K',
      '\rBackfill users (abc): 1,000,000 / 1,000,000 rows (100%) · 25,000 rows/s · done in 0:40\x1b[K\n',
    ]);
  });

  it('writes plain lines at most every few seconds when not on a terminal, counting a resumed run', () => {
    let now = 0;
    const out = output(false);
    const reporter = new BackfillReporter({ label: 'Backfill t (r)', startRows: 400, total: 1000, output: out, clock: () => now, plainEveryMs: 5000 });
    now = 1000;
    reporter.update(500);
    now = 2000;
    reporter.update(600);
    now = 7000;
    reporter.update(900);
    now = 8000;
    reporter.finish(1000);

    expect(out.writes).toEqual([
      'Backfill t (r): started, resuming after 400 rows, ~1,000 rows in all\n',
      'Backfill t (r): 500 / 1,000 rows (50%) · 100 rows/s · ETA 0:05\n',
      'Backfill t (r): 900 / 1,000 rows (90%) · 71 rows/s · ETA 0:01\n',
      'Backfill t (r): 1,000 / 1,000 rows (100%) · 75 rows/s · done in 0:08\n',
    ]);
  });
});
