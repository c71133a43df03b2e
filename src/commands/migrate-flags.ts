import { Flags } from '@oclif/core';
import { parseLockTimeout } from '../config/lock-timeout';

/** Every command that takes the migration lock: how long to wait for it. */
export const lockTimeoutFlag = Flags.custom<number>({
  description:
    'Seconds to wait for the migration lock while another run holds it (default: lockTimeout in the config, else 600; 0 gives up at once). ' +
    'After 2 s of waiting pmig says who holds it.',
  helpValue: '<seconds>',
  parse: async (input) => parseLockTimeout(input, '--lock-timeout'),
})();

/** Flags shared by upgrade and downgrade. */
export const migrateFlags = {
  sql: Flags.boolean({ description: "Print the SQL instead of running it (offline mode); the target may be a range 'start:end'." }),
  'allow-changed': Flags.boolean({ description: 'Run even though an applied revision file has changed since it was applied.' }),
  'data-downgrade': Flags.string({
    description: "'skip' passes data revisions whose downgrade is a stub (irreversible) without changing rows.",
    options: ['run', 'skip'],
    default: 'run',
  }),
  'lock-timeout': lockTimeoutFlag,
};
