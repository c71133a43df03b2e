import { Args } from '@oclif/core';
import { PmigCommand } from './base';

export default class Show extends PmigCommand {
  static summary = 'Show the details of a revision (any unique prefix, head, <label>@head...).';
  static enableJsonFlag = true;
  static args = { revision: Args.string({ description: 'Revision to show.', required: true }) };

  async run(): Promise<unknown> {
    const { show } = await import('../api/inspect');
    const { logEntry } = await import('../api/format');
    const { args, flags } = await this.parse(Show);
    const result = await show(args.revision, this.projectOptions(flags));
    if (this.jsonEnabled()) return result.infos;
    for (const rev of result.revisions) this.log(logEntry(rev));
    return undefined;
  }
}
