import { Args } from '@oclif/core';
import { PmigCommand } from './base';
import { yesFlag } from './confirm-destructive';
import { migrateFlags } from './migrate-flags';
import { runMigration } from './run-migration';

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
    const io = { info: (line: string) => this.info(line), exit: (code: number) => this.exit(code) };
    await runMigration(io, (options) => downgrade(args.target, options), this.projectOptions(flags), flags, 'refuse');
  }
}
