/** The shape of `pmig.config.ts` (or the `pmig` key of package.json). Every field is optional. */
export interface PmigConfig {
  /** Path to schema.prisma or a prisma/schema folder. Default: prisma.config.ts's `schema`, else prisma/schema.prisma. */
  schema?: string;
  /** Folder of revision files. Default: migrations/versions. */
  versionsDir?: string;
  /** Database URL. Default: DATABASE_URL, else prisma.config.ts's datasource.url. */
  url?: string;
  /** Name of the version table. Default: pmig_version (its step log is `<name>_log`). */
  versionTable?: string;
  /** Handlebars template for new revisions. Default: migrations/revision.ts.hbs if present, else pmig's own. */
  revisionTemplate?: string;
  /** Handlebars template for data revisions. Default: migrations/data_revision.ts.hbs if present, else pmig's own. */
  dataRevisionTemplate?: string;
  /** File name of a new revision: `{rev}` and `{slug}` and `{date}` (YYYYMMDD_HHMMSS) are replaced. Default: `{rev}_{slug}`. */
  fileTemplate?: string;
  /** Tables autogenerate considers (glob patterns, `*` wildcard). Default: all. */
  include?: string[];
  /** Tables autogenerate ignores (glob patterns). */
  exclude?: string[];
  /** Commands run on each file pmig writes; `{file}` is replaced by its path (e.g. `npx prettier --write {file}`). */
  postWriteHooks?: string[];
  /**
   * Seconds upgrade, downgrade and stamp wait for the migration lock another run holds before giving
   * up (`--lock-timeout` overrides it). 0 gives up at once. Default: 600.
   */
  lockTimeout?: number;
  /** Named environments (`--env staging`): each overrides any field above. */
  environments?: Record<string, Omit<PmigConfig, 'environments'>>;
}

/** Identity function that gives editors the config's types: `export default defineConfig({...})`. */
export function defineConfig(config: PmigConfig): PmigConfig {
  return config;
}

/** How a config value is checked when the config is loaded. */
export type ConfigValueKind = 'path' | 'url' | 'identifier' | 'string' | 'string[]' | 'seconds' | 'environments';

/**
 * Every key of `PmigConfig` with the kind of value it takes: the one description the loader
 * validates against (unknown keys, wrong types). The mapped type makes a key added to
 * `PmigConfig` without an entry here a compile error.
 */
export const CONFIG_KEYS: { readonly [K in keyof Required<PmigConfig>]: ConfigValueKind } = {
  schema: 'path',
  versionsDir: 'path',
  url: 'url',
  versionTable: 'identifier',
  revisionTemplate: 'path',
  dataRevisionTemplate: 'path',
  fileTemplate: 'string',
  include: 'string[]',
  exclude: 'string[]',
  postWriteHooks: 'string[]',
  lockTimeout: 'seconds',
  environments: 'environments',
};
