/**
 * The command the generator prints for open rename questions is pasted into a shell as is: every
 * argument must reach pmig as one word, whatever the names and the message hold.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RenameQuestion } from '../../src/autogenerate/rename-questions';
import type { GeneratorSettings } from '../../src/generator/options';
import { statusLine } from '../../src/generator/report';

const question = (added: string, from: string[]): RenameQuestion => ({
  id: `column:Person.${added}`, kind: 'column', parent: 'Person',
  added: { name: added, type: 'String' }, candidates: from.map((name) => ({ name, type: 'String' })),
});

/** The words a POSIX shell makes of a command line (its first two, `npx pmig`, dropped). */
function shellWords(command: string): string[] {
  const r = spawnSync('sh', ['-c', `set -- ${command.replace(/^npx pmig /, '')}; for a in "$@"; do printf '%s\\0' "$a"; done`], { encoding: 'utf8' });
  expect(r.status).toBe(0);
  return r.stdout.split('\0').slice(0, -1);
}

function printedCommand(report: string): string {
  const lines = report.split('\n').map((l) => l.trim());
  return lines[lines.findIndex((l) => l.endsWith('run:')) + 1];
}

describe('the generator report for open rename questions', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'pmig-report-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const settings = (extra: Partial<GeneratorSettings> = {}): GeneratorSettings => ({
    outputDir: join(dir, 'migrations'), check: true, autogenerate: true, message: "Bob's rename $HOME `x`", timeoutMs: 5000, ...extra,
  });

  it('quotes names, the message, the config and the answers file so that each reaches pmig as one argument', () => {
    const answers = join(dir, 'prisma', 'my answers.json');
    const status = { kind: 'questions' as const, displayUrl: 'postgresql://u@h/db', questions: [question('full name', ["old 'name'", 'other'])] };
    const withFile = settings({ configFile: 'pmig config.ts', env: 'staging', answersFile: answers });
    const report = statusLine(status, withFile, dir);
    expect(report.split('\n')[0]).toBe(
      "pmig: postgresql://u@h/db is behind the schema, and 1 rename question needs an answer: no revision was written (a guess could drop a column's data).",
    );
    expect(report).toContain("Column Person.full name (String) was added and Person.old 'name' (String), Person.other (String) dropped: is it a rename?");
    expect(report).toContain('(the first candidate of each question; swap in another flag from above)');
    // The answers file does not exist: the command does not name it.
    expect(shellWords(printedCommand(report))).toEqual([
      'revision', '--autogenerate', '-m', "Bob's rename $HOME `x`", '--config', 'pmig config.ts', '--env', 'staging',
      '--rename-column', "Person.old 'name'=full name",
    ]);
    expect(report).toContain('Or answer in prisma/my answers.json');
  });

  it('names the answers file in the command once it exists, so that its answers count too', () => {
    const answers = join(dir, 'my answers.json');
    writeFileSync(answers, '{}');
    const status = { kind: 'questions' as const, displayUrl: 'sqlite:x.db', questions: [question('fullName', ['name']), question('nick', ['alias'])] };
    const report = statusLine(status, settings({ message: 'rename', answersFile: answers }), dir);
    expect(report).toContain('2 rename questions need an answer');
    expect(report).toContain('To write the revision with these renames, run:');
    expect(printedCommand(report)).toBe("npx pmig revision --autogenerate -m rename --answers 'my answers.json' --rename-column Person.name=fullName --rename-column Person.alias=nick");
    expect(shellWords(printedCommand(report))).toContain('my answers.json');
  });
});
