/**
 * What every command needs: the resolved config, the revision files and their graph, and
 * (for commands that touch the database) a connection and the dialect.
 */
import { statSync } from 'node:fs';
import { relative } from 'node:path';
import { connect } from '../db/connect';
import type { Connection } from '../db/types';
import { dialectOfUrl } from '../db/url';
import { dialectFor } from '../ddl';
import type { Dialect } from '../ddl/types';
import { loadConfig, type LoadConfigOptions, type ResolvedConfig } from '../config/load';
import { readRevisionFiles, type RevisionFile } from '../script/directory';
import { RevisionMap } from '../script/revision-map';
import { shellQuote } from '../util/shell-quote';

export class PmigError extends Error {}

export interface ProjectOptions extends LoadConfigOptions {
  /** The versions folder may be missing: the command writes the first revision (revision, adopt, import) or needs none (check). */
  allowMissingVersionsDir?: boolean;
}

export interface Project {
  config: ResolvedConfig;
  files: RevisionFile[];
  byId: Map<string, RevisionFile>;
  map: RevisionMap;
}

export async function openProject(options: ProjectOptions = {}): Promise<Project> {
  const config = await loadConfig(options);
  if (!options.allowMissingVersionsDir) requireVersionsDir(config);
  return { config, ...readScripts(config.versionsDir) };
}

/** A versions folder that is not there is a typo or a project not initialised: say which. */
function requireVersionsDir(config: ResolvedConfig): void {
  let isDir: boolean;
  try {
    isDir = statSync(config.versionsDir).isDirectory();
  } catch {
    const source = config.configFile ? `versionsDir in ${config.configFile}` : 'the default versionsDir';
    const rel = relative(config.rootDir, config.versionsDir) || '.';
    throw new PmigError(
      `Versions folder not found: ${config.versionsDir} (${source}). ` +
        `Run \`pmig init --versions-dir ${shellQuote(rel)}\` to create it, or correct versionsDir.`,
    );
  }
  if (!isDir) throw new PmigError(`The versions folder ${config.versionsDir} is a file, not a folder: correct versionsDir.`);
}

export function readScripts(versionsDir: string): Omit<Project, 'config'> {
  const files = readRevisionFiles(versionsDir);
  const seen = new Map<string, RevisionFile>();
  for (const file of files) {
    const other = seen.get(file.revision);
    if (other) throw new PmigError(`Duplicate revision id ${file.revision}: ${other.path} and ${file.path}`);
    seen.set(file.revision, file);
  }
  const map = new RevisionMap(
    files.map((f) => ({
      revision: f.revision, downRevision: f.downRevision, branchLabels: f.branchLabels, dependsOn: f.dependsOn,
      message: f.message, path: f.path,
    })),
  );
  return { files, byId: seen, map };
}

export function requireUrl(config: ResolvedConfig): string {
  if (!config.url) {
    throw new PmigError(
      'No database URL: set DATABASE_URL, put `url` in pmig.config.ts (or datasource.url in prisma.config.ts), or pass --url.',
    );
  }
  return config.url;
}

export function projectDialect(config: ResolvedConfig): Dialect {
  return dialectFor(dialectOfUrl(requireUrl(config)));
}

export async function withConnection<T>(config: ResolvedConfig, fn: (conn: Connection, dialect: Dialect) => Promise<T>): Promise<T> {
  const url = requireUrl(config);
  const dialect = dialectFor(dialectOfUrl(url));
  const conn = await connect(url, { baseDir: config.rootDir });
  try {
    return await fn(conn, dialect);
  } finally {
    await conn.close();
  }
}
