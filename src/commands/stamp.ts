import { Args, Flags } from '@oclif/core';
import { PmigCommand } from './base';
import { lockTimeoutFlag } from './migrate-flags';
import { stoppable } from './signals';

export default class Stamp extends PmigCommand {
  static summary = "Set the version table to the given revision(s) without running any migration.";
  static description = 'It also clears the record of a revision a run left half done (see `pmig current`), saying so: stamping declares by hand where the database is.';
  static strict = false;
  static examples = ['<%= config.bin %> stamp head', '<%= config.bin %> stamp base', '<%= config.bin %> stamp --purge a1b2c3d4e5f6'];
  static args = { revisions: Args.string({ description: 'Revision(s) to stamp: head, heads, base, <rev>...', required: true }) };
  static flags = {
    sql: Flags.boolean({ description: 'Print the SQL instead of running it.' }),
    purge: Flags.boolean({ description: 'Delete every row of the version table first (e.g. when it names revisions that no longer exist).' }),
    'lock-timeout': lockTimeoutFlag,
  };

  async run(): Promise<void> {
    const { stamp } = await import('../api/migrate');
    const { argv, flags } = await this.parse(Stamp);
    const options = { ...this.projectOptions(flags), lockTimeout: flags['lock-timeout'], sql: flags.sql, purge: flags.purge, log: (l: string) => this.info(l) };
    // A signal stops the wait for the lock; once taken, the stamp is one short transaction that finishes.
    const result = flags.sql
      ? await stamp(argv as string[], options)
      : await stoppable({ info: (l) => this.info(l), exit: (c) => this.exit(c) }, 'the stamp in progress', ({ signal }) => stamp(argv as string[], { ...options, signal }));
    if (!flags.sql) this.info(`Stamped: ${result.headsBefore.join(', ') || 'base'} -> ${result.headsAfter.join(', ') || 'base'}`);
  }
}
