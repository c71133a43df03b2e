'use strict';
/**
 * Timing of whole command runs, as a user at a shell experiences them: wall-clock time from spawn
 * to exit, process start-up included. A run that fails stops the bench, because a fast failure
 * must never be reported as a fast migration.
 */
const { spawnSync } = require('node:child_process');

/**
 * Runs `command args` to completion and returns its wall-clock seconds and output.
 * @param {{ command: string, args: string[], cwd: string, env?: NodeJS.ProcessEnv, label?: string }} run
 * @returns {{ seconds: number, stdout: string, stderr: string }}
 */
function timeCommand({ command, args, cwd, env, label }) {
  const started = process.hrtime.bigint();
  const result = spawnSync(command, args, { cwd, env: env ?? process.env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.error) throw new Error(`${label ?? command}: could not start: ${result.error.message}`);
  if (result.status !== 0) {
    const tail = (result.stderr || result.stdout || '').trim().split('\n').slice(-15).join('\n');
    throw new Error(`${label ?? [command, ...args].join(' ')} exited with ${result.status ?? result.signal}:\n${tail}`);
  }
  return { seconds, stdout: result.stdout, stderr: result.stderr };
}

/** The median of a non-empty list of numbers (the mean of the middle two for an even count). */
function median(values) {
  if (!values.length) throw new Error('median of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * A set of samples of one measurement, summarised the way the bench reports it.
 * @param {number[]} samples seconds
 */
function summarize(samples) {
  return { median: median(samples), min: Math.min(...samples), max: Math.max(...samples), samples };
}

module.exports = { timeCommand, median, summarize };
