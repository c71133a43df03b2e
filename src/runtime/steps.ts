import type { VersionChange } from './version-table';

/** One revision to run in one direction, with the version-table changes that record it. */
export interface PlannedStep {
  revision: string;
  direction: 'upgrade' | 'downgrade';
  /** Alembic's log line, e.g. "Running upgrade a1 -> b2, add users". */
  description: string;
  versionChanges: VersionChange[];
  /** Revision file to load (absent for stamp steps). */
  path?: string;
  checksum?: string;
  kind?: 'schema' | 'data';
}
