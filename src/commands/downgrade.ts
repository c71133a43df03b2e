import { Args } from '@oclif/core';
import { PmigCommand } from './base';
import { destructiveConfirmation, yesFlag } from './confirm-destructive';
import { migrateFlags } from './migrate-flags';
import { stoppable, type SignalWatch } from './signals';

export default class Downgrade extends PmigCommand {
  static summary = 'Revert revisions down to a target.';
  static description =
    'Targets: -1, -N, base, <rev> (any unique prefix), <rev>-N, <label>@-N. With --sql a range start:end is required. ' +
    'Each revision runs in its own transaction where the database allows (PostgreSQL, SQLite); one lock covers the run (--lock-timeout). Ctrl-C or SIGTERM stops after the revision in progress and says where the database is (exit 130/143); a second one stops at once. ' +
    'Before a step that would destroy data (dropping a table or column that holds rows, a narrowing type change) pmig prints what it costs, ' +
    'counted on the database, and in a terminal asks to confirm; answering no stops the run with exit 1 and that revision rolled back (on MySQL/MariaDB, which commit DDL as it goes, its earlier statements stay applied and recorded, and `downgrade --yes` resumes after them). ' +
    'Without a terminal (CI, scripts) such a step is refused the same way unless --yes is given: a downgrade undoes what a revision created, ' +
    'so the rows it drops were never reviewed as a drop.';
  static examples = ['<%= config.bin %> downgrade -1', '<%= config.bin %> downgrade base --yes', '<%= config.bin %> downgrade head:base --sql'];
  static args = { target: Args.string({ description: 'Revision to downgrade to.', required: true }) };
  static flags = {
    ...migrateFlags,
    yes: yesFlag('such a step is refused'),
  };

  async run(): Promise<void> {
    const { downgrade } = await import('../api/migrate');
    const { args, flags } = await this.parse(Downgrade);
    const run = (watch?: SignalWatch) => {
      const confirmDestructive = destructiveConfirmation(flags, 'refuse', watch?.signal);
      return downgrade(args.target, {
        ...this.projectOptions(flags),
        lockTimeout: flags['lock-timeout'],
        sql: flags.sql,
        allowChanged: flags['allow-changed'],
        dataDowngrade: flags['data-downgrade'] as 'run' | 'skip',
        log: (line) => this.info(line),
        ...(confirmDestructive ? { confirmDestructive } : {}),
        signal: watch?.signal,
        onStep: watch?.running,
      });
    };
    // SIGINT/SIGTERM stop a live run after the revision in progress; --sql only prints.
    const result = flags.sql ? await run() : await stoppable({ info: (l) => this.info(l), exit: (c) => this.exit(c) }, 'the revision in progress', run);
    if (!flags.sql && !result.steps.length) this.info(`Nothing to do: the database is at ${result.headsBefore.join(', ') || 'base'}.`);
  }
}
