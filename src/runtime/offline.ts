/**
 * `--sql` mode: writes the SQL a run would execute, version-table statements included, instead of
 * connecting to a database (Alembic's offline mode).
 */
import type { Dialect } from '../ddl/types';
import { Operations } from '../operations/operations';
import { IrreversibleError } from '../operations/irreversible';
import { loadModule } from '../script/loader';
import { OfflineSink } from './sinks';
import { offlineBackfills } from './backfill';
import type { PlannedStep } from './steps';
import { VersionTableSql } from './version-table';

export interface OfflineOptions {
  dialect: Dialect;
  versionTable: string;
  steps: PlannedStep[];
  /** True when the range starts at base: the version table is created first. */
  fromBase: boolean;
  write(line: string): void;
  dataDowngrade?: 'run' | 'skip';
}

export async function renderOffline(options: OfflineOptions): Promise<void> {
  const { dialect, write } = options;
  const versions = new VersionTableSql(dialect, options.versionTable);
  if (options.fromBase) {
    for (const sql of versions.create()) write(`${sql};`);
    write('');
  }
  for (const step of options.steps) {
    const module = step.path ? loadModule(step.path, undefined, step.checksum) : {};
    const transactional = module.transactional !== false && dialect.transactionalDdl;
    write(`-- ${step.description}`);
    if (transactional) write(dialect.name === 'mysql' ? 'START TRANSACTION;' : 'BEGIN;');
    const fn = module[step.direction] as ((op: Operations) => Promise<void>) | undefined;
    if (fn) {
      try {
        const context = { revision: step.revision, transactional: module.transactional !== false, backfills: offlineBackfills(step.revision) };
        await fn(new Operations(new OfflineSink(dialect, write, step.revision), context));
      } catch (e) {
        if (!(e instanceof IrreversibleError && options.dataDowngrade === 'skip')) throw e;
        write(`-- skipped (--data-downgrade=skip): ${e.message}`);
      }
    }
    for (const change of step.versionChanges) for (const sql of versions.change(change)) write(`${sql};`);
    write(`${versions.log({ revision: step.revision, direction: step.direction, checksum: step.checksum ?? null, durationMs: 0 })};`);
    if (transactional) write('COMMIT;');
    write('');
  }
}
