/**
 * Credentials are never printed (issue 9, Security 2). maskUrl and redactSecrets case by case,
 * then two of the hardest URL forms crossed with every place pmig prints or stores a URL, through
 * the real CLI (every form: url-masking.slow.test.ts).
 */
import { maskUrl, urlSecrets } from '../../src/db/url';
import { redactSecrets, rememberUrlSecrets } from '../../src/db/redact';
import { tally } from './tally';
import { spawnSync } from 'node:child_process';
import { BIN } from '../helpers/project';
import { leakedSecret, URL_FORMS } from './url-forms';
import { describeUrlForms } from './url-masking-table';

const MASKED: [string, string][] = [
  ['postgresql://u:pw@db.example.com:5432/app', 'postgresql://u:****@db.example.com:5432/app'],
  ['postgres://u:pw@h/app?schema=s', 'postgres://u:****@h/app?schema=s'],
  ['postgresql://u@h/app?password=Secret1', 'postgresql://u@h/app?password=****'],
  ['postgresql://u@h/app?sslmode=require&password=Secret1&schema=x', 'postgresql://u@h/app?sslmode=require&password=****&schema=x'],
  ['postgresql://u@h/app?sslmode=verify-full&sslpassword=KeyPass9', 'postgresql://u@h/app?sslmode=verify-full&sslpassword=****'],
  ['postgresql://u@h/app?PASSWORD=Upper1', 'postgresql://u@h/app?PASSWORD=****'],
  ['postgresql://u@h/app?pass%77ord=Encoded1', 'postgresql://u@h/app?pass%77ord=****'],
  ['postgresql://u@h/app?password=a&b#c&schema=x', 'postgresql://u@h/app?password=****&schema=x'],
  ['postgresql://u:p@ss@h:5432/app', 'postgresql://u:****@h:5432/app'],
  ['postgresql://u:p@s:s/w#o%rd@h:5432/app', 'postgresql://u:****@h:5432/app'],
  ['postgresql://u:p%40ss%2Fw@h/app', 'postgresql://u:****@h/app'],
  ['postgresql://u:@h/app', 'postgresql://u:****@h/app'],
  ['postgresql://u@h/app?password=Pw1&sslcert=/home/me@corp/c.pem', 'postgresql://u@h/app?password=****&sslcert=/home/me@corp/c.pem'],
  ['postgresql://h:5432/app', 'postgresql://h:5432/app'],
  ['postgresql://u@h/app', 'postgresql://u@h/app'],
  ['mysql://root:pw@127.0.0.1:3306/db', 'mysql://root:****@127.0.0.1:3306/db'],
  ['mariadb://root:pw@127.0.0.1:3306/db', 'mariadb://root:****@127.0.0.1:3306/db'],
  ['mysql://root@h/db?password1=One1&password2=Two2&password3=Three3', 'mysql://root@h/db?password1=****&password2=****&password3=****'],
  ['mysql://root@h/db?ssl=true&password=Pw1', 'mysql://root@h/db?ssl=true&password=****'],
  ['file:./dev.db', 'file:./dev.db'],
  ['file:/tmp/x.db?connection_limit=1', 'file:/tmp/x.db?connection_limit=1'],
];

describe('maskUrl', () => {
  test.each(MASKED)('%s -> %s', (url, masked) => {
    tally.inputs();
    expect(maskUrl(url)).toBe(masked);
    // Masking a masked URL changes nothing: displayUrl can go through redactSecrets again.
    expect(maskUrl(masked)).toBe(masked);
  });

  test.each(URL_FORMS.map((f) => [f.name, f] as const))('%s: no secret left, host and database kept', (_name, form) => {
    const at = { host: 'db.example.com', port: 5432, database: 'appdb', user: 'app' };
    const masked = maskUrl(form.url(at));
    expect(form.secrets.filter((s) => masked.includes(s))).toEqual([]);
    expect(masked).toContain('db.example.com');
    expect(masked).toContain('/appdb');
    expect(masked).toContain('app');
  });

  test('urlSecrets: the password as written, decoded, and its pieces', () => {
    expect(urlSecrets('postgresql://u:Ab%40Cd@h/db')).toEqual(expect.arrayContaining(['Ab%40Cd', 'Ab@Cd']));
    expect(urlSecrets('postgresql://u:Pw1@Host2@h/db')).toEqual(expect.arrayContaining(['Pw1@Host2', 'Pw1', 'Host2']));
    expect(urlSecrets('mysql://u@h/db?password=a+b')).toEqual(expect.arrayContaining(['a+b', 'a b']));
    expect(urlSecrets('postgresql://u@h/db')).toEqual([]);
  });
});

describe('redactSecrets', () => {
  test("masks a remembered password in a driver's message, and any URL in it", () => {
    rememberUrlSecrets('postgres://u:Zq7pw@Kx9vbHost@127.0.0.1:5432/db');
    expect(redactSecrets('getaddrinfo ENOTFOUND Kx9vbHost')).toBe('getaddrinfo ENOTFOUND ****');
    expect(redactSecrets('password "Zq7pw@Kx9vbHost" rejected')).toBe('password "****" rejected');
    expect(redactSecrets('see mysql://root:Other9@h:3306/db for details')).toBe('see mysql://root:****@h:3306/db for details');
  });

  test('a short password is masked only as a word of its own; one character is left alone', () => {
    expect(redactSecrets('user pg failed: pg', ['pg'])).toBe('user **** failed: ****');
    expect(redactSecrets('upgrade done', ['pg'])).toBe('upgrade done');
    expect(redactSecrets('a table', ['a'])).toBe('a table');
  });
});

describe("oclif's own errors", () => {
  test('a URL typed where no argument is expected is masked in "command not found"', () => {
    const form = URL_FORMS.find((f) => f.name === 'postgres:// password with an unencoded @')!;
    const url = form.url({ host: '127.0.0.1', port: 1, database: 'appdb', user: 'app' });
    const r = spawnSync(process.execPath, [BIN, 'current', url], { encoding: 'utf8', env: { ...process.env, PMIG_DEBUG: '' } });
    tally.inputs();
    const output = `${r.stdout}${r.stderr}`;
    const leaked = leakedSecret(form, output);
    if (leaked) tally.lostOrExposed(`oclif error: ${leaked}`);
    expect({ code: r.status, leaked }).toEqual({ code: 2, leaked: undefined });
    expect(output).toContain('postgres://app:****@127.0.0.1:1/appdb');
  });
});

const HARD = ['postgres:// password with an unencoded @', 'mysql:// URL-encoded password with @ / # %'];
describeUrlForms('URL masking through the CLI (two hard forms; every form in the slow suite)', URL_FORMS.filter((f) => HARD.includes(f.name)));
