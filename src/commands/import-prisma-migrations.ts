import { Flags } from '@oclif/core';
import { importPrismaMigrations } from '../api/import-prisma-migrations';
import { PmigCommand } from './base';
import { lockTimeoutFlag } from './migrate-flags';

export default class ImportPrismaMigrations extends PmigCommand {
  static summary = "Turn Prisma Migrate's migrations folder into a chain of reversible pmig revisions.";
  static description =
    "Each revision's upgrade runs one migration.sql; its downgrade is computed by replaying the migrations on a scratch database " +
    '(a temporary database on the same server, or a temporary SQLite file) and comparing the schema before and after each one. ' +
    'The chain is then stamped at the last migration `_prisma_migrations` shows as applied; `_prisma_migrations` is left untouched.';
  static examples = ['<%= config.bin %> import-prisma-migrations', '<%= config.bin %> import-prisma-migrations --migrations-dir prisma/migrations --no-stamp'];
  static flags = {
    'migrations-dir': Flags.string({ description: "Prisma's migrations folder (default: prisma.config.ts's migrations.path, else migrations/ beside the schema)." }),
    'no-stamp': Flags.boolean({ description: 'Write the revisions without stamping the database.' }),
    'lock-timeout': lockTimeoutFlag,
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(ImportPrismaMigrations);
    const result = await importPrismaMigrations({
      ...this.projectOptions(flags),
      lockTimeout: flags['lock-timeout'],
      migrationsDir: flags['migrations-dir'],
      noStamp: flags['no-stamp'],
      log: (line) => this.info(line),
    });
    for (const { revision } of result.imported) this.log(`Generating ${revision.path} ...  done`);
    if (result.stamped) this.info(`Stamped ${result.stamped} (the last migration _prisma_migrations shows as applied).`);
    else if (result.stamped === null) this.info('No migration is applied according to _prisma_migrations: the version table is left at base.');
  }
}
