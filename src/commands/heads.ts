import { Flags } from '@oclif/core';
import { PmigCommand } from './base';

export default class Heads extends PmigCommand {
  static summary = 'Show the head revision(s) of the revision files.';
  static enableJsonFlag = true;
  static flags = {
    verbose: Flags.boolean({ char: 'v', description: 'Full details of each revision.' }),
    'resolve-dependencies': Flags.boolean({ description: 'Treat dependency versions as down revisions.' }),
  };

  async run(): Promise<unknown> {
    const { heads } = await import('../api/inspect');
    const { formatRevision } = await import('../api/format');
    const { flags } = await this.parse(Heads);
    const result = await heads({ ...this.projectOptions(flags), resolveDependencies: flags['resolve-dependencies'] });
    if (this.jsonEnabled()) return result.infos;
    for (const rev of result.revisions) this.log(formatRevision(rev, { verbose: flags.verbose, includeBranches: true, treeIndicators: false }));
    return undefined;
  }
}
