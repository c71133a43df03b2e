import { Flags } from '@oclif/core';
import { PmigCommand } from './base';

export default class History extends PmigCommand {
  static summary = 'List revisions, newest first.';
  static enableJsonFlag = true;
  static examples = ['<%= config.bin %> history', '<%= config.bin %> history -r ae10:head --verbose', '<%= config.bin %> history -r current: -i'];
  static flags = {
    'rev-range': Flags.string({ char: 'r', description: 'Range [start]:[end], e.g. base:head, ae10:, :current, -3:.' }),
    verbose: Flags.boolean({ char: 'v', description: 'Full details of each revision.' }),
    'indicate-current': Flags.boolean({ char: 'i', description: 'Mark the revision(s) the database is at (connects to it).' }),
  };

  async run(): Promise<unknown> {
    const { history } = await import('../api/inspect');
    const { formatRevision } = await import('../api/format');
    const { flags } = await this.parse(History);
    const result = await history({ ...this.projectOptions(flags), range: flags['rev-range'], indicateCurrent: flags['indicate-current'] });
    if (this.jsonEnabled()) return result.infos.map((i) => ({ ...i, current: result.current.has(i.revision) }));
    for (const rev of result.revisions) {
      const kind = result.infos.find((i) => i.revision === rev.revision)?.kind;
      this.log(formatRevision(rev, {
        verbose: flags.verbose, includeBranches: true, includeDoc: true, includeParents: true,
        current: result.current.has(rev.revision), extra: kind === 'data' ? ['data'] : [],
      }));
    }
    return undefined;
  }
}
