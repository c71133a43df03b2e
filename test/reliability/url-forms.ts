/**
 * The URL forms of the URL-masking table: every way a user writes a credential into a database
 * URL (user:password, `?password=`, `&sslpassword=`, MySQL's `password1`, unencoded `@ : / # % &`,
 * URL-encoded values, the postgres://, mysql:// and mariadb:// schemes). Each form builds its URL
 * for a given server address and lists the secret texts that must never be printed or stored:
 * the password as written, decoded, and each of its pieces between URL delimiters (a password with
 * an unencoded `@` is what once was "half shown").
 *
 * PostgreSQL here trusts 127.0.0.1, so every parseable PostgreSQL form connects (the password is
 * sent and ignored). MySQL forms connect as a user created with exactly that password, so a form
 * whose password pmig passes on wrongly would fail to connect and the cell would say so.
 */
import { randomBytes } from 'node:crypto';
import type { DialectName } from '../../src/db/types';

export interface Address {
  host: string;
  port: number;
  database: string;
  /** The user the form connects as (MySQL: one created with the form's password). */
  user: string;
}

export interface UrlForm {
  name: string;
  dialect: Exclude<DialectName, 'sqlite'>;
  /** The password a MySQL user needs for this form to connect (as the driver decodes it). */
  password: string;
  url(at: Address): string;
  /** Texts that must not appear anywhere pmig prints or stores. */
  secrets: string[];
  /** The form connects to a reachable server with the right credentials. */
  connects: boolean;
}

/** Pieces of a secret between URL delimiters, long enough to mean something. */
function withPieces(...texts: string[]): string[] {
  const out = new Set<string>();
  for (const t of texts) {
    out.add(t);
    for (const piece of t.split(/[@:/#?&%]/)) if (piece.length >= 4) out.add(piece);
  }
  return [...out];
}

const suffix = randomBytes(3).toString('hex');
const S = (tag: string) => `${tag}${suffix}Pw`;

const hostPort = (a: Address) => `${a.host}:${a.port}`;

export const URL_FORMS: UrlForm[] = [
  {
    name: 'postgresql:// user:password@',
    dialect: 'postgresql', password: S('Alpha1'), connects: true,
    url: (a) => `postgresql://${a.user}:${S('Alpha1')}@${hostPort(a)}/${a.database}`,
    secrets: withPieces(S('Alpha1')),
  },
  {
    name: 'postgresql:// ?password=',
    dialect: 'postgresql', password: S('Bravo2'), connects: true,
    url: (a) => `postgresql://${a.user}@${hostPort(a)}/${a.database}?password=${S('Bravo2')}`,
    secrets: withPieces(S('Bravo2')),
  },
  {
    name: 'postgresql:// &sslpassword=',
    dialect: 'postgresql', password: '', connects: true,
    url: (a) => `postgresql://${a.user}@${hostPort(a)}/${a.database}?sslmode=disable&sslpassword=${S('Charlie3')}`,
    secrets: withPieces(S('Charlie3')),
  },
  {
    name: 'postgres:// password with an unencoded @',
    dialect: 'postgresql', password: `Delta4x@${S('Echo5')}`, connects: true,
    url: (a) => `postgres://${a.user}:Delta4x@${S('Echo5')}@${hostPort(a)}/${a.database}`,
    secrets: withPieces(`Delta4x@${S('Echo5')}`),
  },
  {
    name: 'postgresql:// password with unencoded : / # %',
    dialect: 'postgresql', password: '', connects: false,
    url: (a) => `postgresql://${a.user}:Fox6x:Golf7/Hotel8#India9%${S('Juliet')}@${hostPort(a)}/${a.database}`,
    secrets: withPieces(`Fox6x:Golf7/Hotel8#India9%${S('Juliet')}`),
  },
  {
    name: 'postgresql:// URL-encoded password and ?password= with an unencoded &',
    dialect: 'postgresql', password: '', connects: true,
    url: (a) => `postgresql://${a.user}:Kilo0%40Lima1%2F${S('Mike')}@${hostPort(a)}/${a.database}?password=Nov2x${S('Osc')}&Papa3${S('Que')}&schema=public`,
    secrets: withPieces(`Kilo0%40Lima1%2F${S('Mike')}`, `Kilo0@Lima1/${S('Mike')}`, `Nov2x${S('Osc')}&Papa3${S('Que')}`),
  },
  {
    name: 'mysql:// user:password@',
    dialect: 'mysql', password: S('Romeo'), connects: true,
    url: (a) => `mysql://${a.user}:${S('Romeo')}@${hostPort(a)}/${a.database}`,
    secrets: withPieces(S('Romeo')),
  },
  {
    name: 'mariadb:// user:password@',
    dialect: 'mysql', password: S('Sierra'), connects: true,
    url: (a) => `mariadb://${a.user}:${S('Sierra')}@${hostPort(a)}/${a.database}`,
    secrets: withPieces(S('Sierra')),
  },
  {
    name: 'mysql:// URL-encoded password with @ / # %',
    dialect: 'mysql', password: `Tango1@Uni2/Vic3#W4%${S('X')}`, connects: true,
    url: (a) => `mysql://${a.user}:${encodeURIComponent(`Tango1@Uni2/Vic3#W4%${S('X')}`)}@${hostPort(a)}/${a.database}`,
    secrets: withPieces(encodeURIComponent(`Tango1@Uni2/Vic3#W4%${S('X')}`), `Tango1@Uni2/Vic3#W4%${S('X')}`),
  },
  {
    name: 'mysql:// password with an unencoded @',
    dialect: 'mysql', password: `Yank5x@${S('Zulu')}`, connects: true,
    url: (a) => `mysql://${a.user}:Yank5x@${S('Zulu')}@${hostPort(a)}/${a.database}`,
    secrets: withPieces(`Yank5x@${S('Zulu')}`),
  },
  {
    name: 'mysql:// ?password= and password1..3',
    dialect: 'mysql', password: '', connects: false,
    url: (a) =>
      `mysql://${a.user}@${hostPort(a)}/${a.database}?password=${S('Ab1')}&password1=${S('Cd2')}&password2=${S('Ef3')}&password3=${S('Gh4')}`,
    secrets: withPieces(S('Ab1'), S('Cd2'), S('Ef3'), S('Gh4')),
  },
];

/** The first secret text found in `text`, or undefined. */
export function leakedSecret(form: UrlForm, text: string): string | undefined {
  return form.secrets.find((s) => text.includes(s));
}
