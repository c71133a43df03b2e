import { RevisionError } from '../../src/script/errors';
import { HeadMaintainer, VersionTableChange } from '../../src/script/heads';
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

// root ─ left ┐
//      └ right ┴ merge ─ tip        side (depends on left)
const map = new RevisionMap([
  { revision: 'root', downRevision: null, message: 'initial' },
  { revision: 'left', downRevision: 'root', message: 'left side' },
  { revision: 'right', downRevision: 'root' },
  { revision: 'merge', downRevision: ['left', 'right'], message: 'merge heads' },
  { revision: 'tip1', downRevision: 'merge', message: 'tip' },
  { revision: 'side', downRevision: null, dependsOn: 'left', branchLabels: 'sidebranch', message: 'side' },
]);

/** Runs the steps through a HeadMaintainer: the log lines, the table changes, the final heads. */
function run(steps: MigrationStep[], heads: string[] = []) {
  const maintainer = new HeadMaintainer(heads);
  const changes: VersionTableChange[][] = steps.map((step) => maintainer.apply(step));
  return { log: steps.map((step) => `Running ${step.description}`), changes, heads: maintainer.heads };
}

function messageOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof RevisionError) return err.message;
    throw err;
  }
  throw new Error('expected a RevisionError');
}

describe('planUpgrade', () => {
  test('through a branch point and a merge: one row per branch, merged back into one', () => {
    const { log, changes, heads } = run(planUpgrade(map, [], 'tip1'));
    expect(log).toEqual([
      'Running upgrade  -> root, initial',
      'Running upgrade root -> right',
      'Running upgrade root -> left, left side',
      'Running upgrade left, right -> merge, merge heads',
      'Running upgrade merge -> tip1, tip',
    ]);
    expect(changes).toEqual([
      [{ kind: 'insert', version: 'root' }],
      [{ kind: 'update', from: 'root', to: 'right' }],
      [{ kind: 'insert', version: 'left' }],
      [
        { kind: 'delete', version: 'left' },
        { kind: 'update', from: 'right', to: 'merge' },
      ],
      [{ kind: 'update', from: 'merge', to: 'tip1' }],
    ]);
    expect(heads).toEqual(['tip1']);
  });

  test('a depends_on brings its dependency first, and the dependent row replaces it', () => {
    const { log, changes, heads } = run(planUpgrade(map, [], 'sidebranch@head'));
    expect(log).toEqual([
      'Running upgrade  -> root, initial',
      'Running upgrade root -> left, left side',
      'Running upgrade  -> side, side',
    ]);
    expect(changes[2]).toEqual([{ kind: 'update', from: 'left', to: 'side' }]);
    expect(heads).toEqual(['side']);
  });

  test('relative targets', () => {
    expect(planUpgrade(map, ['merge'], '+1').map((step) => step.revision.revision)).toEqual(['tip1']);
    expect(planUpgrade(map, ['left'], 'left+1').map((step) => step.revision.revision)).toEqual(['right', 'merge']);
    expect(messageOf(() => planUpgrade(map, ['tip1'], '+1'))).toBe("Relative revision +1 didn't produce 1 migrations");
    expect(messageOf(() => planUpgrade(map, ['root'], '+1'))).toBe('Ambiguous walk');
    expect(messageOf(() => planUpgrade(map, [], '-1'))).toBe("Relative revision -1 didn't produce 1 migrations");
  });

  test('head when there are several', () => {
    expect(messageOf(() => planUpgrade(map, [], 'head'))).toBe(
      "Multiple head revisions are present for given argument 'head'; please specify a specific target " +
        "revision, '<branchname>@head' to narrow to a specific head, or 'heads' for all heads",
    );
  });
});

describe('planDowngrade', () => {
  test('unmerging gives each branch its row back; base deletes the last', () => {
    const { log, changes, heads } = run(planDowngrade(map, ['tip1'], 'base'), ['tip1']);
    expect(log).toEqual([
      'Running downgrade tip1 -> merge, tip',
      'Running downgrade merge -> left, right, merge heads',
      'Running downgrade left -> root, left side',
      'Running downgrade right -> root',
      'Running downgrade root -> , initial',
    ]);
    expect(changes[1]).toEqual([
      { kind: 'insert', version: 'left' },
      { kind: 'update', from: 'merge', to: 'right' },
    ]);
    // root is still implied by the right branch: the left row just goes.
    expect(changes[2]).toEqual([{ kind: 'delete', version: 'left' }]);
    expect(changes[3]).toEqual([{ kind: 'update', from: 'right', to: 'root' }]);
    expect(heads).toEqual([]);
  });

  test('-1 and errors', () => {
    expect(planDowngrade(map, ['tip1'], '-1').map((step) => step.description)).toEqual([
      'downgrade tip1 -> merge, tip',
    ]);
    expect(messageOf(() => planDowngrade(map, ['merge'], '-1'))).toBe('Ambiguous walk');
    expect(messageOf(() => planDowngrade(map, ['left'], 'tip1'))).toBe(
      'Destination tip1 is not a valid downgrade target from current head(s)',
    );
    expect(messageOf(() => planDowngrade(map, [], '-1'))).toBe("Relative revision -1 didn't produce 1 migrations");
  });
});

describe('planStamp', () => {
  test('moves the heads of the same line, adds a new line, or removes them all', () => {
    expect(run(planStamp(map, ['left'], ['tip1']), ['left']).heads).toEqual(['tip1']);
    // side depends on left: stamping it moves the left row up, as upgrading would.
    expect(run(planStamp(map, ['left'], ['sidebranch@head']), ['left']).heads).toEqual(['side']);
    expect(run(planStamp(map, ['right'], ['sidebranch@head']), ['right']).heads).toEqual(['right', 'side']);
    const down = planStamp(map, ['left', 'right'], ['root']);
    expect(down.map((step) => step.description)).toEqual(['stamp_revision left, right -> root']);
    expect(run(down, ['left', 'right']).heads).toEqual(['root']);
    expect(run(planStamp(map, ['tip1', 'side'], []), ['tip1', 'side']).heads).toEqual([]);
  });

  test('--purge starts from an empty table; not with --sql', () => {
    expect(planStamp(map, ['tip1'], ['left'], { purge: true }).map((step) => step.description)).toEqual([
      'stamp_revision  -> left',
    ]);
    expect(messageOf(() => planStamp(map, [], ['left'], { purge: true, sql: true }))).toBe(
      "Can't use --purge with --sql mode",
    );
  });
});

describe('offline (--sql) ranges', () => {
  test('start:end replaces the current heads', () => {
    const range = parseRevisionRange('upgrade', 'left:tip1', true);
    expect(range).toEqual({ start: 'left', target: 'tip1' });
    expect(offlineStartingHeads(map, range.start)).toEqual(['left']);
    expect(offlineStartingHeads(map, 'base')).toEqual([]);
    expect(planUpgrade(map, offlineStartingHeads(map, range.start), range.target).map((s) => s.shortLog)).toEqual([
      'upgrade root -> right',
      'upgrade left, right -> merge',
      'upgrade merge -> tip1',
    ]);
  });

  test('a range needs --sql, and an offline downgrade needs a range', () => {
    expect(parseRevisionRange('upgrade', 'heads', true)).toEqual({ start: null, target: 'heads' });
    expect(messageOf(() => parseRevisionRange('upgrade', 'base:heads', false))).toBe('Range revision not allowed');
    expect(messageOf(() => parseRevisionRange('downgrade', 'base', true))).toBe(
      'downgrade with --sql requires <fromrev>:<torev>',
    );
    expect(parseStampTargets(['left:tip1', 'left:side'], true)).toEqual({ start: 'left', targets: ['tip1', 'side'] });
    expect(messageOf(() => parseStampTargets(['left:tip1', 'right:side'], true))).toBe(
      'Stamp operation with --sql only supports a single starting revision at a time',
    );
  });
});
