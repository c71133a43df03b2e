/**
 * upgrade, downgrade and stamp: plan with the revision graph (Alembic's semantics), then run the
 * steps on the database, or print their SQL with `sql: true` (offline mode, `start:end` ranges).
 */
import { HeadMaintainer } from '../script/heads';
import { checkOfflineRange, offlineStartingHeads, parseRevisionRange, parseStampTargets, planDowngrade, planStamp, planUpgrade } from '../script/plan';
import type { RevisionStep } from '../script/steps';
import { RevisionError } from '../script/errors';
import { RevisionBundle } from '../script/loader';
import { migrate } from '../runtime/migrator';
import type { ConfirmDestructive } from '../runtime/destructive';
import { renderOffline } from '../runtime/offline';
import type { PlannedStep } from '../runtime/steps';
import { acquireRunLock } from '../runtime/lock';
import { PreloadedRevisions } from '../runtime/preload';
import { RunStoppedError, stopExitCode } from '../runtime/interrupt';
import { VersionTable, VersionTableSql } from '../runtime/version-table';
import { StatementJournal } from '../runtime/statement-journal';
import { describeInterruption } from '../runtime/interrupted';
import { openProject, PmigError, projectDialect, withConnection, type Project, type ProjectOptions } from './project';

export interface MigrateCommandOptions extends ProjectOptions {
  /** Print SQL instead of running it. */
  sql?: boolean;
  /** Where SQL goes with `sql: true` (default: stdout). */
  write?(line: string): void;
  /** Progress lines ("Running upgrade a -> b, message"). */
  log?(line: string): void;
  allowChanged?: boolean;
  dataDowngrade?: 'run' | 'skip';
  /**
   * Asked before a step that would destroy data (a drop that is not archived) or that rows would
   * reject; returning false stops the run. Without it, the warning goes to `log` and the run goes on.
   */
  confirmDestructive?: ConfirmDestructive;
  /**
   * Aborting asks the run to stop after the revision in progress (SIGINT/SIGTERM in the CLI): it
   * then throws a RunStoppedError saying where the database is. The lock wait stops at once.
   */
  signal?: AbortSignal;
  /** Told which revision starts, and whether the database would roll it back if the process died. */
  onStep?(step: RunningStep | undefined): void;
}

/** The revision a run has just started. */
export interface RunningStep {
  revision: string;
  direction: 'upgrade' | 'downgrade';
  /** It runs inside a transaction, so a dying connection rolls it back. */
  inTransaction: boolean;
}

export interface MigrateSummary {
  /** The steps run (or printed), in order. */
  steps: { revision: string; direction: 'upgrade' | 'downgrade'; description: string }[];
  headsBefore: string[];
  headsAfter: string[];
}

/** `pmig upgrade <target>`: head, heads, <rev>, +N, <rev>+N, <label>@head; with sql, `start:end`. */
export async function upgrade(target: string, options: MigrateCommandOptions = {}): Promise<MigrateSummary> {
  return run('upgrade', target, options);
}

/** `pmig downgrade <target>`: -1, -N, base, <rev>; with sql, `start:end` is required. */
export async function downgrade(target: string, options: MigrateCommandOptions = {}): Promise<MigrateSummary> {
  return run('downgrade', target, options);
}

async function run(direction: 'upgrade' | 'downgrade', target: string, options: MigrateCommandOptions): Promise<MigrateSummary> {
  const project = await openProject(options);
  const plan = (heads: string[], destination: string): PlannedStep[] => {
    const steps = direction === 'upgrade'
      ? planUpgrade(project.map, heads, destination)
      : planDowngrade(project.map, heads, destination);
    return toPlannedSteps(project, heads, steps);
  };

  const range = catchRevisionErrors(() => parseRevisionRange(direction, target, !!options.sql));
  if (options.sql) {
    catchRevisionErrors(() => checkOfflineRange(project.map, direction, range));
    const startHeads = catchRevisionErrors(() => offlineStartingHeads(project.map, range.start));
    const steps = catchRevisionErrors(() => plan(startHeads, range.target));
    const write = options.write ?? ((line: string) => process.stdout.write(`${line}\n`));
    await renderOffline({
      dialect: projectDialect(project.config), versionTable: project.config.versionTable, steps,
      fromBase: startHeads.length === 0, write, dataDowngrade: options.dataDowngrade,
    });
    return { steps: summary(steps), headsBefore: startHeads, headsAfter: finalHeads(startHeads, steps) };
  }

  const modules = new RevisionBundle(project.config.versionsDir, project.files.map((f) => f.checksum));
  const revisions = new PreloadedRevisions(modules);
  const { signal, onStep } = options;
  try {
    return await withConnection(project.config, async (conn, dialect) => {
      let planned: PlannedStep[] = [];
      let headsBefore: string[] = [];
      try {
        const result = await migrate({
          conn, dialect, versionTable: project.config.versionTable, modules: revisions,
          plan: (heads) => {
            planned = catchRevisionErrors(() => plan(heads, range.target));
            headsBefore = heads;
            revisions.preload(planned);
            return planned;
          },
          fileChecksums: new Map(project.files.map((f) => [f.revision, f.checksum])),
        filePaths: new Map(project.files.map((f) => [f.revision, f.path])),
          allowChanged: options.allowChanged, dataDowngrade: options.dataDowngrade, log: options.log,
          confirmDestructive: options.confirmDestructive,
          lock: { timeoutSeconds: project.config.lockTimeout, log: options.log, signal },
          signal,
          onStep: onStep && ((step) => onStep(step && {
            revision: step.revision, direction: step.direction,
            inTransaction: dialect.transactionalDdl && (!step.path || !step.checksum || revisions.load(step.path, step.checksum).transactional !== false),
          })),
        });
        if (signal?.aborted) {
          const at = result.headsAfter.join(', ') || 'base';
          throw new RunStoppedError(stoppedMessage(direction, target, at, headsBefore, planned, result.steps.length), stopExitCode(signal.reason));
        }
        return { steps: summary(result.steps), headsBefore: result.headsBefore, headsAfter: result.headsAfter };
      } catch (e) {
        // A stop request that ended the revision in progress (a confirmation cut short): say where things are.
        if (!signal?.aborted || e instanceof RunStoppedError) throw e;
        const at = await new VersionTable(conn, dialect, project.config.versionTable).heads().then((h) => h.join(', ') || 'base', () => 'an unknown revision');
        throw new RunStoppedError(`${(e as Error).message}\n${stoppedMessage(direction, target, at, headsBefore, planned)}`, stopExitCode(signal.reason));
      }
    });
  } finally {
    modules.save();
  }
}

/** "stopped: the database is at <rev>; run `pmig upgrade head` to continue", with the target that continues. */
function stoppedMessage(
  direction: 'upgrade' | 'downgrade', target: string, at: string, headsBefore: string[], planned: PlannedStep[], done?: number,
): string {
  // A relative target (+2, -1, <rev>+1) would count from the new position: name where the run was going.
  const relative = /(^|[^:])[+-]\d+$/.test(target);
  const destination = relative ? finalHeads(headsBefore, planned).join(' ') || 'base' : target;
  const ran = done === undefined ? '' : ` (${done} of ${planned.length} revision${planned.length === 1 ? '' : 's'} ran)`;
  return `stopped: the database is at ${at}; run \`pmig ${direction} ${destination}\` to continue${ran}.`;
}

/** Attaches the version-table changes (Alembic's HeadMaintainer) and the files to the graph's steps. */
function toPlannedSteps(project: Project, heads: string[], steps: RevisionStep[]): PlannedStep[] {
  const maintainer = new HeadMaintainer(heads);
  return steps.map((step) => {
    const revision = step.revisionId;
    const file = project.byId.get(revision);
    return {
      revision,
      direction: step.direction === 'up' ? 'upgrade' : 'downgrade',
      description: `Running ${step.description}`,
      versionChanges: maintainer.apply(step),
      path: file?.path,
      checksum: file?.checksum,
      kind: file?.kind,
    };
  });
}

/** Graph errors (unknown revision, multiple heads...) are user errors: a message, not a stack. */
function catchRevisionErrors<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof RevisionError) throw new PmigError(e.message);
    throw e;
  }
}

function summary(steps: PlannedStep[]): MigrateSummary['steps'] {
  return steps.map(({ revision, direction, description }) => ({ revision, direction, description }));
}

function finalHeads(start: string[], steps: PlannedStep[]): string[] {
  const heads = new Set(start);
  for (const step of steps) {
    for (const c of step.versionChanges) {
      if (c.kind === 'insert') heads.add(c.version);
      else if (c.kind === 'delete') heads.delete(c.version);
      else {
        heads.delete(c.from);
        heads.add(c.to);
      }
    }
  }
  return [...heads].sort();
}

export interface StampOptions extends ProjectOptions {
  sql?: boolean;
  write?(line: string): void;
  /** Delete every row of the version table first (for a table that lists unknown revisions). */
  purge?: boolean;
  /** Told when the wait for the migration lock lasts. */
  log?(line: string): void;
  /** Aborting stops the wait for the lock (nothing is stamped then). */
  signal?: AbortSignal;
}

/** `pmig stamp <rev>...`: set the version table without running any revision. */
export async function stamp(targets: string[], options: StampOptions = {}): Promise<{ headsBefore: string[]; headsAfter: string[] }> {
  const project = await openProject(options);
  const parsed = catchRevisionErrors(() => parseStampTargets(targets, !!options.sql));
  const plan = (heads: string[]) => {
    const maintainer = new HeadMaintainer(heads);
    const steps = catchRevisionErrors(() => planStamp(project.map, heads, parsed.targets, { purge: options.purge, sql: options.sql }));
    const changes = steps.flatMap((s) => maintainer.apply(s));
    return { changes, heads: [...maintainer.heads].sort() };
  };
  if (options.sql) {
    const dialect = projectDialect(project.config);
    const versions = new VersionTableSql(dialect, project.config.versionTable);
    const write = options.write ?? ((line: string) => process.stdout.write(`${line}\n`));
    const startHeads = catchRevisionErrors(() => offlineStartingHeads(project.map, parsed.start));
    if (!startHeads.length) for (const sql of versions.create()) write(`${sql};`);
    if (options.purge) write(`${versions.purge()};`);
    const { changes, heads } = plan(options.purge ? [] : startHeads);
    for (const c of changes) for (const sql of versions.change(c)) write(`${sql};`);
    return { headsBefore: startHeads, headsAfter: heads };
  }
  return withConnection(project.config, async (conn, dialect) => {
    const versions = new VersionTable(conn, dialect, project.config.versionTable);
    const release = await acquireRunLock(conn, project.config.versionTable, {
      timeoutSeconds: project.config.lockTimeout, log: options.log, signal: options.signal,
    });
    try {
      await conn.begin();
      await versions.ensure();
      let headsBefore = await versions.heads();
      if (options.purge) {
        await versions.purge();
        headsBefore = [];
      } else {
        const unknown = headsBefore.filter((h) => !project.byId.has(h));
        if (unknown.length) {
          throw new PmigError(`The version table lists revision(s) not found in ${project.config.versionsDir}: ${unknown.join(', ')}. Use --purge to replace them.`);
        }
      }
      const { changes, heads } = plan(headsBefore);
      await versions.apply(changes);
      // Stamping says by hand where the database is: a revision a run left half done (statement
      // journal) counts as settled by whoever stamps. Its record is dropped, and the user told.
      for (const record of await new StatementJournal(conn, dialect, project.config.versionTable).clearAll()) {
        options.log?.(`Cleared the record that ${describeInterruption(record, undefined).split('\n')[0]}: the stamp says where the database is now.`);
      }
      for (const rev of heads) await versions.log({ revision: rev, direction: 'stamp', checksum: null, durationMs: 0 });
      await conn.commit();
      return { headsBefore, headsAfter: heads };
    } catch (e) {
      if (conn.inTransaction) await conn.rollback();
      throw e;
    } finally {
      await release();
    }
  });
}
