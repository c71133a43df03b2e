/**
 * Plays Alembic command lines (`upgrade`, `downgrade`, `stamp`, with `--sql` and `--purge`) with
 * pmig's planner and HeadMaintainer, reporting the same outcome shape as `runAlembic`, so the two
 * can be compared command by command.
 */
import { RevisionError } from '../../src/script/errors';
import { HeadMaintainer } from '../../src/script/heads';
import {
  MigrationStep,
  offlineStartingHeads,
  parseRevisionRange,
  parseStampTargets,
  planDowngrade,
  planStamp,
  planUpgrade,
} from '../../src/script/plan';
import { RevisionMap } from '../../src/script/revision-map';
import type { CommandOutcome } from './alembic-oracle';

/**
 * `readBack` gives the version table's rows in the order the database returns them before command
 * `index` (default: as HeadMaintainer lists them). That order is the database's business (Alembic
 * itself picks which row of a merge survives through a Python set), yet plans depend on it
 * (`downgrade -1` from several heads, `stamp base`): a comparison passes the order it observed.
 */
export function simulatePmig(
  map: RevisionMap,
  commands: readonly string[][],
  readBack: (heads: readonly string[], index: number) => readonly string[] = (heads) => heads,
): CommandOutcome[] {
  let heads: readonly string[] = [];
  return commands.map((argv, index) => {
    const rows = readBack(heads, index);
    const [command, ...rest] = argv;
    const sql = rest.includes('--sql');
    const purge = rest.includes('--purge');
    const positional = rest.filter((arg) => !arg.startsWith('--'));
    const steps: string[] = [];
    let error: string | null = null;
    try {
      let planned: MigrationStep[];
      let startHeads: readonly string[];
      if (command === 'upgrade' || command === 'downgrade') {
        const range = parseRevisionRange(command, positional[0], sql);
        startHeads = sql ? offlineStartingHeads(map, range.start) : rows;
        planned = (command === 'upgrade' ? planUpgrade : planDowngrade)(map, startHeads, range.target);
      } else if (command === 'stamp') {
        const { start, targets } = parseStampTargets(positional, sql);
        startHeads = sql ? offlineStartingHeads(map, start) : purge ? [] : rows;
        planned = planStamp(map, startHeads, targets, { purge, sql });
      } else {
        throw new Error(`simulatePmig does not know the command ${command}`);
      }
      const maintainer = new HeadMaintainer(startHeads);
      for (const step of planned) {
        steps.push(step.description);
        maintainer.apply(step);
      }
      // Offline mode prints SQL and leaves the database alone.
      heads = sql ? rows : maintainer.heads;
    } catch (err) {
      if (!(err instanceof RevisionError)) throw err;
      error = err.message;
      heads = rows;
    }
    return { argv, steps, heads: [...heads], error };
  });
}
