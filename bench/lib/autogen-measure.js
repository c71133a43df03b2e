'use strict';
/**
 * Measuring one CLI run: wall-clock seconds from spawn to exit and the peak resident memory of the
 * process, as GNU time reports it (`/usr/bin/time -f %M`, the maximum RSS in KB). Unlike
 * lib/timing.js, the caller says which exit codes are success, because `pmig check` exits 1 when
 * it finds differences, which is exactly what the bench measures.
 */
const { spawnSync } = require('node:child_process');
const { existsSync, mkdtempSync, readFileSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

const GNU_TIME = '/usr/bin/time';

/** Whether GNU time is installed (the bench then reports peak memory; otherwise n/a). */
function hasGnuTime() {
  if (!existsSync(GNU_TIME)) return false;
  const probe = spawnSync(GNU_TIME, ['-f', '%M', 'true'], { encoding: 'utf8' });
  return probe.status === 0 && /^\d+\s*$/m.test(probe.stderr);
}

const gnuTime = hasGnuTime();

/**
 * Runs `command args` to completion.
 * @param {{ command: string, args: string[], cwd: string, env?: NodeJS.ProcessEnv, label?: string, okCodes?: number[] }} run
 * @returns {{ seconds: number, peakRssMb: number | undefined, status: number, stdout: string, stderr: string }}
 */
function measureCommand({ command, args, cwd, env, label, okCodes = [0] }) {
  const rssDir = gnuTime ? mkdtempSync(join(tmpdir(), 'pmig-autogen-rss-')) : undefined;
  const rssFile = rssDir && join(rssDir, 'rss');
  // GNU time writes to its own file (-o), so the command's stderr stays the command's.
  const [file, argv] = gnuTime ? [GNU_TIME, ['-f', '%M', '-o', rssFile, command, ...args]] : [command, args];
  const started = process.hrtime.bigint();
  const result = spawnSync(file, argv, { cwd, env: env ?? process.env, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  let peakRssMb;
  if (rssFile) {
    const kb = Number(readFileSync(rssFile, 'utf8').trim().split('\n').pop());
    peakRssMb = Number.isFinite(kb) ? kb / 1024 : undefined;
    rmSync(rssDir, { recursive: true, force: true });
  }
  const name = label ?? [command, ...args].join(' ');
  if (result.error) throw new Error(`${name}: could not start: ${result.error.message}`);
  if (!okCodes.includes(result.status)) {
    const tail = `${result.stdout}\n${result.stderr}`.trim().split('\n').slice(-20).join('\n');
    throw new Error(`${name} exited with ${result.status ?? result.signal} (expected ${okCodes.join(' or ')}):\n${tail}`);
  }
  return { seconds, peakRssMb, status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** How peak memory is measured, for the report. */
const MEMORY_METHOD = gnuTime ? 'maximum RSS from GNU time (/usr/bin/time -f %M)' : 'not measured (GNU time /usr/bin/time is missing)';

module.exports = { measureCommand, MEMORY_METHOD };
