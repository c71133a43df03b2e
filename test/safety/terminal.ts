/** Runs pmig in a pseudo-terminal (made by `script`) and answers its destructive-step question. */
import { spawn } from 'node:child_process';
import { BIN, type TestProject } from '../helpers/project';

/** Runs `pmig <args>` in a pseudo-terminal and types `answer` when the question shows. */
export function runInTerminal(project: TestProject, args: string[], answer: string): Promise<{ code: number; output: string; asked: boolean }> {
  const command = [process.execPath, BIN, ...args].map((a) => `'${a}'`).join(' ');
  return new Promise((done) => {
    const child = spawn('script', ['-qec', command, '/dev/null'], { cwd: project.dir, env: project.env() });
    let output = '';
    let answered = false;
    child.stdout.on('data', (d) => {
      output += d;
      if (!answered && output.includes('anyway?')) {
        answered = true;
        child.stdin.write(answer);
      }
    });
    child.on('close', (code) => done({ code: code ?? -1, output, asked: answered }));
  });
}
