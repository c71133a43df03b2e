import { Flags } from '@oclif/core';
import { PmigCommand } from './base';

export default class RevisionCommand extends PmigCommand {
  static summary = 'Write a new revision file.';
  static examples = [
    '<%= config.bin %> revision -m "create users"',
    '<%= config.bin %> revision --autogenerate -m "add posts"',
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
    data: Flags.boolean({ description: 'Write a data revision (backfill template, non-transactional, downgrade stub that refuses).', exclusive: ['autogenerate'] }),
    autogenerate: Flags.boolean({ description: 'Fill upgrade()/downgrade() from the difference between the Prisma schema and the database (which must be at head).' }),
    'allow-empty': Flags.boolean({ description: 'With --autogenerate: write the revision even when nothing changed.', dependsOn: ['autogenerate'] }),
  };

  async run(): Promise<void> {
    const { revision } = await import('../api/revision');
    const { autogenerate } = await import('../api/autogenerate');
    const { flags } = await this.parse(RevisionCommand);
    const common = {
      ...this.projectOptions(flags),
      message: flags.message,
      head: flags.head,
      splice: flags.splice,
      branchLabel: flags['branch-label'],
      dependsOn: flags['depends-on'],
      revId: flags['rev-id'],
      versionPath: flags['version-path'],
    };
    if (flags.autogenerate) {
      const result = await autogenerate({ ...common, allowEmpty: flags['allow-empty'] });
      for (const line of result.descriptions) this.info(`Detected ${line}`);
      if (!result.written) {
        this.info('No changes in schema detected: no revision written (use --allow-empty to write one anyway).');
        return;
      }
      this.log(`Generating ${result.written.path} ...  done`);
      return;
    }
    const written = await revision({ ...common, data: flags.data });
    this.log(`Generating ${written.path} ...  done`);
  }
}
