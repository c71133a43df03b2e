import { Args, Flags } from '@oclif/core';
import { PmigCommand } from './base';

export default class Merge extends PmigCommand {
  static summary = 'Write a merge revision that joins two or more heads.';
  static strict = false;
  static examples = ['<%= config.bin %> merge -m "merge billing" heads', '<%= config.bin %> merge -m "join" ae10 27c6'];
  static args = { revisions: Args.string({ description: "Revisions to merge, or 'heads'.", required: true }) };
  static flags = {
    message: Flags.string({ char: 'm', description: 'Message of the merge revision.' }),
    'branch-label': Flags.string({ description: 'Branch label for the merge revision.', multiple: true }),
    'rev-id': Flags.string({ description: 'Revision id to use instead of a random one.' }),
  };

  async run(): Promise<void> {
    const { merge } = await import('../api/revision');
    const { argv, flags } = await this.parse(Merge);
    const written = await merge(argv as string[], {
      ...this.projectOptions(flags), message: flags.message, branchLabel: flags['branch-label'], revId: flags['rev-id'],
    });
    this.log(`Generating ${written.path} ...  done`);
  }
}
