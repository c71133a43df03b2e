import { Flags } from '@oclif/core';
import { PmigCommand } from './base';

export default class Current extends PmigCommand {
  static summary = 'Show the revision(s) the database is at.';
  static description =
    'With --verbose, also flags applied revision files that changed since they were applied. ' +
    'Exits 1 when the version table names a revision no file defines, or a revision together with its own ancestor (`pmig stamp --purge <rev>` repairs it).';
  static enableJsonFlag = true;
  static flags = { verbose: Flags.boolean({ char: 'v', description: 'Full details of each revision.' }) };

  async run(): Promise<unknown> {
    const { current } = await import('../api/inspect');
    const { formatRevision } = await import('../api/format');
    const { flags } = await this.parse(Current);
    const result = await current(this.projectOptions(flags));
    if (this.jsonEnabled()) {
      if (result.problems.length) process.exitCode = 1;
      return { url: result.url, heads: result.heads, changedSinceApplied: result.changed, problems: result.problems, interrupted: result.interrupted };
    }
    if (flags.verbose) this.log(`Current revision(s) for ${result.url}:`);
    for (const head of result.heads) {
      const rev = result.revisions.find((r) => r.revision === head.revision);
      if (!rev) {
        this.log(`${head.revision} (no revision file defines it)`);
        continue;
      }
      this.log(formatRevision(rev, { verbose: flags.verbose, extra: head.changedSinceApplied ? ['changed since applied'] : [] }));
    }
    if (flags.verbose) {
      const others = result.changed.filter((r) => !result.heads.some((h) => h.revision === r));
      if (others.length) this.log(`Applied revision files changed since they were applied: ${others.join(', ')}`);
    }
    // A revision left half done is part of where the database is, verbose or not.
    for (const report of result.interrupted) this.log(report.message);
    // The rows are shown above; a version table nothing can be planned from is still an error.
    if (result.problems.length) throw new (await import('../api/project')).PmigError(result.problems.join('\n'));
    return undefined;
  }
}
