/**
 * Bad input, table-driven: each row is a command line, files or environment a user could get
 * wrong, run through the real CLI; each must end with a specific message and a non-zero exit,
 * with no stack trace and no password in what is printed. SQLite and unreachable ports only, so
 * that it runs in `npm test`; inputs that need a PostgreSQL or MariaDB server are in
 * bad-inputs-db.slow.test.ts.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { tally } from './tally';
import {
  R1, R2, R3, SECRET, problemsOf, projectFor, removeProjects, revisionText, runAll, runCli, sqliteAt,
  type BadInput, type Outcome,
} from './bad-inputs';

const V = 'migrations/versions';
let templateDb = '';
const atRows = (rows: string[]) => (dir: string) => sqliteAt(templateDb, rows)(dir);
const config = (text: string) => ({ 'pmig.config.ts': text });
const revision = (name: string, text: string) => ({ [`${V}/${name}`]: text });
const pgUrl = (port: number) => `postgresql://app:${SECRET}@127.0.0.1:${port}/app`;

const targets: BadInput[] = [
  { name: 'upgrade +', args: ['upgrade', '+'], expect: "Can't locate revision identified by '+'" },
  { name: 'upgrade -0', args: ['upgrade', '-0'], expect: /didn't produce|not a valid upgrade target/ },
  { name: 'upgrade to an unknown branch label', args: ['upgrade', 'abc@head'], expect: "Can't locate revision identified by 'abc'" },
  { name: 'upgrade head+x', args: ['upgrade', 'head+x'], expect: "Can't locate revision identified by 'head+x'" },
  { name: 'a range without --sql', args: ['upgrade', 'base:head'], expect: 'Range revision not allowed' },
  { name: 'a downgrade range without --sql', args: ['downgrade', 'head:base'], expect: 'Range revision not allowed' },
  { name: 'upgrade to an ambiguous prefix', args: ['upgrade', '1a2b'], expect: /ambiguous[^]*1a2b3c4d5e6f {2}create one[^]*1a2b99999999 {2}create two/ },
  { name: 'downgrade to an ambiguous prefix', args: ['downgrade', '1a2b'], setup: atRows([R3]), expect: "Revision '1a2b' is ambiguous" },
  { name: 'show an ambiguous prefix', args: ['show', '1a2b'], expect: "Revision '1a2b' is ambiguous" },
  { name: 'stamp an ambiguous prefix', args: ['stamp', '1a2b'], expect: "Revision '1a2b' is ambiguous" },
  { name: 'history from an ambiguous prefix', args: ['history', '-r', '1a2b:'], expect: "Revision '1a2b' is ambiguous" },
  { name: 'upgrade to an unknown revision', args: ['upgrade', 'deadbeef0000'], expect: "Can't locate revision identified by 'deadbeef0000'" },
  { name: 'upgrade to a too-short prefix that matches nothing', args: ['upgrade', 'ff'], expect: "Can't locate revision identified by 'ff'" },
  { name: 'upgrade +99', args: ['upgrade', '+99'], expect: "Relative revision +99 didn't produce 99 migrations" },
  { name: 'downgrade -99', args: ['downgrade', '-99'], setup: atRows([R3]), expect: "Relative revision -99 didn't produce 99 migrations" },
  { name: 'downgrade -1 at base', args: ['downgrade', '-1'], expect: "Relative revision -1 didn't produce 1 migrations" },
  { name: 'downgrade to a revision above the current one', args: ['downgrade', R3], setup: atRows([R1]), expect: `Destination ${R3} is not a valid downgrade target` },
  { name: 'upgrade a:b:c --sql', args: ['upgrade', `${R1}:${R2}:${R3}`, '--sql'], expect: "Can't locate revision identified by" },
  { name: 'downgrade --sql without a range', args: ['downgrade', 'base', '--sql'], expect: 'downgrade with --sql requires <fromrev>:<torev>' },
  { name: 'a reversed upgrade --sql range', args: ['upgrade', `${R3}:${R1}`, '--sql'], expect: `Range ${R3}:${R1} runs backwards for upgrade` },
  { name: 'an upgrade --sql range down to base', args: ['upgrade', `${R2}:base`, '--sql'], expect: 'runs backwards for upgrade' },
  { name: 'a reversed downgrade --sql range', args: ['downgrade', `${R1}:${R3}`, '--sql'], expect: `Range ${R1}:${R3} runs backwards for downgrade` },
  { name: 'a downgrade --sql range from base', args: ['downgrade', `base:${R2}`, '--sql'], expect: '`pmig upgrade base:' },
  { name: 'an empty target', args: ['upgrade', ''], expect: /Can't locate revision identified by ''|No such revision/ },
  { name: 'upgrade head@head', args: ['upgrade', 'head@head'], expect: "Can't locate revision identified by 'head'" },
  { name: 'a relative step from a revision past the base', args: ['upgrade', `${R2}-5`, '--sql'], expect: /Walked too far|didn't produce|does not lead to a revision/ },
  { name: 'stamp an unknown revision', args: ['stamp', 'deadbeef0000'], expect: "Can't locate revision identified by 'deadbeef0000'" },
  { name: 'stamp --purge with --sql', args: ['stamp', 'head', '--sql', '--purge'], expect: "Can't use --purge with --sql mode" },
  { name: 'stamp without a revision', args: ['stamp'], expect: 'Missing 1 required arg', code: 2 },
  { name: 'show an unknown revision', args: ['show', 'deadbeef0000'], expect: "Can't locate revision identified by 'deadbeef0000'" },
  { name: 'show without a revision', args: ['show'], expect: 'Missing 1 required arg', code: 2 },
  { name: 'history -r without a colon', args: ['history', '-r', 'abc'], expect: "History range requires [start]:[end], [start]:, or :[end]; got 'abc'" },
  { name: 'history -r from an unknown revision', args: ['history', '-r', 'deadbeef0000:'], expect: "Can't locate revision identified by 'deadbeef0000'" },
  { name: 'history -r reversed', args: ['history', '-r', `${R3}:${R1}`], expect: `Requested range ${R3}:${R1} does not refer to ancestor/descendant revisions` },
  { name: 'history -r with an empty value', args: ['history', '-r'], expect: 'Flag --rev-range expects a value', code: 2 },
  { name: 'merge with one revision', args: ['merge', '-m', 'join', R3], expect: /at least two|two or more|one revision|nothing to merge/i },
  { name: 'merge an unknown revision', args: ['merge', '-m', 'join', R3, 'deadbeef0000'], expect: "Can't locate revision identified by 'deadbeef0000'" },
  { name: 'merge without revisions', args: ['merge', '-m', 'join'], expect: 'Missing 1 required arg', code: 2 },
  { name: 'merge a revision with its own ancestor', args: ['merge', '-m', 'join', R3, R1], expect: `Cannot merge ${R3} with ${R1}: ${R1} is already an ancestor of ${R3}` },
];

const flags: BadInput[] = [
  { name: 'an unknown command', args: ['upgrad'], expect: 'command upgrad not found', code: 2 },
  { name: 'an unknown flag on upgrade', args: ['upgrade', '--frobnicate'], expect: 'Nonexistent flag: --frobnicate', code: 2 },
  { name: 'an unknown flag on current', args: ['current', '--all'], expect: 'Nonexistent flag: --all', code: 2 },
  { name: 'an unexpected argument', args: ['heads', 'extra'], expect: /not found|Unexpected argument/, code: 2 },
  { name: 'two targets for upgrade', args: ['upgrade', 'head', R1], expect: 'Unexpected argument', code: 2 },
  { name: '--sql with --yes on upgrade', args: ['upgrade', 'head', '--sql', '--yes'], expect: /--yes=true cannot also be provided when using --sql|cannot also be provided/, code: 2 },
  { name: '--sql with --yes on downgrade', args: ['downgrade', `${R3}:base`, '--sql', '--yes'], expect: /--sql=true cannot also be provided when using --yes|--yes=true cannot also be provided when using --sql/, code: 2 },
  { name: 'a bad --data-downgrade value', args: ['upgrade', '--data-downgrade', 'maybe'], expect: 'Expected --data-downgrade=maybe to be one of: run, skip', code: 2 },
  { name: 'a bad --output value', args: ['revision', '--autogenerate', '-m', 'x', '--output', 'xml'], expect: 'Expected --output=xml to be one of: text, json', code: 2 },
  { name: '-m without a value', args: ['revision', '-m'], expect: 'Flag --message expects a value', code: 2 },
  { name: '--data with --autogenerate', args: ['revision', '-m', 'x', '--data', '--autogenerate'], expect: 'cannot also be provided when using', code: 2 },
  { name: '--allow-empty without --autogenerate', args: ['revision', '-m', 'x', '--allow-empty'], expect: /All of the following must be provided when using --allow-empty:[\s›]+--autogenerate/, code: 2 },
  { name: 'revision --head of an unknown revision', args: ['revision', '-m', 'x', '--head', 'deadbeef0000'], expect: "Can't locate revision identified by 'deadbeef0000'" },
  { name: 'revision --head of a revision that is not a head', args: ['revision', '-m', 'x', '--head', R1], expect: /not a head|--splice/ },
  { name: 'revision --rev-id with a dash', args: ['revision', '-m', 'x', '--rev-id', 'ab-cd'], expect: "Revision id 'ab-cd' may only contain letters, digits and _." },
  { name: 'revision --rev-id that exists', args: ['revision', '-m', 'x', '--rev-id', R1], expect: new RegExp(`${R1}.*(already|more than once|exists)`) },
  { name: 'revision --depends-on an unknown revision', args: ['revision', '-m', 'x', '--depends-on', 'deadbeef0000'], expect: "Can't locate revision identified by 'deadbeef0000'" },
  { name: 'revision --version-path outside the versions folder', args: ['revision', '-m', 'x', '--version-path', '/tmp'], expect: 'is not inside the versions folder' },
  { name: 'revision --autogenerate without a Prisma schema', args: ['revision', '--autogenerate', '-m', 'x'], setup: atRows([R3]), expect: /schema/i },
  { name: 'check without a Prisma schema', args: ['check'], setup: atRows([R3]), expect: /schema/i },
  { name: 'an unknown --env', args: ['heads', '--env', 'staging'], expect: "Unknown environment 'staging'" },
  { name: '--env without a value', args: ['heads', '--env'], expect: 'Flag --env expects a value', code: 2 },
  { name: '--config naming a file that does not exist', args: ['heads', '--config', 'nope.config.ts'], expect: /Config file not found: .*nope\.config\.ts/ },
  { name: '--config naming a folder', args: ['heads', '--config', 'migrations'], expect: /--config names a folder, not a file: .*migrations/ },
  { name: '--config naming the project folder', args: ['heads', '--config', '.'], expect: /--config names a folder[^]*--config .*pmig\.config\.ts/ },
  { name: '--config naming a Markdown file', args: ['heads', '--config', 'README.md'], files: { 'README.md': '# My project\n\nSome *notes*.\n' }, expect: /README\.md(:\d+)?: (does not compile|failed to load)/ },
  { name: 'init where pmig is already set up', args: ['init'], files: { 'migrations/revision.ts.hbs': 'x', 'migrations/data_revision.ts.hbs': 'x' }, expect: 'pmig is already initialised here: nothing was written.' },
];

const urls: BadInput[] = [
  { name: 'an empty --url', args: ['current', '--url', ''], expect: '--url is empty' },
  { name: 'an empty DATABASE_URL', args: ['current'], env: { DATABASE_URL: '' }, expect: 'No database URL' },
  { name: 'an unsupported URL scheme', args: ['current', '--url', `oracle://app:${SECRET}@db.example.com/app`], expect: 'Unsupported database URL oracle://app:****@db.example.com/app' },
  { name: 'a URL that is not a URL', args: ['current', '--url', 'localhost'], expect: 'Unsupported database URL' },
  { name: 'an unsupported scheme in DATABASE_URL', args: ['upgrade', 'head'], env: { DATABASE_URL: `sqlserver://sa:${SECRET}@h:1433` }, expect: 'Unsupported database URL' },
  { name: 'a SQLite URL whose folder does not exist', args: ['current', '--url', 'file:./no/such/dir/dev.db'], expect: /the folder .*no\/such\/dir does not exist/ },
  { name: 'a SQLite URL naming a folder', args: ['current', '--url', 'file:./migrations'], expect: /migrations is a folder, not a SQLite database file/ },
  { name: 'a SQLite file that is not a database', args: ['current', '--url', 'file:./notes.db'], files: { 'notes.db': 'plain text, not SQLite\n'.repeat(20) }, expect: /notes\.db is not a SQLite database/ },
  { name: 'upgrade into a SQLite file that is not a database', args: ['upgrade', 'head'], files: { 'dev.db': 'x'.repeat(4096) }, expect: /dev\.db is not a SQLite database/ },
  { name: 'a PostgreSQL port nothing listens on', args: ['current', '--url', pgUrl(1)], expect: 'nothing listens on 127.0.0.1:1' },
  { name: 'a MySQL port nothing listens on', args: ['current', '--url', `mysql://root:${SECRET}@127.0.0.1:1/app`], expect: 'nothing listens on 127.0.0.1:1' },
  { name: 'a host that does not resolve', args: ['current', '--url', `postgresql://app:${SECRET}@no-such-host.invalid:5432/app`], expect: /no-such-host\.invalid/ },
  { name: 'a PostgreSQL URL in the config that nothing answers', args: ['upgrade', 'head'], files: config(`export default { url: '${pgUrl(1)}' };\n`), env: { DATABASE_URL: '' }, expect: 'Cannot connect to postgresql://app:****@127.0.0.1:1/app' },
  { name: 'a password with an @ in the URL', args: ['current', '--url', `postgresql://app:${SECRET}@x@127.0.0.1:1/app`], expect: /Cannot connect|Unsupported|Invalid/ },
];

/** Config files: each key with a value of the wrong type, unknown keys, and broken modules. */
const configs: BadInput[] = [
  { name: 'a config with a syntax error', args: ['heads'], files: config("export default {\n  versionsDir: 'migrations/versions',,\n};\n"), expect: /pmig\.config\.ts:2(:\d+)?: (does not compile|failed to load): Unexpected token/ },
  { name: 'a config that throws when loaded', args: ['heads'], files: config("throw new Error('no config for you');\nexport default {};\n"), expect: /pmig\.config\.ts:1: failed to load: no config for you/ },
  { name: 'a config importing a missing module', args: ['heads'], files: config("import x from 'not-a-real-module-h7';\nexport default x;\n"), expect: /pmig\.config\.ts(:\d+)?: failed to load: Cannot find module 'not-a-real-module-h7'/ },
  { name: 'a config that exports nothing', args: ['heads'], files: config('const config = {};\n'), expect: /pmig\.config\.ts exports nothing: write `export default defineConfig/ },
  { name: 'a config with only a named export', args: ['heads'], files: config('export const config = {};\n'), expect: /has no default export \(it exports config\)/ },
  { name: 'a config exporting a function', args: ['heads'], files: config('export default () => ({});\n'), expect: 'must be an object (export default defineConfig({ ... })); got a function' },
  { name: 'a config exporting a number', args: ['heads'], files: config('export default 42;\n'), expect: 'got the number 42' },
  { name: 'a config exporting null', args: ['heads'], files: config('export default null;\n'), expect: 'got null' },
  { name: 'a config exporting a list', args: ['heads'], files: config("export default ['migrations'];\n"), expect: 'got a list' },
  { name: 'a config exporting a Promise', args: ['heads'], files: config('export default Promise.resolve({});\n'), expect: 'got a Promise' },
  { name: 'a CommonJS config exporting a string', args: ['heads'], files: { 'pmig.config.cjs': "module.exports = 'migrations';\n" }, setup: (dir) => rmSync(join(dir, 'pmig.config.ts')), expect: 'got the string "migrations"' },
  { name: 'an unknown config key near versionsDir', args: ['heads'], files: config(`export default { versionDir: 'migrations/versions', url: '${pgUrl(5432)}' };\n`), expect: "Unknown config key 'versionDir' in" },
  { name: 'an empty url in the config', args: ['current'], files: config("export default { url: '' };\n"), expect: /url in .*pmig\.config\.ts is empty/ },
  { name: 'the suggestion for a near key', args: ['heads'], files: config("export default { versionTabel: 'v' };\n"), expect: "Did you mean 'versionTable'?" },
  { name: 'an unknown config key in another case', args: ['heads'], files: config(`export default { URL: '${pgUrl(5432)}' };\n`), expect: "Unknown config key 'URL' in" },
  { name: 'a config key with nothing close', args: ['heads'], files: config("export default { frobnicate: true };\n"), expect: /Unknown config key 'frobnicate' in .*Known keys: schema, versionsDir/ },
  { name: 'schema as a number', args: ['heads'], files: config('export default { schema: 1 };\n'), expect: "Config key 'schema' in" },
  { name: 'versionsDir as a number', args: ['heads'], files: config('export default { versionsDir: 42 };\n'), expect: "Config key 'versionsDir' in" },
  { name: 'versionsDir as an empty string', args: ['heads'], files: config("export default { versionsDir: '' };\n"), expect: 'got an empty string' },
  { name: 'url as a number', args: ['heads'], files: config('export default { url: 5432 };\n'), expect: "Config key 'url' in" },
  { name: 'url as an object', args: ['heads'], files: config(`export default { url: { host: 'h', password: '${SECRET}' } };\n`), expect: /Config key 'url' in .* must be a database URL string.*got an object/ },
  { name: 'versionTable as a number', args: ['heads'], files: config('export default { versionTable: 7 };\n'), expect: "Config key 'versionTable' in" },
  { name: 'versionTable that is not an identifier', args: ['heads'], files: config("export default { versionTable: 'my versions' };\n"), expect: "versionTable 'my versions' must be a plain identifier" },
  { name: 'revisionTemplate as true', args: ['heads'], files: config('export default { revisionTemplate: true };\n'), expect: "Config key 'revisionTemplate' in" },
  { name: 'dataRevisionTemplate as a list', args: ['heads'], files: config("export default { dataRevisionTemplate: ['a.hbs'] };\n"), expect: "Config key 'dataRevisionTemplate' in" },
  { name: 'fileTemplate as an empty string', args: ['heads'], files: config("export default { fileTemplate: '' };\n"), expect: "Config key 'fileTemplate' in" },
  { name: 'include as a string', args: ['heads'], files: config("export default { include: 'User' };\n"), expect: /Config key 'include' in .* must be a list of strings.*got the string "User"/ },
  { name: 'exclude holding a number', args: ['heads'], files: config("export default { exclude: ['a', 1] };\n"), expect: /Config key 'exclude' in .*got a list holding the number 1/ },
  { name: 'postWriteHooks as a string', args: ['heads'], files: config("export default { postWriteHooks: 'prettier --write {file}' };\n"), expect: "Config key 'postWriteHooks' in" },
  { name: 'lockTimeout as a string', args: ['heads'], files: config("export default { lockTimeout: '10s' };\n"), expect: "Config key 'lockTimeout' in" },
  { name: 'lockTimeout negative', args: ['heads'], files: config('export default { lockTimeout: -1 };\n'), expect: /Config key 'lockTimeout' in .*got the number -1/ },
  { name: 'environments as a string', args: ['heads'], files: config("export default { environments: 'staging' };\n"), expect: "Config key 'environments' in" },
  { name: 'an environment that is not an object', args: ['heads'], files: config('export default { environments: { staging: 42 } };\n'), expect: "Environment 'staging' in" },
  { name: 'a wrong type inside an environment', args: ['heads', '--env', 'staging'], files: config('export default { environments: { staging: { url: 5 } } };\n'), expect: "Config key 'environments.staging.url' in" },
  { name: 'an unknown key inside an environment', args: ['heads'], files: config("export default { environments: { staging: { versionTabel: 'v' } } };\n"), expect: "Did you mean 'environments.staging.versionTable'?" },
  { name: 'environments nested in an environment', args: ['heads'], files: config('export default { environments: { staging: { environments: {} } } };\n'), expect: 'environments cannot be nested' },
  { name: 'a package.json that is not JSON', args: ['heads'], base: 'bare', files: { 'package.json': '{ "name": "x", }' }, setup: (dir) => rmSync(join(dir, 'pmig.config.ts')), expect: /package\.json is not valid JSON/ },
  { name: 'an unknown key in package.json "pmig"', args: ['heads'], base: 'bare', files: { 'package.json': JSON.stringify({ pmig: { versionDir: 'm' } }) }, setup: (dir) => rmSync(join(dir, 'pmig.config.ts')), expect: /Unknown config key 'versionDir' in .*package\.json \("pmig" key\)\. Did you mean 'versionsDir'\?/ },
  { name: 'package.json "pmig" as a string', args: ['heads'], base: 'bare', files: { 'package.json': JSON.stringify({ pmig: 'migrations' }) }, setup: (dir) => rmSync(join(dir, 'pmig.config.ts')), expect: 'got the string "migrations"' },
  { name: 'a prisma.config.ts that does not load', args: ['heads'], files: { 'prisma.config.ts': "throw new Error('broken prisma config');\nexport default {};\n" }, expect: /Cannot load .*prisma\.config\.ts/ },
  { name: 'a versions folder that does not exist (heads)', args: ['heads'], files: config("export default { versionsDir: 'db/versions' };\n"), expect: /Versions folder not found: .*db\/versions \(versionsDir in .*pmig\.config\.ts\)\. Run `pmig init --versions-dir db\/versions`/ },
  { name: 'a versions folder that does not exist (upgrade)', args: ['upgrade', 'head'], files: config("export default { versionsDir: 'db/versions' };\n"), expect: 'Versions folder not found' },
  { name: 'a versions folder that does not exist (current)', args: ['current'], files: config("export default { versionsDir: 'db/versions' };\n"), expect: 'Versions folder not found' },
  { name: 'a versions folder that does not exist (show)', args: ['show', 'head'], files: config("export default { versionsDir: 'db/versions' };\n"), expect: 'Versions folder not found' },
  { name: 'a versions folder that does not exist (merge)', args: ['merge', '-m', 'x', 'heads'], files: config("export default { versionsDir: 'db/versions' };\n"), expect: 'Versions folder not found' },
  { name: 'a versions folder that does not exist (no config)', args: ['history'], base: 'empty', expect: /Versions folder not found: .*migrations\/versions \(the default versionsDir\)/ },
  { name: 'a versions folder with a space that does not exist', args: ['heads'], files: config("export default { versionsDir: 'my versions' };\n"), expect: "pmig init --versions-dir 'my versions'" },
  { name: 'a versions folder that is a file', args: ['heads'], files: { ...config("export default { versionsDir: 'versions.txt' };\n"), 'versions.txt': 'x' }, expect: 'is a file, not a folder' },
];

/** Revision files: broken modules, missing or mistyped exports, broken graphs. */
const revisions: BadInput[] = [
  { name: 'a revision with a syntax error', args: ['upgrade', 'head'], files: revision('bad.ts', revisionText({ id: 'bad000000001', down: R3, extra: 'const x = ;' })), expect: /bad\.ts:\d+:\d+: does not compile/ },
  { name: 'a revision that throws when loaded', args: ['upgrade', 'head'], files: revision('bad.ts', revisionText({ id: 'bad000000001', down: R3, extra: "throw new Error('top-level boom');" })), expect: /bad\.ts:\d+: failed to load: top-level boom/ },
  { name: 'a revision importing a missing module', args: ['upgrade', 'head', '--sql'], files: revision('bad.ts', `import 'no-such-module-h7';\n${revisionText({ id: 'bad000000001', down: R3 })}`), expect: /bad\.ts(:\d+)?: failed to load: Cannot find module 'no-such-module-h7'/ },
  { name: 'a revision without a revision export', args: ['heads'], files: revision('bad.ts', revisionText({ down: R3 })), expect: /bad\.ts: must export a non-empty string 'revision'/ },
  { name: 'a revision whose id is a number', args: ['heads'], files: revision('bad.ts', revisionText({ id: 12345, down: R3 })), expect: /bad\.ts: must export a non-empty string 'revision'/ },
  { name: 'a revision whose id is empty', args: ['heads'], files: revision('bad.ts', revisionText({ id: '', down: R3 })), expect: /bad\.ts: must export a non-empty string 'revision'/ },
  { name: 'a revision id with a plus', args: ['heads'], files: revision('bad.ts', revisionText({ id: 'ab+cd', down: R3 })), expect: "Character(s) '+' not allowed in revision identifier 'ab+cd'" },
  { name: 'a revision id with an at sign', args: ['heads'], files: revision('bad.ts', revisionText({ id: 'ab@cd', down: R3 })), expect: "Character(s) '@' not allowed in revision identifier 'ab@cd'" },
  { name: 'a revision without upgrade', args: ['heads'], files: revision('bad.ts', revisionText({ id: 'bad000000001', down: R3, functions: 'export async function downgrade() {}\n' })), expect: /bad\.ts: must export an 'upgrade' function/ },
  { name: 'a revision without downgrade', args: ['heads'], files: revision('bad.ts', revisionText({ id: 'bad000000001', down: R3, functions: 'export async function upgrade() {}\n' })), expect: /bad\.ts: must export a 'downgrade' function/ },
  { name: 'a revision whose upgrade is not a function', args: ['heads'], files: revision('bad.ts', revisionText({ id: 'bad000000001', down: R3, functions: "export const upgrade = 'CREATE TABLE x';\nexport async function downgrade() {}\n" })), expect: /bad\.ts: must export an 'upgrade' function/ },
  { name: "downRevision = ''", args: ['heads'], files: revision('bad.ts', revisionText({ id: 'bad000000001', down: '' })), expect: /bad\.ts: 'downRevision' is an empty string: write null for a first revision/ },
  { name: "downRevision = ['']", args: ['heads'], files: revision('bad.ts', revisionText({ id: 'bad000000001', down: [''] })), expect: /bad\.ts: 'downRevision' is an empty string/ },
  { name: 'downRevision as a number', args: ['heads'], files: revision('bad.ts', revisionText({ id: 'bad000000001', down: 42 })), expect: /bad\.ts: 'downRevision' must be a revision id, a list of revision ids, or null/ },
  { name: 'downRevision holding a number', args: ['heads'], files: revision('bad.ts', revisionText({ id: 'bad000000001', down: [R3, 1] })), expect: "'downRevision' must be a revision id, a list of revision ids, or null" },
  { name: 'downRevision as an object', args: ['heads'], files: revision('bad.ts', revisionText({ id: 'bad000000001', down: { id: R3 } })), expect: "'downRevision' must be a revision id" },
  { name: 'downRevision as true', args: ['heads'], files: revision('bad.ts', revisionText({ id: 'bad000000001', down: true })), expect: "'downRevision' must be a revision id" },
  { name: 'branchLabels as a number', args: ['heads'], files: revision('bad.ts', revisionText({ id: 'bad000000001', down: R3, labels: 7 })), expect: /bad\.ts: 'branchLabels' must be a string, a list of strings, or null/ },
  { name: "branchLabels = ''", args: ['heads'], files: revision('bad.ts', revisionText({ id: 'bad000000001', down: R3, labels: '' })), expect: "'branchLabels' is an empty string" },
  { name: 'branchLabels holding a number', args: ['heads'], files: revision('bad.ts', revisionText({ id: 'bad000000001', down: R3, labels: ['x', 2] })), expect: "'branchLabels' must be a string, a list of strings, or null" },
  { name: 'dependsOn as an object', args: ['heads'], files: revision('bad.ts', revisionText({ id: 'bad000000001', down: R3, depends: { R1 } })), expect: "'dependsOn' must be a string, a list of strings, or null" },
  { name: "dependsOn = ['']", args: ['heads'], files: revision('bad.ts', revisionText({ id: 'bad000000001', down: R3, depends: [''] })), expect: "'dependsOn' holds an empty string" },
  { name: 'dependsOn an unknown revision', args: ['heads'], files: revision('bad.ts', revisionText({ id: 'bad000000001', down: R3, depends: 'deadbeef0000' })), expect: 'Revision deadbeef0000 referenced from bad000000001 is not present' },
  { name: 'two files with one revision id', args: ['heads'], files: revision('again.ts', revisionText({ id: R3, down: R2 })), expect: new RegExp(`Duplicate revision id ${R3}`) },
  { name: 'a revision whose parent is missing', args: ['heads'], files: revision('orphan.ts', revisionText({ id: 'bad000000001', down: 'deadbeef0000' })), expect: 'Revision deadbeef0000 referenced from bad000000001 is not present' },
  { name: 'a cycle of two revisions', args: ['history'], base: 'bare', files: { ...revision('a.ts', revisionText({ id: 'aaaa00000001', down: 'bbbb00000002' })), ...revision('b.ts', revisionText({ id: 'bbbb00000002', down: 'aaaa00000001' })) }, expect: /Cycle is detected in revisions \(aaaa00000001, bbbb00000002\)/ },
  { name: 'a revision that is its own parent', args: ['heads'], files: revision('self.ts', revisionText({ id: 'bad000000001', down: 'bad000000001' })), expect: 'Self-loop is detected in revisions (bad000000001)' },
  { name: 'a revision that depends on itself', args: ['heads'], files: revision('self.ts', revisionText({ id: 'bad000000001', down: R3, depends: 'bad000000001' })), expect: 'Dependency self-loop is detected in revisions (bad000000001)' },
  { name: 'one branch label on two revisions', args: ['heads'], files: { ...revision('l1.ts', revisionText({ id: 'bad000000001', down: R3, labels: 'billing' })), ...revision('l2.ts', revisionText({ id: 'bad000000002', down: R3, labels: 'billing' })) }, expect: "Branch name 'billing' in revision" },
  { name: 'a broken revision stops upgrade before anything runs', args: ['upgrade', 'head'], files: revision('zz_bad.ts', revisionText({ id: 'bad000000001', down: R3, extra: 'const x = ;' })), expect: /zz_bad\.ts:\d+:\d+: does not compile/ },
];

/** The version table against the files: a revision no file defines, a revision with its own ancestor. */
const versionTable: BadInput[] = [
  { name: 'current at a revision the files lack', args: ['current'], setup: atRows(['feedfeed0001']), expect: /feedfeed0001 \(no revision file defines it\)[^]*The database is at revision feedfeed0001, which no revision file defines[^]*stamp --purge/ },
  { name: 'current --verbose at a revision the files lack', args: ['current', '--verbose'], setup: atRows(['feedfeed0001']), expect: /feedfeed0001[^]*stamp --purge/ },
  { name: 'current --json at a revision the files lack', args: ['current', '--json'], setup: atRows(['feedfeed0001']), expect: /"revision": "feedfeed0001",\s*"known": false[^]*"problems": \[\s*"The database is at revision feedfeed0001/ },
  { name: 'upgrade from a revision the files lack', args: ['upgrade', 'head'], setup: atRows(['feedfeed0001']), expect: /The database is at revision feedfeed0001, which no revision file defines[^]*`pmig stamp --purge <revision>`/ },
  { name: 'downgrade from a revision the files lack', args: ['downgrade', '-1'], setup: atRows(['feedfeed0001']), expect: 'which no revision file defines' },
  { name: 'history -i at a revision the files lack', args: ['history', '-i'], setup: atRows(['feedfeed0001']), expect: 'which no revision file defines' },
  { name: 'stamp from a revision the files lack', args: ['stamp', 'head'], setup: atRows(['feedfeed0001']), expect: 'Use --purge to replace them' },
  { name: 'current with a revision and its ancestor', args: ['current'], setup: atRows([R3, R1]), expect: `The version table lists both ${R3} and its ancestor ${R1}` },
  { name: 'upgrade with a revision and its ancestor', args: ['upgrade', 'head'], setup: atRows([R2, R1]), expect: /lists both 1a2b99999999 and its ancestor 1a2b3c4d5e6f[^]*stamp --purge/ },
  { name: 'downgrade with a revision and its ancestor', args: ['downgrade', '-1'], setup: atRows([R3, R1]), expect: `lists both ${R3} and its ancestor ${R1}` },
  { name: 'history -r current: with a revision and its ancestor', args: ['history', '-r', 'current:'], setup: atRows([R3, R2]), expect: 'and its ancestor' },
];

const ALL_ROWS: BadInput[] = [...targets, ...flags, ...urls, ...configs, ...revisions, ...versionTable];
// PMIG_BAD_INPUT_ONLY=<regex> runs the rows whose name matches (when working on one of them).
const only = process.env.PMIG_BAD_INPUT_ONLY ? new RegExp(process.env.PMIG_BAD_INPUT_ONLY) : undefined;
const ROWS = only ? ALL_ROWS.filter((row) => only.test(row.name)) : ALL_ROWS;

let results: Map<string, Outcome & { dir: string; ms: number }>;
let templateDir = '';

beforeAll(async () => {
  // One database at head that the version-table rows copy and rewrite.
  templateDir = await projectFor({ name: 'template', args: [], expect: '' });
  const made = await runCli(templateDir, ['upgrade', 'head']);
  if (made.code !== 0) throw new Error(`template upgrade failed: ${made.output}`);
  templateDb = join(templateDir, 'dev.db');
  results = await runAll(ROWS, Number(process.env.PMIG_BAD_INPUT_PARALLEL ?? 3));
  // About 40 s on an idle machine; a loaded one (every CLI start slowed down) may take much longer.
}, 1800000);

afterAll(() => {
  if (results) removeProjects(results);
  if (templateDir) rmSync(templateDir, { recursive: true, force: true });
});

test('the table has at least 120 distinct bad inputs', () => {
  expect(new Set(ALL_ROWS.map((r) => r.name)).size).toBe(ALL_ROWS.length);
  expect(ALL_ROWS.length).toBeGreaterThanOrEqual(120);
});

test.each(ROWS.map((row) => [row.name, row] as const))('%s', (_name, row) => {
  const outcome = results.get(row.name)!;
  tally.inputs();
  const problems = problemsOf(row, outcome);
  if (outcome.output.includes(SECRET)) tally.lostOrExposed(`bad input '${row.name}' printed the password`);
  expect({ problems, output: outcome.output }).toEqual({ problems: [], output: outcome.output });
});
