/** `pmig archive list` and `pmig archive drop`: the data archived drops keep for the downgrade. */
import { Args, Flags } from '@oclif/core';
import { PmigCommand } from './base';

export class ArchiveList extends PmigCommand {
  static summary = 'List the data archived by dropped tables and columns.';
  static description =
    'Drops written with { archive: true } (autogenerate renders them unless --no-archive) copy the data into pmig_archive_* tables; ' +
    'downgrading the revision restores it and discards the archive. `pmig archive drop` removes archives once the team is sure.';
  static enableJsonFlag = true;

  async run(): Promise<unknown> {
    const { listArchives, source } = await import('../api/archive');
    const { flags } = await this.parse(ArchiveList);
    const entries = await listArchives(this.projectOptions(flags));
    if (this.jsonEnabled()) return entries;
    if (!entries.length) this.info('No archives.');
    for (const e of entries) {
      this.log(`${e.name}  ${source(e)}  ${e.rows} row${e.rows === 1 ? '' : 's'}  dropped by revision ${e.revision} at ${e.archivedAt}`);
    }
    return undefined;
  }
}

export class ArchiveDrop extends PmigCommand {
  static summary = 'Drop archived data for good (a downgrade can then no longer restore it).';
  static examples = [
    '<%= config.bin %> archive drop users.bio',
    '<%= config.bin %> archive drop posts',
    '<%= config.bin %> archive drop pmig_archive_4f2b9c1d7e3a_users__bio',
    '<%= config.bin %> archive drop --all',
  ];
  static strict = false;
  static args = { archive: Args.string({ description: 'An archive table, a source table (all its archives) or table.column; repeatable.' }) };
  static flags = { all: Flags.boolean({ description: 'Drop every archive.' }) };

  async run(): Promise<void> {
    const { dropArchives, source } = await import('../api/archive');
    const { argv, flags } = await this.parse(ArchiveDrop);
    const dropped = await dropArchives(argv as string[], { ...this.projectOptions(flags), all: flags.all });
    if (!dropped.length) this.info('No archives.');
    for (const e of dropped) this.log(`Dropped ${e.name} (${source(e)}, ${e.rows} row${e.rows === 1 ? '' : 's'})`);
  }
}
