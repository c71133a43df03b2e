/**
 * Finds and resolves the configuration: flags > --env environment > pmig.config.ts (or package.json
 * "pmig") > prisma.config.ts > environment variables > defaults.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { rememberUrlSecrets } from '../db/redact';
import { cacheDir } from '../script/cache';
import { loadModule } from '../script/loader';
import type { PmigConfig } from './types';
import { ConfigValueError, validateConfig } from './validate';
import { DEFAULT_LOCK_TIMEOUT_SECONDS, parseLockTimeout } from './lock-timeout';

export class ConfigError extends Error {}

export const CONFIG_FILES = ['pmig.config.ts', 'pmig.config.js', 'pmig.config.cjs'];

export interface ResolvedConfig {
  /** Folder relative paths resolve against: where the config file lives (else the cwd). */
  rootDir: string;
  configFile?: string;
  env?: string;
  schemaPath: string;
  versionsDir: string;
  url?: string;
  /** Where the URL came from, for messages. */
  urlSource?: string;
  /** Prisma Migrate's migrations folder when prisma.config.ts sets `migrations.path`. */
  prismaMigrationsDir?: string;
  versionTable: string;
  revisionTemplate?: string;
  dataRevisionTemplate?: string;
  fileTemplate: string;
  include: string[];
  exclude: string[];
  postWriteHooks: string[];
  /** Seconds to wait for the migration lock (--lock-timeout, else `lockTimeout`, else 600). */
  lockTimeout: number;
}

export interface LoadConfigOptions {
  cwd?: string;
  /** Explicit config file (--config). */
  configFile?: string;
  /** Named environment (--env). */
  env?: string;
  /** Overrides (--url and friends). */
  url?: string;
  versionsDir?: string;
  /** --lock-timeout (already validated). */
  lockTimeout?: number;
}

/** What pmig takes from prisma.config.ts (paths absolute, as Prisma's loader resolves them). */
export interface PrismaConfigFacts {
  file: string;
  schema?: string;
  url?: string;
  migrationsDir?: string;
}

export async function loadConfig(options: LoadConfigOptions = {}): Promise<ResolvedConfig> {
  const cwd = resolve(options.cwd ?? process.cwd());
  const { file, config: fileConfig } = findPmigConfig(cwd, options.configFile);
  const rootDir = file ? dirname(file) : cwd;

  let config: PmigConfig = { ...fileConfig };
  if (options.env) {
    const envConfig = fileConfig.environments?.[options.env];
    if (!envConfig) {
      const known = Object.keys(fileConfig.environments ?? {});
      throw new ConfigError(
        `Unknown environment '${options.env}'${file ? ` in ${file}` : ''}. ${known.length ? `Known: ${known.join(', ')}.` : 'No environments are configured.'}`,
      );
    }
    config = { ...config, ...envConfig };
  }

  const prisma = await readPrismaConfig(rootDir);
  const abs = (p: string) => (isAbsolute(p) ? p : resolve(rootDir, p));

  // `--url ""` (an unset variable in a script) must not quietly fall back to DATABASE_URL.
  if (options.url !== undefined && options.url.trim() === '') {
    throw new ConfigError('--url is empty: pass the database URL (or leave --url out to use the config or DATABASE_URL).');
  }
  if (typeof config.url === 'string' && config.url.trim() === '') {
    throw new ConfigError(`url in ${options.env ? `environment '${options.env}'` : file ?? 'the config'} is empty: give the database URL, or leave url out to use DATABASE_URL.`);
  }
  let url: string | undefined;
  let urlSource: string | undefined;
  if (options.url) [url, urlSource] = [options.url, '--url'];
  else if (config.url) [url, urlSource] = [config.url, options.env ? `environment '${options.env}'` : file ?? 'config'];
  else if (process.env.DATABASE_URL) [url, urlSource] = [process.env.DATABASE_URL, 'DATABASE_URL'];
  else if (prisma?.url) [url, urlSource] = [prisma.url, prisma.file];
  // From here on, every message pmig prints masks this URL's password (see db/redact.ts).
  rememberUrlSecrets(url);

  const defaultSchema = existsSync(join(rootDir, 'prisma', 'schema.prisma')) || !existsSync(join(rootDir, 'prisma', 'schema'))
    ? 'prisma/schema.prisma'
    : 'prisma/schema';

  const versionsDir = abs(options.versionsDir ?? config.versionsDir ?? 'migrations/versions');
  // `pmig init` copies the templates beside the versions folder.
  const templateDir = dirname(versionsDir);
  return {
    rootDir,
    configFile: file,
    env: options.env,
    schemaPath: abs(config.schema ?? prisma?.schema ?? defaultSchema),
    versionsDir,
    url,
    urlSource,
    prismaMigrationsDir: prisma?.migrationsDir,
    versionTable: validateTableName(config.versionTable ?? 'pmig_version'),
    revisionTemplate: config.revisionTemplate ? abs(config.revisionTemplate) : existingFile(join(templateDir, 'revision.ts.hbs')),
    dataRevisionTemplate: config.dataRevisionTemplate ? abs(config.dataRevisionTemplate) : existingFile(join(templateDir, 'data_revision.ts.hbs')),
    fileTemplate: config.fileTemplate ?? '{rev}_{slug}',
    include: config.include ?? [],
    exclude: config.exclude ?? [],
    postWriteHooks: config.postWriteHooks ?? [],
    lockTimeout: options.lockTimeout ?? (config.lockTimeout === undefined
      ? DEFAULT_LOCK_TIMEOUT_SECONDS
      : lockTimeoutSetting(config.lockTimeout, `lockTimeout in ${file ?? 'the config'}`)),
  };
}

function lockTimeoutSetting(value: unknown, what: string): number {
  if (typeof value !== 'number') throw new ConfigError(`${what} must be a number of seconds, got ${JSON.stringify(value)}.`);
  try {
    return parseLockTimeout(value, what);
  } catch (e) {
    throw new ConfigError((e as Error).message);
  }
}

function existingFile(path: string): string | undefined {
  return existsSync(path) ? path : undefined;
}

function validateTableName(name: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,50}$/.test(name)) {
    throw new ConfigError(`versionTable '${name}' must be a plain identifier (letters, digits, _; at most 51 characters).`);
  }
  return name;
}

function findPmigConfig(cwd: string, explicit?: string): { file?: string; config: PmigConfig } {
  if (explicit) {
    const file = resolve(cwd, explicit);
    if (!existsSync(file)) throw new ConfigError(`Config file not found: ${file} (--config).`);
    if (statSync(file).isDirectory()) {
      const inside = CONFIG_FILES.map((name) => join(file, name)).find((candidate) => existsSync(candidate));
      throw new ConfigError(
        `--config names a folder, not a file: ${file}. Pass the config file itself${inside ? ` (--config ${inside})` : ' (e.g. pmig.config.ts)'}.`,
      );
    }
    if (basename(file) === 'package.json') return { file, config: readPackageJsonConfig(file) ?? {} };
    return { file, config: readConfigModule(file) };
  }
  for (const name of CONFIG_FILES) {
    const file = join(cwd, name);
    if (existsSync(file)) return { file, config: readConfigModule(file) };
  }
  const pkg = join(cwd, 'package.json');
  if (existsSync(pkg)) {
    const config = readPackageJsonConfig(pkg);
    if (config) return { file: pkg, config };
  }
  return { config: {} };
}

/** The "pmig" key of a package.json, checked; undefined when there is none. */
function readPackageJsonConfig(pkg: string): PmigConfig | undefined {
  let json: { pmig?: unknown };
  try {
    json = JSON.parse(readFileSync(pkg, 'utf8')) as { pmig?: unknown };
  } catch (e) {
    throw new ConfigError(`${pkg} is not valid JSON: ${(e as Error).message}`);
  }
  if (json?.pmig === undefined) return undefined;
  return checked(json.pmig, `${pkg} ("pmig" key)`);
}

function checked(config: unknown, where: string): PmigConfig {
  try {
    return validateConfig(config, where);
  } catch (e) {
    if (e instanceof ConfigValueError) throw new ConfigError(e.message);
    throw e;
  }
}

function readConfigModule(file: string): PmigConfig {
  const exports = loadModule(file) as Record<string, unknown> | null;
  // `module.exports = 42` (CommonJS): no object to look into.
  if (typeof exports !== 'object' || exports === null) return checked(exports, file);
  const hint = 'write `export default defineConfig({ ... })`';
  if (exports.__esModule && !('default' in exports)) {
    const named = Object.keys(exports).filter((key) => key !== '__esModule');
    throw new ConfigError(`${file} has no default export${named.length ? ` (it exports ${named.join(', ')})` : ''}: ${hint}.`);
  }
  if (!('default' in exports) && Object.keys(exports).length === 0) throw new ConfigError(`${file} exports nothing: ${hint}.`);
  return checked('default' in exports ? exports.default : exports, file);
}

/**
 * Reads Prisma 7's config (prisma.config.ts and the other names Prisma looks for) with Prisma's own
 * loader, `@prisma/config`, so pmig sees exactly what the Prisma CLI sees: the same file discovery,
 * the same TypeScript loading, paths resolved against the config file.
 *
 * `.env`: Prisma 7 loads no `.env` file itself (its loader runs with `dotenv: false`); a project
 * that wants one writes `import 'dotenv/config'` at the top of prisma.config.ts. pmig follows the
 * same convention and reads no `.env` of its own, so `pmig` and `prisma` always see the same
 * variables: that import runs when the config is loaded here too.
 *
 * A config whose `env('X')` names an unset variable yields no URL rather than an error: the user
 * may pass --url. Any other failure (syntax error, a throwing import) is reported.
 */
export async function readPrismaConfig(rootDir: string): Promise<PrismaConfigFacts | undefined> {
  // @prisma/config takes ~0.7 s to load: only load it when a config file can be there at all.
  if (!mayHavePrismaConfig(rootDir)) return undefined;
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const prismaConfig = require('@prisma/config') as typeof import('@prisma/config');
  const file = prismaConfig.findPrismaConfigFile(rootDir);
  if (!file) return undefined;
  const loaded = await withPrivateJitiCache(() => prismaConfig.loadConfigFromFile({ configFile: file, configRoot: rootDir }));
  if (loaded.error) {
    const cause = 'error' in loaded.error ? loaded.error.error : undefined;
    if (cause instanceof prismaConfig.PrismaConfigEnvError) return { file };
    throw new ConfigError(`Cannot load ${file}: ${cause?.message ?? loaded.error._tag}`);
  }
  const { config } = loaded;
  return { file, schema: config.schema, url: config.datasource?.url, migrationsDir: config.migrations?.path };
}

/**
 * Prisma's loader compiles prisma.config.ts with jiti, which caches the compiled code in
 * `<system temp>/jiti/` under a predictable name (its node_modules/.cache/jiti alternative is looked
 * up at a path that does not exist when given an absolute config path) and runs it from there
 * without checking who wrote it, leaving the compiled copy (URL included) readable by everyone.
 * For pmig's own load, jiti's "system temp" is pmig's cache folder, which only the current user can
 * write (see script/cache.ts); without one, jiti's file cache is off. JITI_FS_CACHE set by the user wins.
 */
async function withPrivateJitiCache<T>(load: () => Promise<T>): Promise<T> {
  if ('JITI_FS_CACHE' in process.env || 'JITI_CACHE' in process.env) return load();
  const root = cacheDir();
  const saved = process.env.TMPDIR;
  if (root) process.env.TMPDIR = root;
  else process.env.JITI_FS_CACHE = 'false';
  try {
    return await load();
  } finally {
    if (root) {
      if (saved === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = saved;
    } else delete process.env.JITI_FS_CACHE;
  }
}

/** Prisma looks for prisma.config.*, prisma7.config.* and .config/prisma*: any of those names present? */
function mayHavePrismaConfig(rootDir: string): boolean {
  try {
    return readdirSync(rootDir).some((name) => name.startsWith('prisma.config.') || name.startsWith('prisma7.config.') || name === '.config');
  } catch {
    return false;
  }
}
