/** Database URLs as Prisma users write them: postgresql://, postgres://, mysql://, file:./dev.db. */
import { isAbsolute, resolve } from 'node:path';
import type { DialectName } from './types';

export class DatabaseUrlError extends Error {}

export function dialectOfUrl(url: string): DialectName {
  const scheme = url.slice(0, url.indexOf(':')).toLowerCase();
  if (scheme === 'postgresql' || scheme === 'postgres') return 'postgresql';
  if (scheme === 'mysql' || scheme === 'mariadb') return 'mysql';
  if (scheme === 'file' || scheme === 'sqlite') return 'sqlite';
  throw new DatabaseUrlError(
    `Unsupported database URL ${maskUrl(url)}: expected postgresql://, mysql:// or file: (SQLite).`,
  );
}

/** The URL with its password replaced by ****. */
export function maskUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/?#@]*):[^@/?#]*@/i, '$1:****@');
}

/**
 * The SQLite file a `file:` URL names. Relative paths resolve against `baseDir`
 * (the folder of the config file, as Prisma resolves them against its config).
 */
export function sqliteFilePath(url: string, baseDir: string): string {
  let path = url.replace(/^(file|sqlite):(\/\/)?/i, '');
  const query = path.indexOf('?');
  if (query >= 0) path = path.slice(0, query);
  if (path === ':memory:') return path;
  return isAbsolute(path) ? path : resolve(baseDir, path);
}
