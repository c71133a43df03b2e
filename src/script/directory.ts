/**
 * The folder of revision files: finds them, reads their identifiers, and caches that metadata by
 * file size and mtime so that `pmig current` / `heads` / `history` do not load 1,000 modules.
 */
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { createHash } from 'node:crypto';
import { readCached, writeCached } from './cache';
import { loadModule, ScriptLoadError, sha256 } from './loader';

export interface RevisionFile {
  revision: string;
  downRevision: string | string[] | null;
  branchLabels: string[];
  dependsOn: string[];
  /** First line of the doc header. */
  message: string;
  /** 'schema' (default) or 'data'. */
  kind: 'schema' | 'data';
  path: string;
  /** sha256 of the file's bytes: the applied-revision check compares it. */
  checksum: string;
  createDate?: string;
}

const CACHE_VERSION = 1;

interface CacheEntry {
  size: number;
  mtimeMs: number;
  meta: RevisionFile;
}

export function isRevisionFileName(name: string): boolean {
  return /\.(ts|js|cjs|mts|cts)$/.test(name) && !name.endsWith('.d.ts') && !name.startsWith('.') && !name.startsWith('_');
}

/** Reads every revision file's metadata, from the cache where the file has not changed. */
export function readRevisionFiles(versionsDir: string): RevisionFile[] {
  if (!existsSync(versionsDir)) return [];
  const cacheFile = `graph-${createHash('sha1').update(versionsDir).digest('hex').slice(0, 16)}.json`;
  let cache: Record<string, CacheEntry> = {};
  try {
    // readCached returns nothing from a cache another user could have written (see cache.ts).
    const parsed = JSON.parse(readCached(cacheFile) ?? '{}') as { version: number; entries: Record<string, CacheEntry> };
    if (parsed.version === CACHE_VERSION) cache = parsed.entries;
  } catch {
    // No cache yet, or an unreadable one: rebuilt below.
  }
  const fresh: Record<string, CacheEntry> = {};
  let changed = false;
  const files: RevisionFile[] = [];
  for (const name of listFiles(versionsDir)) {
    const path = join(versionsDir, name);
    const st = statSync(path);
    const hit = cache[name];
    if (hit && hit.size === st.size && hit.mtimeMs === st.mtimeMs && hit.meta.path === path) {
      fresh[name] = hit;
      files.push(hit.meta);
      continue;
    }
    const meta = readRevisionMeta(path);
    fresh[name] = { size: st.size, mtimeMs: st.mtimeMs, meta };
    files.push(meta);
    changed = true;
  }
  if (changed || Object.keys(cache).length !== Object.keys(fresh).length) {
    // Cache is an optimisation only: writeCached fails silently.
    writeCached(cacheFile, JSON.stringify({ version: CACHE_VERSION, entries: fresh }));
  }
  return files;
}

/** Revision files under the folder and its subfolders (for --version-path), relative names, sorted. */
function listFiles(dir: string, prefix = ''): string[] {
  const names: string[] = [];
  for (const entry of readdirSync(join(dir, prefix), { withFileTypes: true })) {
    const rel = prefix ? join(prefix, entry.name) : entry.name;
    if (entry.isDirectory()) {
      if (!entry.name.startsWith('.') && entry.name !== 'node_modules') names.push(...listFiles(dir, rel));
    } else if (entry.isFile() && isRevisionFileName(entry.name)) names.push(rel);
  }
  return names.sort();
}

/**
 * Reads one revision file's identifiers. Files as pmig writes them declare them as literals, which
 * are read from the text without compiling or running the module (fast on a cold cache); anything
 * else (computed values) is loaded as a module.
 */
export function readRevisionMeta(path: string): RevisionFile {
  const source = readFileSync(path);
  const text = source.toString('utf8');
  const exports = staticExports(text) ?? loadModule(path, text);
  const fail = (what: string) => new ScriptLoadError(`${path}: ${what}`);
  const revision = exports.revision;
  if (typeof revision !== 'string' || !revision) throw fail("must export a non-empty string 'revision'");
  const down = exports.downRevision;
  if (down !== null && down !== undefined && typeof down !== 'string' && !isStringArray(down)) {
    throw fail("'downRevision' must be a revision id, a list of revision ids, or null");
  }
  // Alembic reads '' as "no down revision"; here it is almost always a lost id, so say so.
  if (down === '' || (Array.isArray(down) && down.includes(''))) {
    throw fail("'downRevision' is an empty string: write null for a first revision, or the id of the revision it follows");
  }
  if (typeof exports.upgrade !== 'function') throw fail("must export an 'upgrade' function");
  if (typeof exports.downgrade !== 'function') throw fail("must export a 'downgrade' function");
  return {
    revision,
    downRevision: (down as string | string[] | undefined) ?? null,
    branchLabels: toList(exports.branchLabels, 'branchLabels', fail),
    dependsOn: toList(exports.dependsOn, 'dependsOn', fail),
    message: docMessage(text) ?? basename(path),
    kind: exports.kind === 'data' ? 'data' : 'schema',
    path,
    checksum: sha256(source),
    createDate: text.match(/^\s*\*?\s*Create Date:\s*(.+)$/m)?.[1]?.trim(),
  };
}

const LITERAL_EXPORT = /^export const (revision|downRevision|branchLabels|dependsOn|kind)\b[^=\n]*=\s*(.+?);?\s*$/gm;

/** The identifier exports when every one is a plain literal, else undefined. */
function staticExports(text: string): Record<string, unknown> | undefined {
  const exports: Record<string, unknown> = {};
  for (const [, name, raw] of text.matchAll(LITERAL_EXPORT)) {
    const value = parseLiteral(raw);
    if (value === undefined) return undefined;
    exports[name] = value;
  }
  if (typeof exports.revision !== 'string' || !('downRevision' in exports)) return undefined;
  // A file without both functions declared plainly is loaded, so that its real problem (a syntax
  // error, a missing export) is what gets reported.
  if (!/^export (async )?function upgrade\b/m.test(text) || !/^export (async )?function downgrade\b/m.test(text)) return undefined;
  // Stand-ins for the checks below; the real functions are loaded when the revision runs.
  exports.upgrade = () => undefined;
  exports.downgrade = () => undefined;
  return exports;
}

/** null, a quoted string, or a list of quoted strings; undefined for anything else. */
function parseLiteral(raw: string): unknown {
  const value = raw.trim();
  if (value === 'null' || value === 'undefined') return null;
  const str = /^(['"])([A-Za-z0-9_@.\- ]*)\1$/.exec(value);
  if (str) return str[2];
  const list = /^\[(.*)\]$/.exec(value);
  if (!list) return undefined;
  if (!list[1].trim()) return [];
  const items = list[1].split(',').map((item) => parseLiteral(item));
  return items.every((item) => typeof item === 'string') ? items : undefined;
}

function isStringArray(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((x) => typeof x === 'string');
}

function toList(value: unknown, name: string, fail: (w: string) => Error): string[] {
  if (value === null || value === undefined) return [];
  if (typeof value === 'string') {
    if (value === '') throw fail(`'${name}' is an empty string: write null for none`);
    return [value];
  }
  if (isStringArray(value)) {
    if (value.includes('')) throw fail(`'${name}' holds an empty string: remove it, or write null for none`);
    return value;
  }
  throw fail(`'${name}' must be a string, a list of strings, or null`);
}

/** The message is the first line of the leading doc comment, as Alembic reads the docstring. */
function docMessage(text: string): string | undefined {
  const doc = text.match(/^\s*\/\*\*?([\s\S]*?)\*\//);
  if (!doc) return undefined;
  const first = doc[1].split('\n').map((l) => l.replace(/^\s*\*\s?/, '').trim()).find((l) => l.length > 0);
  return first;
}
