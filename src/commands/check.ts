import { PmigCommand } from './base';

export default class Check extends PmigCommand {
  static summary = 'Exit 0 when the database matches the Prisma schema; exit 1 with the list of differences when it does not.';
  static description = 'For CI drift detection: the differences are what `pmig revision --autogenerate` would write.';
  static enableJsonFlag = true;

  async run(): Promise<unknown> {
    const { check } = await import('../api/autogenerate');
    const { flags } = await this.parse(Check);
    const result = await check(this.projectOptions(flags));
    if (this.jsonEnabled()) {
      if (!result.clean) process.exitCode = 1;
      return { clean: result.clean, differences: result.descriptions };
    }
    if (result.clean) {
      this.log('No new upgrade operations detected.');
      return undefined;
    }
    this.log(`New upgrade operations detected (${result.descriptions.length}):`);
    for (const line of result.descriptions) this.log(`  - ${line}`);
    this.exit(1);
  }
}
