/**
 * A `pmig` child process the test can watch while it runs: wait for a line on stderr (e.g.
 * "Running upgrade a -> b"), then signal it, and read how it ended.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { BIN, type TestProject } from '../helpers/project';

export interface Ended {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
  stdout: string;
}

export class CliProcess {
  readonly child: ChildProcess;
  stderr = '';
  stdout = '';
  readonly ended: Promise<Ended>;
  private exited = false;
  private readonly watchers: (() => void)[] = [];

  constructor(project: TestProject, args: string[], extraEnv: Record<string, string> = {}) {
    this.child = spawn(process.execPath, [BIN, ...args], { cwd: project.dir, env: project.env(extraEnv), stdio: ['ignore', 'pipe', 'pipe'] });
    this.child.stderr!.on('data', (d) => {
      this.stderr += d;
      for (const w of this.watchers) w();
    });
    this.child.stdout!.on('data', (d) => (this.stdout += d));
    this.ended = new Promise((done) =>
      this.child.on('close', (code, signal) => {
        this.exited = true;
        for (const w of this.watchers) w();
        done({ code, signal, stderr: this.stderr, stdout: this.stdout });
      }),
    );
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** Resolves once stderr contains `text` (or matches it); rejects if the process ends first or after `timeoutMs`. */
  waitFor(text: string | RegExp, timeoutMs = 60_000): Promise<void> {
    const found = () => (typeof text === 'string' ? this.stderr.includes(text) : text.test(this.stderr));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${String(text)} on stderr within ${timeoutMs} ms:\n${this.stderr}`)), timeoutMs);
      const check = () => {
        if (found()) {
          clearTimeout(timer);
          resolve();
        } else if (this.exited) {
          clearTimeout(timer);
          reject(new Error(`pmig ended before printing ${String(text)}:\n${this.stderr}`));
        }
      };
      this.watchers.push(check);
      check();
    });
  }

  /** Sends a signal unless the process has already ended. */
  kill(signal: NodeJS.Signals): void {
    if (!this.exited) this.child.kill(signal);
  }
}

/** How many times `line` occurs in `text`. */
export function occurrences(text: string, line: string): number {
  return text.split(line).length - 1;
}
