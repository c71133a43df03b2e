/**
 * Planning `upgrade`, `downgrade` and `stamp` (Alembic's `ScriptDirectory._upgrade_revs`,
 * `_downgrade_revs`, `_stamp_revs` and the argument handling of `alembic/command.py`).
 *
 * - `planUpgrade(map, currentHeads, target)` / `planDowngrade(…)`: the steps in the order to run
 *   them. `currentHeads` are the version table's rows in table order.
 * - `planStamp(map, currentHeads, targets, { purge, sql })`: stamp steps; with `purge` the caller
 *   empties the version table first and the plan starts from no heads.
 * - `--sql` (offline) mode: `parseRevisionRange` splits `start:end` (a downgrade needs both),
 *   `offlineStartingHeads` turns `start` into the heads that replace the database's, and
 *   `parseStampTargets` does the same for `stamp`.
 *
 * Running a plan: log `Running ${step.description}` (offline: `-- Running ${step.shortLog}`), run
 * the step, then write `new HeadMaintainer(currentHeads).apply(step)` to the version table.
 * Errors are `RevisionError`s with Alembic's messages.
 */
import { requirePlannableHeads } from './applied';
import { RevisionError, withUserMessages } from './errors';
import { isRevision, RevisionMap } from './revision-map';
import { RevisionStep, StampStep } from './steps';

export { MigrationStep, RevisionStep, StampStep } from './steps';

export function planUpgrade(map: RevisionMap, currentHeads: readonly string[], target: string): RevisionStep[] {
  requirePlannableHeads(map, currentHeads);
  return withUserMessages(
    () =>
      map
        .iterateRevisions(target, currentHeads, { implicitBase: true })
        .reverse()
        .map((rev) => new RevisionStep(map, rev, true)),
    { ancestor: 'Destination %(end)s is not a valid upgrade target from current head(s)', end: target },
  );
}

export function planDowngrade(map: RevisionMap, currentHeads: readonly string[], target: string): RevisionStep[] {
  requirePlannableHeads(map, currentHeads);
  return withUserMessages(
    () =>
      map
        .iterateRevisions(currentHeads, target, { selectForDowngrade: true })
        .map((rev) => new RevisionStep(map, rev, false)),
    { ancestor: 'Destination %(end)s is not a valid downgrade target from current head(s)', end: target },
  );
}

export interface StampOptions {
  /** Empty the version table before stamping; the caller deletes the rows. */
  purge?: boolean;
  /** Offline mode, where `purge` is refused. */
  sql?: boolean;
}

/**
 * Steps that move the version table to `targets` (ids or symbols; `base` or none empties the
 * branches concerned) without running migrations. Each target moves the current heads on its
 * line of descent up or down; a target on no current line becomes a new branch.
 */
export function planStamp(
  map: RevisionMap,
  currentHeads: readonly string[],
  targets: readonly string[],
  options: StampOptions = {},
): StampStep[] {
  if (options.purge && options.sql) throw new RevisionError("Can't use --purge with --sql mode");
  const heads = options.purge ? [] : currentHeads;
  return withUserMessages(() => stampSteps(map, heads, targets.length ? targets : ['base']), {
    multipleHeads: 'Multiple heads are present; please specify a single target revision',
  });
}

function stampSteps(map: RevisionMap, currentHeads: readonly string[], targets: readonly string[]): StampStep[] {
  const headRevisions = map.getRevisionsRaw(currentHeads).filter(isRevision);
  const concerned = [
    ...new Set(
      targets.filter((target) => target).flatMap((target) => map.filterForLineage(headRevisions, target, true)),
    ),
  ];
  const concernedIds = concerned.map((rev) => rev.revision);
  const destinations = map.getRevisionsRaw(targets).filter(isRevision);

  if (destinations.length === 0) {
    // To base: every concerned head's branch is removed.
    return concerned.map((head) => new StampStep([head.revision], [], false, true));
  }
  const steps: StampStep[] = [];
  for (const dest of destinations) {
    if (concerned.includes(dest)) continue;
    const descendants = new Set(map.descendants([dest]));
    const ancestors = new Set(map.ancestors([dest]));
    if (concerned.some((head) => descendants.has(head))) {
      // The heads are above the destination: one step down, merging them.
      steps.push(new StampStep(concernedIds, [dest.revision], false, false));
    } else if (concerned.some((head) => ancestors.has(head))) {
      steps.push(new StampStep(concernedIds, [dest.revision], true, false));
    } else {
      // On no current line: a new branch.
      steps.push(new StampStep([], [dest.revision], true, true));
    }
  }
  return steps;
}

export interface RevisionRange {
  /** The revision(s) `--sql` mode starts from instead of the database's; `null` when not given. */
  start: string | null;
  target: string;
}

/** Splits `upgrade`/`downgrade`'s argument; a range is only for `--sql`, where downgrade needs one. */
export function parseRevisionRange(command: 'upgrade' | 'downgrade', argument: string, sql: boolean): RevisionRange {
  const colon = argument.indexOf(':');
  if (colon !== -1) {
    if (!sql) throw new RevisionError('Range revision not allowed');
    return { start: argument.slice(0, colon), target: argument.slice(colon + 1) };
  }
  if (command === 'downgrade' && sql) throw new RevisionError('downgrade with --sql requires <fromrev>:<torev>');
  return { start: null, target: argument };
}

/**
 * An offline range must run the way its command goes: `upgrade B:A --sql` with B above A (or a
 * downgrade range that climbs) would otherwise print nothing, or a puzzling "not a valid target".
 * Ranges whose ends do not resolve are left to the planner, which names what is wrong.
 */
export function checkOfflineRange(map: RevisionMap, command: 'upgrade' | 'downgrade', range: RevisionRange): void {
  if (range.start === null) return;
  const resolve = (id: string) => {
    if (id === 'base' || id === '') return null;
    try {
      return map.get(id);
    } catch {
      return undefined;
    }
  };
  const start = resolve(range.start);
  const target = /^[+-]\d/.test(range.target) || /@[+-]\d/.test(range.target) ? undefined : resolve(range.target);
  if (start === undefined || target === undefined || start === target) return;
  // `lower` must be an ancestor of `upper` for the range to run in the command's direction.
  const [lower, upper] = command === 'upgrade' ? [start, target] : [target, start];
  const runsBackwards = upper === null || (lower !== null && map.descendants([upper], { includeDependencies: false }).includes(lower));
  if (!runsBackwards) return;
  const [other, otherRange] = command === 'upgrade'
    ? ['downgrade', `${range.start}:${range.target}`]
    : ['upgrade', `${range.start}:${range.target}`];
  throw new RevisionError(
    `Range ${range.start}:${range.target} runs backwards for ${command}: ${range.target} is ${command === 'upgrade' ? 'below' : 'above'} ${range.start}. ` +
      `${command === 'upgrade' ? 'An' : 'A'} ${command} range goes from where the database is to where it should be (${command === 'upgrade' ? 'older:newer' : 'newer:older'}); ` +
      `to print the SQL that goes from ${range.start} to ${range.target}, use \`pmig ${other} ${otherRange} --sql\`.`,
  );
}

/** Splits `stamp`'s arguments; with `--sql` they may share one `start:` prefix. */
export function parseStampTargets(
  argumentsList: readonly string[],
  sql: boolean,
): { start: string | null; targets: string[] } {
  if (!sql) return { start: null, targets: [...argumentsList] };
  let start: string | null = null;
  const targets = argumentsList.map((argument) => {
    const colon = argument.indexOf(':');
    if (colon === -1) return argument;
    const thisStart = argument.slice(0, colon);
    if (start !== null && start !== thisStart) {
      throw new RevisionError('Stamp operation with --sql only supports a single starting revision at a time');
    }
    start = thisStart;
    return argument.slice(colon + 1);
  });
  return { start, targets };
}

/**
 * The heads an offline (`--sql`) run starts from: those named by `start` (`base` or none: no
 * heads), in place of reading the version table.
 */
export function offlineStartingHeads(map: RevisionMap, start: string | null): string[] {
  if (start === null || start === 'base') return [];
  const revision = map.get(start);
  return revision ? [revision.revision] : [];
}
