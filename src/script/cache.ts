/**
 * Where pmig keeps what it can recompute: compiled revision files, compiled configs and the
 * revision graph's metadata. Compiled code from here is executed with the caller's rights, so
 * nothing is read from a place another local user could have written:
 *
 * - the folder is the project's `node_modules/.cache/pmig` when there is a node_modules (the
 *   convention of babel and eslint), else a per-user cache (`$XDG_CACHE_HOME/pmig`, else
 *   `~/.cache/pmig`); PMIG_CACHE_DIR overrides. Never a predictable path in a shared temp folder.
 * - pmig creates its folders 0700 and its files 0600 (a compiled pmig.config.ts may hold a password).
 * - every folder from the cache root down to a file, and the file itself, must belong to the
 *   current user and be writable by nobody else, and must not be a symbolic link; otherwise the
 *   entry is ignored (the caller recomputes it) and nothing is written there.
 *
 * Every cache access goes through readCached / hasCached / writeCached: they are the checks.
 */
import { chmodSync, closeSync, constants, existsSync, fstatSync, lstatSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeFileSync, type Stats } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join } from 'node:path';
import { randomBytes } from 'node:crypto';

/** The cache root in use; undefined when no candidate can be trusted (then nothing is cached). */
let resolved: { root: string | undefined } | undefined;

/** Where the cache would be, in order of preference. An explicit PMIG_CACHE_DIR is the only candidate. */
function candidates(): string[] {
  if (process.env.PMIG_CACHE_DIR) return [process.env.PMIG_CACHE_DIR];
  const out: string[] = [];
  const nodeModules = join(process.cwd(), 'node_modules');
  if (existsSync(nodeModules)) out.push(join(nodeModules, '.cache', 'pmig'));
  const xdg = process.env.XDG_CACHE_HOME;
  // The XDG spec ignores a relative XDG_CACHE_HOME.
  if (xdg && isAbsolute(xdg)) out.push(join(xdg, 'pmig'));
  const home = process.env.HOME || homedir();
  if (home) out.push(join(home, '.cache', 'pmig'));
  return out;
}

/** Why a folder or file cannot be trusted, or undefined when it can. */
function distrust(st: Stats, kind: 'folder' | 'file'): string | undefined {
  if (st.isSymbolicLink()) return 'is a symbolic link';
  if (kind === 'folder' ? !st.isDirectory() : !st.isFile()) return `is not a ${kind}`;
  // Without uids (Windows) the checks below have no meaning; the per-user profile folder protects.
  if (typeof process.getuid !== 'function') return undefined;
  if (st.uid !== process.getuid()) return `belongs to uid ${st.uid}`;
  if (st.mode & 0o022) return 'is writable by group or others';
  return undefined;
}

function lstatOrUndefined(path: string): Stats | undefined {
  try {
    return lstatSync(path);
  } catch {
    return undefined;
  }
}

/** Creates the cache root 0700 if missing; returns it when it exists and can be trusted. */
function usableRoot(root: string): boolean {
  let st = lstatOrUndefined(root);
  if (!st) {
    try {
      mkdirSync(dirname(root), { recursive: true });
      mkdirSync(root, { mode: 0o700 });
      chmodSync(root, 0o700);
    } catch {
      return false;
    }
    st = lstatOrUndefined(root);
  }
  return !!st && distrust(st, 'folder') === undefined;
}

/**
 * The cache root: the first candidate that exists and can be trusted (or can be created). With
 * PMIG_CACHE_DIR set and untrusted, there is no cache at all rather than a silent elsewhere.
 */
export function cacheDir(): string | undefined {
  if (!resolved) resolved = { root: candidates().find(usableRoot) };
  return resolved.root;
}

/** Forgets the resolved root (tests change the environment between cases). */
export function resetCacheDir(): void {
  resolved = undefined;
}

function splitRelative(rel: string): string[] {
  const parts = rel.split(/[\\/]+/).filter(Boolean);
  if (!parts.length || parts.some((p) => p === '..' || p === '.')) throw new Error(`bad cache path: ${rel}`);
  return parts;
}

/** The absolute path of `rel` when the root and every folder on the way to it can be trusted. */
function trustedParent(rel: string): { root: string; path: string } | undefined {
  const root = cacheDir();
  if (!root) return undefined;
  const parts = splitRelative(rel);
  let folder = root;
  // The root was checked when resolved, but is checked again: it may have been replaced since.
  for (const part of [undefined, ...parts.slice(0, -1)]) {
    if (part) folder = join(folder, part);
    const st = lstatOrUndefined(folder);
    if (!st || distrust(st, 'folder')) return undefined;
  }
  return { root, path: join(root, ...parts) };
}

/**
 * Reads a cache entry, or undefined when it is missing or cannot be trusted. The file is opened
 * without following a symbolic link and checked on the open descriptor, so what is checked is
 * what is read.
 */
export function readCached(rel: string): string | undefined {
  const place = trustedParent(rel);
  if (!place) return undefined;
  let fd: number | undefined;
  try {
    fd = openSync(place.path, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
    if (distrust(fstatSync(fd), 'file')) return undefined;
    return readFileSync(fd, 'utf8');
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Whether a trusted cache entry exists (for markers whose presence is the whole content). */
export function hasCached(rel: string): boolean {
  return readCached(rel) !== undefined;
}

/**
 * Writes a cache entry 0600, creating missing folders 0700, atomically (a temp file renamed over
 * the entry, so a reader never sees half a file and a planted entry is replaced, not written
 * through). Nothing is written where a folder on the way cannot be trusted. A failure only
 * costs speed, so it is silent.
 */
export function writeCached(rel: string, content: string): void {
  const root = cacheDir();
  if (!root) return;
  const parts = splitRelative(rel);
  try {
    let folder = root;
    for (const part of parts.slice(0, -1)) {
      folder = join(folder, part);
      if (!lstatOrUndefined(folder)) {
        mkdirSync(folder, { mode: 0o700 });
        chmodSync(folder, 0o700);
      }
    }
    const place = trustedParent(rel);
    if (!place) return;
    const temp = `${place.path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    // 'wx': never open an existing file (or a link planted under the temp name).
    writeFileSync(temp, content, { mode: 0o600, flag: 'wx' });
    try {
      chmodSync(temp, 0o600);
      renameSync(temp, place.path);
    } catch (e) {
      rmSync(temp, { force: true });
      throw e;
    }
  } catch {
    // A read-only or full disk only costs speed.
  }
}
