/**
 * What upgrade and downgrade do alike once their flags are parsed: settle destructive steps (each
 * command with its policy without a terminal), make the live run stoppable by SIGINT/SIGTERM
 * (--sql only prints), and say when there was nothing to do.
 */
import type { MigrateCommandOptions, MigrateSummary } from '../api/migrate';
import type { ProjectOptions } from '../api/project';
import { destructiveConfirmation } from './confirm-destructive';
import { stoppable, type SignalWatch } from './signals';

export interface MigrationFlags {
  sql?: boolean;
  yes?: boolean;
  'lock-timeout'?: number;
  'allow-changed'?: boolean;
  'data-downgrade'?: string;
}

export async function runMigration(
  io: { info(line: string): void; exit(code: number): never },
  apply: (options: MigrateCommandOptions) => Promise<MigrateSummary>,
  project: ProjectOptions,
  flags: MigrationFlags,
  withoutTerminal: 'go-on' | 'refuse',
): Promise<void> {
  const run = (watch?: SignalWatch) => {
    const confirmDestructive = destructiveConfirmation(flags, withoutTerminal, watch?.signal);
    return apply({
      ...project,
      lockTimeout: flags['lock-timeout'],
      sql: flags.sql,
      allowChanged: flags['allow-changed'],
      dataDowngrade: flags['data-downgrade'] as 'run' | 'skip',
      log: (line) => io.info(line),
      ...(confirmDestructive ? { confirmDestructive } : {}),
      signal: watch?.signal,
      onStep: watch?.running,
    });
  };
  const result = flags.sql ? await run() : await stoppable(io, 'the revision in progress', run);
  if (!flags.sql && !result.steps.length) io.info(`Nothing to do: the database is at ${result.headsBefore.join(', ') || 'base'}.`);
}
