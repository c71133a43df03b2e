import { Args } from '@oclif/core';
import { PmigCommand } from './base';
import { migrateFlags } from './migrate-flags';

export default class Downgrade extends PmigCommand {
  static summary = 'Revert revisions down to a target.';
  static description =
    'Targets: -1, -N, base, <rev> (any unique prefix), <rev>-N, <label>@-N. With --sql a range start:end is required. ' +
    'Each revision runs in its own transaction where the database allows (PostgreSQL, SQLite); one lock covers the run.';
  static examples = ['<%= config.bin %> downgrade -1', '<%= config.bin %> downgrade base', '<%= config.bin %> downgrade head:base --sql'];
  static args = { target: Args.string({ description: 'Revision to downgrade to.', required: true }) };
  static flags = { ...migrateFlags };

  async run(): Promise<void> {
    const { downgrade } = await import('../api/migrate');
    const { args, flags } = await this.parse(Downgrade);
    const result = await downgrade(args.target, {
      ...this.projectOptions(flags),
      sql: flags.sql,
      allowChanged: flags['allow-changed'],
      dataDowngrade: flags['data-downgrade'] as 'run' | 'skip',
      log: (line) => this.info(line),
    });
    if (!flags.sql && !result.steps.length) this.info(`Nothing to do: the database is at ${result.headsBefore.join(', ') || 'base'}.`);
  }
}
