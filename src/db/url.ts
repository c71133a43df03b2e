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

const MASK = '****';

/**
 * Query parameters whose value is a credential: libpq's and pg's `password` and `sslpassword`,
 * mysql2's `password1`..`password3` (multi-factor), and the usual aliases.
 */
const SECRET_PARAMETER = /^(?:password\d*|sslpassword|passwd|pwd|pass)$/i;

/**
 * Where the secrets of a URL are, as [start, end) spans of the text, found as a careless reader
 * would have written them:
 * - the password of `user:password@host`, up to the *last* `@` so that an unencoded `@`, `:`,
 *   `/`, `#`, `?` or `%` in it stays inside (a query holding an `@` then hides a little more
 *   than the password, never less);
 * - the value of every credential parameter of the query, up to the next `&name=` or the end,
 *   so that an unencoded `&` or `#` in it stays inside too. Parameter names are compared decoded.
 */
function secretSpans(url: string): [number, number][] {
  const spans: [number, number][] = [];
  let queryFrom = 0;
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(url);
  if (scheme) {
    const start = scheme[0].length;
    const at = url.lastIndexOf('@');
    if (at >= start) {
      const colon = url.indexOf(':', start);
      // Without a password before it, that `@` may sit in the query: scan all of the query then.
      if (colon >= 0 && colon < at) {
        spans.push([colon + 1, at]);
        queryFrom = at + 1;
      }
    }
  }
  const parameter = /[?&;]([^&=?#;]+)=/g;
  parameter.lastIndex = queryFrom;
  for (let m = parameter.exec(url); m; m = parameter.exec(url)) {
    if (!SECRET_PARAMETER.test(safeDecode(m[1]))) continue;
    const from = m.index + m[0].length;
    const next = /&[^&=?#;\s]+=/g;
    next.lastIndex = from;
    const end = next.exec(url)?.index ?? url.length;
    spans.push([from, end]);
    parameter.lastIndex = end;
  }
  return spans;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * The URL with every credential replaced by ****: the one form in which pmig prints or stores a
 * URL (messages, --json, generated files, the generator's line). Host, port, user, database and
 * the other parameters stay, so the URL is still recognisable.
 */
export function maskUrl(url: string): string {
  let out = '';
  let from = 0;
  for (const [start, end] of secretSpans(url)) {
    out += url.slice(from, start) + MASK;
    from = end;
  }
  return out + url.slice(from);
}

/**
 * The texts a driver could echo from a URL's credentials: each secret as written, decoded (as
 * drivers decode it, `+` as a space in a query), and the pieces between URL delimiters (a
 * password with an unencoded `@` makes pg read part of it as the host name).
 */
export function urlSecrets(url: string): string[] {
  const found = new Set<string>();
  for (const [start, end] of secretSpans(url)) {
    const raw = url.slice(start, end);
    for (const form of [raw, safeDecode(raw), safeDecode(raw.replace(/\+/g, ' '))]) {
      found.add(form);
      for (const piece of form.split(/[@:/#?&]/)) found.add(piece);
    }
  }
  found.delete('');
  return [...found];
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
