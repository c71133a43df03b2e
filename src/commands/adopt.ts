import { Flags } from '@oclif/core';
import { adopt } from '../api/adopt';
import { PmigCommand } from './base';
import { lockTimeoutFlag } from './migrate-flags';

export default class Adopt extends PmigCommand {
  static summary = 'Take over a database that Prisma Migrate manages: write a baseline revision of the current schema and stamp it as applied.';
  static description =
    'The database must match the Prisma schema (as `pmig check` reports); otherwise nothing is written and the differences are listed. ' +
    'The baseline creates the whole schema from an empty database, so new environments can be built with `pmig upgrade head` alone. ' +
    'It is stamped as applied without running it; `_prisma_migrations` is left untouched.';
  static examples = ['<%= config.bin %> adopt', '<%= config.bin %> adopt -m "baseline from prisma migrate"'];
  static flags = {
    message: Flags.string({ char: 'm', description: 'Message of the baseline revision.', default: 'baseline' }),
    'rev-id': Flags.string({ description: 'Revision id to use instead of a random one.' }),
    'lock-timeout': lockTimeoutFlag,
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Adopt);
    const result = await adopt({ ...this.projectOptions(flags), lockTimeout: flags['lock-timeout'], message: flags.message, revId: flags['rev-id'] });
    this.log(`Generating ${result.baseline.path} ...  done`);
    this.info(`Stamped ${result.baseline.revision} as applied (Prisma Migrate had applied ${result.prismaMigrationsApplied} migration(s); _prisma_migrations is unchanged).`);
  }
}
