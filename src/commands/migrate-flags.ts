import { Flags } from '@oclif/core';

/** Flags shared by upgrade and downgrade. */
export const migrateFlags = {
  sql: Flags.boolean({ description: "Print the SQL instead of running it (offline mode); the target may be a range 'start:end'." }),
  'allow-changed': Flags.boolean({ description: 'Run even though an applied revision file has changed since it was applied.' }),
  'data-downgrade': Flags.string({
    description: "'skip' passes data revisions whose downgrade is a stub (irreversible) without changing rows.",
    options: ['run', 'skip'],
    default: 'run',
  }),
};
