import { Flags } from '@oclif/core';
import { PmigCommand } from './base';

export default class Branches extends PmigCommand {
  static summary = 'Show the branch points of the revision graph.';
  static enableJsonFlag = true;
  static flags = { verbose: Flags.boolean({ char: 'v', description: 'Full details of each revision.' }) };

  async run(): Promise<unknown> {
    const { branches } = await import('../api/inspect');
    const { formatRevision } = await import('../api/format');
    const { flags } = await this.parse(Branches);
    const points = await branches(this.projectOptions(flags));
    if (this.jsonEnabled()) return points.map((p) => ({ revision: p.branchPoint.revision, branches: p.children.map((c) => c.revision) }));
    for (const { branchPoint, children } of points) {
      this.log(formatRevision(branchPoint, { verbose: flags.verbose, includeBranches: true }));
      for (const child of children) {
        this.log(`${' '.repeat(branchPoint.revision.length)} -> ${formatRevision(child, { includeBranches: true, includeDoc: flags.verbose })}`);
      }
      this.log('');
    }
    return undefined;
  }
}
