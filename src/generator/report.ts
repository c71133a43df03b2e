/**
 * What `prisma generate` shows for pmig's database check: one line starting with `pmig:`, and for a
 * revision written or questions left open, the details indented below it.
 */
import { existsSync } from 'node:fs';
import { relative } from 'node:path';
import { answersFileEntry, questionText, renameFlag, type RenameQuestion } from '../autogenerate/rename-questions';
import { shellQuote } from '../util/shell-quote';
import type { DatabaseStatus } from './database-status';
import type { GeneratorSettings } from './options';

export function statusLine(status: DatabaseStatus, settings: GeneratorSettings, cwd: string): string {
  const flags = projectFlags(settings);
  switch (status.kind) {
    case 'no-url':
      return 'pmig: no database URL configured (DATABASE_URL, pmig.config.ts or prisma.config.ts): database not checked.';
    case 'unreachable':
      return `pmig: database check skipped: ${status.displayUrl} is unreachable (${status.reason}).`;
    case 'failed':
      return `pmig: database check skipped: ${status.reason}`;
    case 'not-at-head':
      return `pmig: ${status.displayUrl} is at ${status.atHeads.join(', ') || 'base'} but the revisions end at ${status.heads.join(', ') || 'base'}: run \`npx pmig upgrade head${flags}\`.`;
    case 'up-to-date':
      return `pmig: ${status.displayUrl} matches the schema.`;
    case 'rename-error':
      return `pmig: ${status.displayUrl} is behind the schema, but no revision was written: ${status.reason}`;
    case 'questions':
      return questionsReport(status.displayUrl, status.questions, settings, cwd);
    case 'behind': {
      const count = `${status.ops.length} operation${status.ops.length === 1 ? '' : 's'}`;
      const details = [
        ...status.decisions.map((d) => `  decided: ${d}`),
        ...status.warnings.map((w) => `  WARNING: ${w}`),
      ];
      if (status.written) {
        return [
          `pmig: ${status.displayUrl} is behind the schema: wrote revision ${status.written.revision} (${count}) to ${relative(cwd, status.written.path)}; review it, then run \`npx pmig upgrade head${flags}\`.`,
          ...details,
        ].join('\n');
      }
      return [`pmig: ${status.displayUrl} is behind the schema: autogenerate would produce ${count}; run \`${reviseCommand(settings, cwd, [])}\`.`, ...details].join('\n');
    }
  }
}

/** ` --config 'x.ts' --env staging`: how the printed commands reach the same project. */
function projectFlags(settings: GeneratorSettings): string {
  return [settings.configFile ? ` --config ${shellQuote(settings.configFile)}` : '', settings.env ? ` --env ${shellQuote(settings.env)}` : ''].join('');
}

/** The `pmig revision --autogenerate` command, its arguments quoted for the shell; it reads the answers file too. */
function reviseCommand(settings: GeneratorSettings, cwd: string, answers: string[]): string {
  const answersFile = settings.answersFile && existsSync(settings.answersFile) ? ` --answers ${shellQuote(relative(cwd, settings.answersFile))}` : '';
  return `npx pmig revision --autogenerate -m ${shellQuote(settings.message)}${projectFlags(settings)}${answersFile}${answers.map((a) => ` ${a}`).join('')}`;
}

/**
 * Each open question with the flag for each answer, then one command that answers them all as
 * renames (from the first candidate where there are several) and writes the revision.
 */
function questionsReport(displayUrl: string, questions: RenameQuestion[], settings: GeneratorSettings, cwd: string): string {
  const n = questions.length;
  const lines = [
    `pmig: ${displayUrl} is behind the schema, and ${n} rename question${n === 1 ? '' : 's'} ${n === 1 ? 'needs' : 'need'} an answer: no revision was written (a guess could drop a column's data).`,
  ];
  for (const q of questions) {
    lines.push(`  ${questionText(q)}`);
    for (const c of q.candidates) lines.push(`    renamed from ${c.name}:  ${renameFlag(q, c.name)}`);
    lines.push(`    new:  ${answersFileEntry(q)} in the answers file, or --no-renames`);
  }
  const several = questions.some((q) => q.candidates.length > 1);
  lines.push(
    `  To write the revision with ${n === 1 ? 'this rename' : 'these renames'}${several ? ' (the first candidate of each question; swap in another flag from above)' : ''}, run:`,
    `    ${reviseCommand(settings, cwd, questions.map((q) => renameFlag(q, q.candidates[0].name)))}`,
  );
  const file = settings.answersFile
    ? `in ${relative(cwd, settings.answersFile)}`
    : 'in a file named by the generator option renameAnswers (for example renameAnswers = "pmig-answers.json", beside the schema)';
  lines.push(`  Or answer ${file}, or with /// @pmig.renamedFrom("old") on the model, field, enum or value, and run prisma generate again.`);
  return lines.join('\n');
}
