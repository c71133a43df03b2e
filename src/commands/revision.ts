import { Flags } from '@oclif/core';
import { revision } from '../api/revision';
import { PmigCommand } from './base';

export default class RevisionCommand extends PmigCommand {
  static summary = 'Write a new revision file.';
  static examples = [
    '<%= config.bin %> revision -m "create users"',
    '<%= config.bin %> revision -m "backfill last_login" --data',
    '<%= config.bin %> revision -m "start billing" --head base --branch-label billing',
  ];
  static flags = {
    message: Flags.string({ char: 'm', description: 'Message: the first line of the doc header and the file name slug.' }),
    head: Flags.string({ description: 'Revision(s) the new one follows: head (default), base, <rev>, <label>@head.', default: 'head' }),
    splice: Flags.boolean({ description: 'Allow --head to name a non-head revision, starting a new branch from it.' }),
    'branch-label': Flags.string({ description: 'Branch label for the new revision (repeatable).', multiple: true }),
    'depends-on': Flags.string({ description: 'Revision or branch label this one depends on (repeatable).', multiple: true }),
    'rev-id': Flags.string({ description: 'Revision id to use instead of a random one.' }),
    'version-path': Flags.string({ description: 'Folder (inside the versions folder) for the new file.' }),
    data: Flags.boolean({ description: 'Write a data revision (backfill template, non-transactional, downgrade stub that refuses).' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(RevisionCommand);
    const written = await revision({
      ...this.projectOptions(flags),
      message: flags.message,
      head: flags.head,
      splice: flags.splice,
      branchLabel: flags['branch-label'],
      dependsOn: flags['depends-on'],
      revId: flags['rev-id'],
      versionPath: flags['version-path'],
      data: flags.data,
    });
    this.log(`Generating ${written.path} ...  done`);
  }
}
