import { Args } from '@oclif/core';
import { PmigCommand } from './base';
import { yesFlag } from './confirm-destructive';
import { migrateFlags } from './migrate-flags';
import { runMigration } from './run-migration';

export default class Upgrade extends PmigCommand {
  static summary = 'Apply revisions up to a target.';
  static description =
    'Targets: head, heads (all branches), <rev> (any unique prefix), +N, <rev>+N, <label>@head. ' +
    'Each revision runs in its own transaction where the database allows (PostgreSQL, SQLite); one lock covers the run (--lock-timeout). A revision a killed or failed run left half done (MySQL, or transactional = false) is resumed after the statements it had completed, once they are checked to be the same. Ctrl-C or SIGTERM stops after the revision in progress and says where the database is (exit 130/143); a second one stops at once. ' +
    'Before a step that would destroy data (a drop that is not archived, a narrowing type change) pmig prints what it costs ' +
    'and, in a terminal, asks to confirm (--yes skips the question; without a terminal the warning is printed and the run goes on).';
  static examples = ['<%= config.bin %> upgrade head', '<%= config.bin %> upgrade +1', '<%= config.bin %> upgrade base:head --sql > migrate.sql'];
  static args = { target: Args.string({ description: 'Revision to upgrade to.', default: 'head' }) };
  static flags = {
    ...migrateFlags,
    yes: yesFlag('the warning is printed and the step runs'),
  };

  async run(): Promise<void> {
    const { upgrade } = await import('../api/migrate');
    const { args, flags } = await this.parse(Upgrade);
    const io = { info: (line: string) => this.info(line), exit: (code: number) => this.exit(code) };
    await runMigration(io, (options) => upgrade(args.target, options), this.projectOptions(flags), flags, 'go-on');
  }
}
