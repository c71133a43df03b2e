import { Flags } from '@oclif/core';
import { PmigCommand } from './base';

export default class RevisionCommand extends PmigCommand {
  static summary = 'Write a new revision file.';
  static description = `With --autogenerate, a table, column, enum or enum value that disappears while a compatible one appears is a rename question, never a silent drop + add. In a terminal pmig asks (arrow keys or the choice's number; Ctrl-C writes nothing). Otherwise answer with flags, an answers file, or /// @pmig.renamedFrom("old") on the model, field, enum or value in schema.prisma; unanswered questions make pmig write nothing and exit 2, listing the flags that answer them (--output json lists them as data).

A model or field that keeps its Prisma name while only @@map / @map changes is renamed without a question: autogenerate stores the Prisma-name → database-name map it generated from in pmig-names.json, in the folder that holds the versions folder (migrations/pmig-names.json by default). Commit it with the revisions.

Answers file (--answers FILE), keyed by the new database name, the value being the old name or null for "new":
  { "tables": { "Account": "User" }, "columns": { "User.fullName": "full_name", "User.nickname": null },
    "enums": { "Tier": "Plan" }, "enumValues": { "Role.MEMBER": "USER" }, "others": "new" }
("others": "new" is --no-renames for every question the file and flags leave open.)

Every answer is recorded in the revision's doc header.`;
  static examples = [
    '<%= config.bin %> revision -m "create users"',
    '<%= config.bin %> revision --autogenerate -m "add posts"',
    '<%= config.bin %> revision -m "backfill last_login" --data',
    '<%= config.bin %> revision -m "start billing" --head base --branch-label billing',
    '<%= config.bin %> revision --autogenerate -m "rename" --rename-table User=Account --rename-column Account.full_name=fullName',
    '<%= config.bin %> revision --autogenerate -m "rename" --answers renames.json --output json',
  ];
  static flags = {
    message: Flags.string({ char: 'm', description: 'Message: the first line of the doc header and the file name slug.' }),
    head: Flags.string({ description: 'Revision(s) the new one follows: head (default), base, <rev>, <label>@head.', default: 'head' }),
    splice: Flags.boolean({ description: 'Allow --head to name a non-head revision, starting a new branch from it.' }),
    'branch-label': Flags.string({ description: 'Branch label for the new revision (repeatable).', multiple: true }),
    'depends-on': Flags.string({ description: 'Revision or branch label this one depends on (repeatable).', multiple: true }),
    'rev-id': Flags.string({ description: 'Revision id to use instead of a random one.' }),
    'version-path': Flags.string({ description: 'Folder (inside the versions folder) for the new file.' }),
    data: Flags.boolean({ description: 'Write a data revision (backfill template, non-transactional, downgrade stub that refuses).', exclusive: ['autogenerate'] }),
    autogenerate: Flags.boolean({ description: 'Fill upgrade()/downgrade() from the difference between the Prisma schema and the database (which must be at head).' }),
    'allow-empty': Flags.boolean({ description: 'With --autogenerate: write the revision even when nothing changed.', dependsOn: ['autogenerate'] }),
    'rename-table': Flags.string({ description: 'With --autogenerate: table OLD was renamed to NEW (OLD=NEW, repeatable).', multiple: true, helpGroup: 'RENAMES' }),
    'rename-column': Flags.string({ description: 'With --autogenerate: column OLD of TABLE was renamed to NEW (TABLE.OLD=NEW, repeatable).', multiple: true, helpGroup: 'RENAMES' }),
    'rename-enum': Flags.string({ description: 'With --autogenerate: enum type OLD was renamed to NEW (OLD=NEW, PostgreSQL, repeatable).', multiple: true, helpGroup: 'RENAMES' }),
    'rename-enum-value': Flags.string({ description: 'With --autogenerate: value OLD of ENUM was renamed to NEW (ENUM.OLD=NEW, repeatable).', multiple: true, helpGroup: 'RENAMES' }),
    renames: Flags.boolean({ description: 'With --autogenerate: --no-renames answers every rename question not answered otherwise with "new".', allowNo: true, helpGroup: 'RENAMES' }),
    answers: Flags.string({ description: 'With --autogenerate: JSON file of rename answers (format below).', helpGroup: 'RENAMES' }),
    strict: Flags.boolean({ description: 'With --autogenerate: refuse (write nothing, exit 1) when a change would lose data or be rejected by existing rows.', helpGroup: 'SAFETY' }),
    archive: Flags.boolean({ description: 'With --autogenerate: drops archive their data first so that the downgrade restores it (default); --no-archive renders plain drops.', allowNo: true, default: true, helpGroup: 'SAFETY' }),
    output: Flags.string({ description: 'With --autogenerate: json prints the outcome (or the unanswered rename questions) as JSON on stdout.', options: ['text', 'json'], default: 'text' }),
  };

  async run(): Promise<void> {
    const { revision } = await import('../api/revision');
    const { autogenerate } = await import('../api/autogenerate');
    const { flags } = await this.parse(RevisionCommand);
    const common = {
      ...this.projectOptions(flags),
      message: flags.message,
      head: flags.head,
      splice: flags.splice,
      branchLabel: flags['branch-label'],
      dependsOn: flags['depends-on'],
      revId: flags['rev-id'],
      versionPath: flags['version-path'],
    };
    if (flags.autogenerate) {
      const { askRenameInTerminal, canPrompt } = await import('../autogenerate/prompt');
      const { MissingDecisionsError } = await import('../autogenerate/renames');
      const { questionAsJson } = await import('../autogenerate/rename-questions');
      const json = flags.output === 'json';
      const renames = {
        renameTable: flags['rename-table'],
        renameColumn: flags['rename-column'],
        renameEnum: flags['rename-enum'],
        renameEnumValue: flags['rename-enum-value'],
        noRenames: flags.renames === false,
        answersFile: flags.answers,
        // A JSON consumer is a program: it answers with flags, never at a prompt.
        ask: canPrompt() && !json ? askRenameInTerminal : undefined,
      };
      let result;
      try {
        result = await autogenerate({ ...common, allowEmpty: flags['allow-empty'], renames, strict: flags.strict, archive: flags.archive });
      } catch (error) {
        if (!(json && error instanceof MissingDecisionsError)) throw error;
        this.log(JSON.stringify({ status: 'missing_decisions', questions: error.questions.map(questionAsJson) }, null, 2));
        this.exit(error.exitCode);
      }
      for (const line of result.descriptions) this.info(`Detected ${line}`);
      for (const line of result.decisions) this.info(`Decided ${line}`);
      for (const line of result.warnings ?? []) this.info(`WARNING: ${line}`);
      if (json) {
        const status = result.written ? 'written' : 'no_changes';
        this.log(JSON.stringify({ status, ...(result.written ? { path: result.written.path, revision: result.written.revision } : {}), operations: result.descriptions, decisions: result.decisions }, null, 2));
        return;
      }
      if (!result.written) {
        this.info('No changes in schema detected: no revision written (use --allow-empty to write one anyway).');
        return;
      }
      this.log(`Generating ${result.written.path} ...  done`);
      if (result.notNullSequence) {
        const { describeNotNullSequence } = await import('../autogenerate/safety-sequence');
        for (const line of describeNotNullSequence(result.notNullSequence)) this.log(line);
      }
      return;
    }
    const written = await revision({ ...common, data: flags.data });
    this.log(`Generating ${written.path} ...  done`);
  }
}
