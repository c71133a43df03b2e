import { Flags } from '@oclif/core';
import { PmigCommand } from './base';

export default class Current extends PmigCommand {
  static summary = 'Show the revision(s) the database is at.';
  static description = 'With --verbose, also flags applied revision files that changed since they were applied.';
  static enableJsonFlag = true;
  static flags = { verbose: Flags.boolean({ char: 'v', description: 'Full details of each revision.' }) };

  async run(): Promise<unknown> {
    const { current } = await import('../api/inspect');
    const { formatRevision } = await import('../api/format');
    const { flags } = await this.parse(Current);
    const result = await current(this.projectOptions(flags));
    if (this.jsonEnabled()) return { url: result.url, heads: result.heads, changedSinceApplied: result.changed };
    if (flags.verbose) this.log(`Current revision(s) for ${result.url}:`);
    for (const head of result.heads) {
      const rev = result.revisions.find((r) => r.revision === head.revision);
      if (!rev) {
        this.log(`${head.revision} (not found in the versions folder)`);
        continue;
      }
      this.log(formatRevision(rev, { verbose: flags.verbose, extra: head.changedSinceApplied ? ['changed since applied'] : [] }));
    }
    if (flags.verbose) {
      const others = result.changed.filter((r) => !result.heads.some((h) => h.revision === r));
      if (others.length) this.log(`Applied revision files changed since they were applied: ${others.join(', ')}`);
    }
    return undefined;
  }
}
