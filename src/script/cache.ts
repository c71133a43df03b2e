/**
 * Where pmig keeps what it can recompute: compiled revision files and the revision graph's metadata.
 * `node_modules/.cache/pmig` of the project when there is a node_modules (the convention of babel
 * and eslint), else a folder in the system temp dir. PMIG_CACHE_DIR overrides.
 */
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';

let resolved: string | undefined;

export function cacheDir(): string {
  if (resolved) return resolved;
  if (process.env.PMIG_CACHE_DIR) return (resolved = process.env.PMIG_CACHE_DIR);
  const nodeModules = join(process.cwd(), 'node_modules');
  if (existsSync(nodeModules)) return (resolved = join(nodeModules, '.cache', 'pmig'));
  const project = createHash('sha1').update(process.cwd()).digest('hex').slice(0, 12);
  return (resolved = join(tmpdir(), `pmig-cache-${project}`));
}
