/**
 * Finds and resolves the configuration: flags > --env environment > pmig.config.ts (or package.json
 * "pmig") > prisma.config.ts > environment variables > defaults.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { loadModule } from '../script/loader';
import type { PmigConfig } from './types';

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
  versionTable: string;
  revisionTemplate?: string;
  dataRevisionTemplate?: string;
  fileTemplate: string;
  include: string[];
  exclude: string[];
  postWriteHooks: string[];
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
}

interface PrismaConfigFacts {
  file: string;
  schema?: string;
  url?: string;
}

export async function loadConfig(options: LoadConfigOptions = {}): Promise<ResolvedConfig> {
  const cwd = resolve(options.cwd ?? process.cwd());
  loadDotEnv(cwd);
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

  let url: string | undefined;
  let urlSource: string | undefined;
  if (options.url) [url, urlSource] = [options.url, '--url'];
  else if (config.url) [url, urlSource] = [config.url, options.env ? `environment '${options.env}'` : file ?? 'config'];
  else if (process.env.DATABASE_URL) [url, urlSource] = [process.env.DATABASE_URL, 'DATABASE_URL'];
  else if (prisma?.url) [url, urlSource] = [prisma.url, prisma.file];

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
    schemaPath: abs(config.schema ?? (prisma?.schema ? resolve(dirname(prisma.file), prisma.schema) : defaultSchema)),
    versionsDir,
    url,
    urlSource,
    versionTable: validateTableName(config.versionTable ?? 'pmig_version'),
    revisionTemplate: config.revisionTemplate ? abs(config.revisionTemplate) : existingFile(join(templateDir, 'revision.ts.hbs')),
    dataRevisionTemplate: config.dataRevisionTemplate ? abs(config.dataRevisionTemplate) : existingFile(join(templateDir, 'data_revision.ts.hbs')),
    fileTemplate: config.fileTemplate ?? '{rev}_{slug}',
    include: config.include ?? [],
    exclude: config.exclude ?? [],
    postWriteHooks: config.postWriteHooks ?? [],
  };
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
    if (!existsSync(file)) throw new ConfigError(`Config file not found: ${file}`);
    return { file, config: readConfigModule(file) };
  }
  for (const name of CONFIG_FILES) {
    const file = join(cwd, name);
    if (existsSync(file)) return { file, config: readConfigModule(file) };
  }
  const pkg = join(cwd, 'package.json');
  if (existsSync(pkg)) {
    try {
      const json = JSON.parse(readFileSync(pkg, 'utf8')) as { pmig?: PmigConfig };
      if (json.pmig) return { file: pkg, config: json.pmig };
    } catch (e) {
      throw new ConfigError(`${pkg} is not valid JSON: ${(e as Error).message}`);
    }
  }
  return { config: {} };
}

function readConfigModule(file: string): PmigConfig {
  const exports = loadModule(file);
  const config = (exports.default ?? exports) as PmigConfig;
  if (!config || typeof config !== 'object') throw new ConfigError(`${file} must export a config object (export default defineConfig({...})).`);
  return config;
}

/**
 * Reads the schema path and datasource URL from Prisma 7's prisma.config.ts, if there is one.
 * A config that throws because an env() variable is unset yields no URL rather than an error:
 * the user may pass --url.
 */
async function readPrismaConfig(rootDir: string): Promise<PrismaConfigFacts | undefined> {
  const file = ['prisma.config.ts', 'prisma.config.js', 'prisma.config.mjs'].map((n) => join(rootDir, n)).find(existsSync);
  if (!file) return undefined;
  try {
    const exports = loadModule(file);
    const cfg = (exports.default ?? exports) as { schema?: string; datasource?: { url?: string } };
    return { file, schema: cfg.schema, url: cfg.datasource?.url };
  } catch {
    return { file };
  }
}

/** Prisma 7 leaves .env to the user; pmig loads `.env` beside the config without overriding set variables. */
function loadDotEnv(dir: string): void {
  const file = join(dir, '.env');
  if (!existsSync(file)) return;
  try {
    process.loadEnvFile(file);
  } catch (e) {
    throw new ConfigError(`Cannot read ${file}: ${(e as Error).message}`);
  }
}
