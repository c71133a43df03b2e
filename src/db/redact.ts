/**
 * Keeps credentials out of every message pmig prints. maskUrl (url.ts) masks a URL that pmig
 * prints itself; drivers' own messages may echo a password, or the part of one that they took for
 * a host name ("getaddrinfo ENOTFOUND <part>"). So the secrets of every URL pmig is given are
 * remembered for the process, and redactSecrets() masks them, and any URL, in a message's text.
 */
import { maskUrl, urlSecrets } from './url';

const MASK = '****';

/** Secrets of the URLs seen in this process, longest first. */
let known: string[] = [];

/** Remembers a URL's secrets so that redactSecrets() masks them wherever they show up. */
export function rememberUrlSecrets(url: unknown): void {
  if (typeof url !== 'string' || !url) return;
  const secrets = urlSecrets(url).filter((s) => !known.includes(s));
  if (secrets.length) known = [...known, ...secrets].sort((a, b) => b.length - a.length);
}

/** Anything that looks like a URL with a scheme, up to white space or a quote. */
const URL_IN_TEXT = /\b[a-z][a-z0-9+.-]*:\/\/[^\s'"`<>]+/gi;

/**
 * The text with every URL masked and every remembered secret (plus `extra`) replaced by ****.
 * A secret of four characters or more is masked wherever it occurs; a shorter one only as a word
 * of its own, so that masking a two-letter password does not garble the message; a single
 * character reveals nothing and is left alone.
 */
export function redactSecrets(text: string, extra: string[] = []): string {
  const secrets = [...new Set([...known, ...extra])].filter((s) => s.length > 1).sort((a, b) => b.length - a.length);
  let out = text.replace(URL_IN_TEXT, (url) => maskUrl(url));
  for (const secret of secrets) {
    out = secret.length >= 4 ? out.split(secret).join(MASK) : out.replace(wordPattern(secret), MASK);
  }
  return out;
}

function wordPattern(secret: string): RegExp {
  return new RegExp(`(?<![A-Za-z0-9])${secret.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![A-Za-z0-9])`, 'g');
}
