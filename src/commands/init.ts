import { Flags } from '@oclif/core';
import { PmigCommand } from './base';

export default class Init extends PmigCommand {
  static summary = 'Set up pmig in this project: pmig.config.ts, the versions folder and editable revision templates.';
  static description = 'Never overwrites: files that already exist are listed and left as they are (exit 1 when nothing was left to create).';
  static flags = {
    'versions-dir': Flags.string({ description: 'Folder for revision files.', default: 'migrations/versions' }),
    schema: Flags.string({ description: 'Path to the Prisma schema (file or folder).' }),
  };

  async run(): Promise<void> {
    const { init } = await import('../api/init');
    const { flags } = await this.parse(Init);
    const result = init({ versionsDir: flags['versions-dir'], schema: flags.schema });
    for (const f of result.created) this.log(`Created ${f}`);
    for (const f of result.kept) this.log(`Exists, left unchanged: ${f}`);
    if (!result.created.length) this.error('pmig is already initialised here: nothing was written.', { exit: 1 });
    this.log('Next: pmig revision -m "first revision"');
  }
}
