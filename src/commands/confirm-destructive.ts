/**
 * How upgrade and downgrade settle a destructive step (src/runtime/destructive.ts) from the
 * command line: --yes runs it, a terminal asks, and without a terminal each command has its policy.
 */
import { Flags } from '@oclif/core';
import { refuseWithoutTerminal, type ConfirmDestructive, type DestructiveWarning } from '../runtime/destructive';

/** --yes; `withoutIt` says what happens to a destructive step without a terminal when --yes is not given. */
export function yesFlag(withoutIt: string) {
  return Flags.boolean({
    char: 'y',
    description: `Run destructive steps without asking (their warnings are still printed). Without a terminal and without --yes, ${withoutIt}.`,
    exclusive: ['sql'],
  });
}

export interface ConfirmationFlags {
  yes?: boolean;
  sql?: boolean;
}

/**
 * The confirmation to hand to the run: undefined runs destructive steps after their warning.
 * `withoutTerminal` says what happens when nobody can answer: 'go-on' (upgrade) or 'refuse'.
 */
export function destructiveConfirmation(
  flags: ConfirmationFlags, withoutTerminal: 'go-on' | 'refuse', stop?: AbortSignal,
): ConfirmDestructive | undefined {
  if (flags.yes || flags.sql) return undefined;
  if (process.stdin.isTTY === true && process.stderr.isTTY === true) return (warning) => askToContinue(warning, stop);
  return withoutTerminal === 'refuse' ? refuseWithoutTerminal : undefined;
}

/** The terminal question; Ctrl-C answers no, and so does a stop request (SIGTERM) while it is open. */
export async function askToContinue(warning: DestructiveWarning, stop?: AbortSignal): Promise<boolean> {
  const { confirm } = await import('@inquirer/prompts');
  try {
    return await confirm({ message: `Run this step of ${warning.revision} anyway?`, default: false }, { output: process.stderr, signal: stop });
  } catch (e) {
    if ((e as Error).name === 'ExitPromptError' || (e as Error).name === 'AbortPromptError') return false;
    throw e;
  }
}
