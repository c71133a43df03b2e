/**
 * The interactive side of rename questions: one `select` per question (arrow keys, or type the
 * choice's number or the start of its text), drawn on stderr so that stdout stays clean for
 * `--output json`. Ctrl-C becomes RenamePromptAborted: the caller writes nothing.
 */
import type { AskRename } from './renames';
import { candidateText, KIND_LABEL, questionText, RenamePromptAborted, type RenameQuestion } from './rename-questions';

/** True when a person can answer: stdin is a terminal. */
export function canPrompt(): boolean {
  return !!process.stdin.isTTY;
}

type Choice = { renamedFrom: string } | { renamedFrom: null };

export const askRenameInTerminal: AskRename = async (question: RenameQuestion) => {
  const { select } = await import('@inquirer/prompts');
  const choices = [
    ...question.candidates.map((c) => ({
      name: `renamed from ${candidateText(c, question.parent)}`,
      value: { renamedFrom: c.name } as Choice,
    })),
    { name: `new ${KIND_LABEL[question.kind].toLowerCase()}`, value: { renamedFrom: null } as Choice },
  ];
  try {
    const answer = await select<Choice>(
      { message: questionText(question), choices, theme: { indexMode: 'number' } },
      { output: process.stderr },
    );
    return answer.renamedFrom;
  } catch (error) {
    if ((error as Error).name === 'ExitPromptError') throw new RenamePromptAborted();
    throw error;
  }
};
