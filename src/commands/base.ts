/**
 * Flags every command shares and the one place errors become messages: a user sees a clear
 * sentence and a non-zero exit, never a stack trace (PMIG_DEBUG=1 shows it).
 */
import { Command, Flags } from '@oclif/core';
import type { ProjectOptions } from '../api/project';
import { redactSecrets } from '../db/redact';

export abstract class PmigCommand extends Command {
  static baseFlags = {
    config: Flags.string({ char: 'c', description: 'Path to pmig.config.ts (default: ./pmig.config.ts, or the "pmig" key of package.json).', helpGroup: 'GLOBAL' }),
    env: Flags.string({ description: 'Named environment from the config (its settings override the top level).', helpGroup: 'GLOBAL' }),
    url: Flags.string({ description: 'Database URL (overrides the config and DATABASE_URL).', helpGroup: 'GLOBAL' }),
  };

  protected projectOptions(flags: { config?: string; env?: string; url?: string }): ProjectOptions {
    return { configFile: flags.config, env: flags.env, url: flags.url };
  }

  /** Progress lines go to stderr so that stdout stays clean for --sql and --json. */
  protected info(line: string): void {
    process.stderr.write(`${redactSecrets(line)}\n`);
  }

  protected async catch(err: Error & { exitCode?: number; oclif?: { exit?: number } }): Promise<unknown> {
    // No password reaches the terminal, whatever message carries it (see db/redact.ts).
    err.message = redactSecrets(err.message);
    if (err.oclif) return super.catch(err);
    if (process.env.PMIG_DEBUG) process.stderr.write(`${redactSecrets(err.stack ?? '')}\n`);
    // Not logToStderr: oclif silences it under --json, which left a failed `current --json` mute.
    process.stderr.write(`Error: ${err.message}\n`);
    this.exit(typeof err.exitCode === 'number' ? err.exitCode : 1);
  }
}
