/**
 * pmig's programmatic API: every CLI command is a thin layer over these functions, so tests,
 * serverless deploys and scripts can run migrations without the CLI.
 *
 *   import { upgrade, current } from 'pmig';
 *   await upgrade('head', { url: process.env.DATABASE_URL });
 */
export { init, type InitOptions, type InitResult } from './api/init';
export { revision, merge, type RevisionOptions, type WrittenRevision } from './api/revision';
export { upgrade, downgrade, stamp, type MigrateCommandOptions, type MigrateSummary, type RunningStep, type StampOptions } from './api/migrate';
/** Thrown when a run stops because its `signal` was aborted (exitCode 130 or 143), and when the lock wait times out. */
export { RunStoppedError } from './runtime/interrupt';
export { LockTimeoutError } from './runtime/lock';
export { current, history, heads, branches, show, type HistoryOptions, type RevisionInfo, type RevisionList } from './api/inspect';
export { PmigError, type ProjectOptions } from './api/project';
export { defineConfig, type PmigConfig } from './config/types';
export {
  Operations, BatchOperations, RawSql, type SqlFragment, type ColumnChanges, type BackfillOptions, type BackfillResult,
} from './operations/operations';
export type { ColumnDef, ColumnType, ColumnDefault, ScalarType, TableDef, Schema } from './schema/types';
export { connect } from './db/connect';
export type { Connection, DialectName } from './db/types';

import type { Operations } from './operations/operations';
/** What a data revision's upgrade()/downgrade() receives: `op` with the data helpers. */
export type DataOperations = Operations;
export { autogenerate, check, type AutogenerateOptions, type CheckResult } from './api/autogenerate';
export { adopt, type AdoptOptions, type AdoptResult } from './api/adopt';
export { importPrismaMigrations, type ImportPrismaMigrationsOptions, type ImportResult } from './api/import-prisma-migrations';
export { listArchives, dropArchives, type ArchiveEntry, type DropArchivesOptions } from './api/archive';
