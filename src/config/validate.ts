/**
 * Checks a loaded config against `CONFIG_KEYS` (src/config/types.ts): an unknown key is named with
 * the closest known one, a value of the wrong type is named with what it should be and what it is.
 * A config that loads but is wrong must stop pmig, not be half-applied.
 */
import { CONFIG_KEYS, type ConfigValueKind, type PmigConfig } from './types';
import { closestName } from '../util/closest-name';

export class ConfigValueError extends Error {}

const EXPECTED: Record<ConfigValueKind, string> = {
  path: "a path (a non-empty string, e.g. 'migrations/versions')",
  url: "a database URL string (e.g. process.env.DATABASE_URL)",
  identifier: "a table name string (e.g. 'pmig_version')",
  string: 'a non-empty string',
  'string[]': "a list of strings (e.g. ['a', 'b'])",
  seconds: 'a number of seconds, 0 or more',
  environments: "an object of named environments (e.g. { staging: { url: process.env.STAGING_URL } })",
};

/** `config` as read from `where` (a file, or "package.json's pmig key"), checked; throws ConfigValueError. */
export function validateConfig(config: unknown, where: string): PmigConfig {
  requireObject(config, `The config in ${where}`, 'an object (export default defineConfig({ ... }))');
  checkKeys(config as Record<string, unknown>, where, '', true);
  return config as PmigConfig;
}

function checkKeys(config: Record<string, unknown>, where: string, prefix: string, allowEnvironments: boolean): void {
  const known = Object.keys(CONFIG_KEYS).filter((key) => allowEnvironments || key !== 'environments');
  for (const [key, value] of Object.entries(config)) {
    const name = `${prefix}${key}`;
    if (!known.includes(key)) {
      const near = closestName(key, known);
      const nested = key === 'environments' ? ' (environments cannot be nested)' : '';
      throw new ConfigValueError(
        `Unknown config key '${name}' in ${where}${nested}.${near ? ` Did you mean '${prefix}${near}'?` : ''} Known keys: ${known.join(', ')}.`,
      );
    }
    // An unset environment variable (`url: process.env.X`) is a key left out, not a wrong value.
    if (value === undefined) continue;
    const kind = CONFIG_KEYS[key as keyof PmigConfig];
    if (!fits(kind, value)) {
      throw new ConfigValueError(`Config key '${name}' in ${where} must be ${EXPECTED[kind]}; got ${describeValue(value)}.`);
    }
    if (kind === 'environments') {
      for (const [env, settings] of Object.entries(value as Record<string, unknown>)) {
        requireObject(settings, `Environment '${env}' in ${where}`, 'an object of config keys (e.g. { url: process.env.STAGING_URL })');
        checkKeys(settings as Record<string, unknown>, where, `environments.${env}.`, false);
      }
    }
  }
}

function fits(kind: ConfigValueKind, value: unknown): boolean {
  switch (kind) {
    case 'path':
    case 'identifier':
    case 'string':
      return typeof value === 'string' && value.trim() !== '';
    case 'url':
      return typeof value === 'string';
    case 'string[]':
      return Array.isArray(value) && value.every((item) => typeof item === 'string');
    case 'seconds':
      return typeof value === 'number' && Number.isFinite(value) && value >= 0;
    case 'environments':
      return isPlainObject(value);
  }
}

function requireObject(value: unknown, what: string, expected: string): void {
  if (!isPlainObject(value)) throw new ConfigValueError(`${what} must be ${expected}; got ${describeValue(value)}.`);
}

function isPlainObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && typeof (value as { then?: unknown }).then !== 'function';
}

/** A value as a message shows it: its kind, and the value itself when short. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) {
    const bad = value.find((item) => typeof item !== 'string');
    return bad === undefined ? 'a list' : `a list holding ${describeValue(bad)}`;
  }
  switch (typeof value) {
    case 'string':
      return value.trim() === '' ? 'an empty string' : `the string ${JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value)}`;
    case 'number':
      return `the number ${value}`;
    case 'boolean':
      return `${value}`;
    case 'function':
      return 'a function';
    case 'object':
      return typeof (value as { then?: unknown }).then === 'function' ? 'a Promise (the config is read synchronously)' : 'an object';
    default:
      return typeof value;
  }
}
