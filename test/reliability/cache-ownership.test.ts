/**
 * Compiled code is never loaded from a folder another user can write (issue 9, Security 1).
 *
 * One project fills its cache through the real CLI (`upgrade`), then each case plants code the way
 * another local user could (a compiled pmig.config.ts, a revision bundle, the graph metadata), makes
 * the file or a folder on its way untrustworthy, and runs `pmig current` / `heads` / `upgrade`:
 * the planted code writes a marker file when it runs, so the marker must stay absent and the
 * command must still work. A control case plants the same code in a cache that is pmig's own
 * (0700 folders, 0600 files): there the marker must appear, which shows the cache is really read.
 * Between cases the cache, the fallback cache and the database are put back as they were.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync, chownSync, cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative } from 'node:path';
import Database from 'better-sqlite3';
import { TestProject, type CliResult } from '../helpers/project';
import { tally } from './tally';

// Each case runs the CLI once or twice; a busy machine (2 cores, many runs) can take the default minute.
jest.setTimeout(180_000);

const NOBODY = 65534;
const isRoot = process.getuid?.() === 0;
const R1 = 'c4c4e0000001';
const R2 = 'c4c4e0000002';
const CONFIG = "export default { versionsDir: 'migrations/versions' };\n";

let root: string;
let project: TestProject;
let home: string;
let xdg: string;
let cache: string;
let marker: string;
let pristine: string;

function env(extra: Record<string, string> = {}): Record<string, string> {
  // An empty PMIG_CACHE_DIR counts as unset: the per-user cache is what is under test.
  return { PMIG_CACHE_DIR: '', HOME: home, XDG_CACHE_HOME: xdg, ...extra };
}

function pmig(args: string[], extra: Record<string, string> = {}): CliResult {
  return project.run(args, env(extra));
}

function mode(path: string): number {
  return lstatSync(path).mode & 0o777;
}

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    out.push(relative(cache, path));
    if (entry.isDirectory()) out.push(...filesUnder(path));
  }
  return out.sort();
}

/** The compiled pmig.config.ts in the cache: named by the sha256 of the config's text. */
function compiledConfig(dir = cache): string {
  return join(dir, 'compiled', `${createHash('sha256').update(CONFIG).digest('hex')}.js`);
}

/** Code that leaves the marker when it runs, keeping the entry's first line (the source digest). */
function plantedConfig(original: string): string {
  const header = original.slice(0, original.indexOf('\n'));
  return `${header}\nrequire('fs').writeFileSync(${JSON.stringify(marker)}, 'planted code ran');\nexports.default = { versionsDir: 'migrations/versions' };\n`;
}

function chownTree(path: string, uid: number): void {
  execFileSync('chown', ['-R', `${uid}:${uid}`, path]);
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'pmig-cache-own-'));
  home = join(root, 'home');
  xdg = join(root, 'xdg');
  mkdirSync(home);
  mkdirSync(xdg);
  cache = join(xdg, 'pmig');
  marker = join(root, 'MARKER');
  project = new TestProject('file:./dev.db', CONFIG);
  project.writeRevision({ id: R1, down: null, upgrade: "await op.execute('CREATE TABLE t1 (id INTEGER)');", downgrade: "await op.execute('DROP TABLE t1');" });
  project.writeRevision({ id: R2, down: R1, upgrade: "await op.execute('CREATE TABLE t2 (id INTEGER)');", downgrade: "await op.execute('DROP TABLE t2');" });
  const first = pmig(['upgrade', R1]);
  if (first.code !== 0) throw new Error(`setup upgrade failed: ${first.stderr}`);
  pristine = join(root, 'pristine');
  mkdirSync(pristine);
  cpSync(cache, join(pristine, 'cache'), { recursive: true, preserveTimestamps: true });
  cpSync(join(project.dir, 'dev.db'), join(pristine, 'dev.db'));
});

/** Whether the project's SQLite database has the table (what a revision's real code creates). */
function hasTable(name: string): boolean {
  const db = new Database(join(project.dir, 'dev.db'), { readonly: true });
  try {
    return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined;
  } finally {
    db.close();
  }
}

afterAll(() => {
  project?.remove();
  if (root) rmSync(root, { recursive: true, force: true });
});

beforeEach(() => {
  rmSync(marker, { force: true });
  rmSync(cache, { recursive: true, force: true });
  rmSync(join(xdg, 'elsewhere'), { recursive: true, force: true });
  rmSync(join(home, '.cache'), { recursive: true, force: true });
  cpSync(join(pristine, 'cache'), cache, { recursive: true, preserveTimestamps: true });
  chmodSync(cache, 0o700);
  cpSync(join(pristine, 'dev.db'), join(project.dir, 'dev.db'));
});

describe('what pmig creates', () => {
  test('per-user cache ($XDG_CACHE_HOME/pmig): folders 0700, files 0600, compiled config included', () => {
    expect(mode(cache)).toBe(0o700);
    const entries = filesUnder(cache);
    expect(entries).toEqual(expect.arrayContaining(['compiled', 'bundles', relative(cache, compiledConfig())]));
    expect(entries.some((e) => e.startsWith('graph-'))).toBe(true);
    for (const entry of entries) {
      const path = join(cache, entry);
      expect([entry, mode(path)]).toEqual([entry, statSync(path).isDirectory() ? 0o700 : 0o600]);
    }
    // Nothing in the shared temp folder under the old predictable name.
    const legacy = join(tmpdir(), `pmig-cache-${createHash('sha1').update(project.dir).digest('hex').slice(0, 12)}`);
    expect(existsSync(legacy)).toBe(false);
  });

  test('the project node_modules/.cache/pmig when there is a node_modules; else ~/.cache/pmig without XDG_CACHE_HOME', () => {
    mkdirSync(join(project.dir, 'node_modules'));
    try {
      expect(pmig(['current']).code).toBe(0);
      const projectCache = join(project.dir, 'node_modules', '.cache', 'pmig');
      expect(mode(projectCache)).toBe(0o700);
      expect(mode(compiledConfig(projectCache))).toBe(0o600);
    } finally {
      rmSync(join(project.dir, 'node_modules'), { recursive: true, force: true });
    }
    expect(pmig(['current'], { XDG_CACHE_HOME: '' }).code).toBe(0);
    expect(mode(join(home, '.cache', 'pmig'))).toBe(0o700);
    expect(mode(compiledConfig(join(home, '.cache', 'pmig')))).toBe(0o600);
  });
});

describe("prisma.config.ts (compiled by Prisma's loader, jiti)", () => {
  test('its compiled copy goes to pmig\'s private cache, never to the shared temp folder', () => {
    const jitiDir = join(process.env.TMPDIR || tmpdir(), 'jiti');
    const ours = () => (existsSync(jitiDir) ? readdirSync(jitiDir).filter((f) => f.startsWith(`${basename(project.dir)}-`)) : []);
    writeFileSync(join(project.dir, 'prisma.config.ts'), "export default { schema: 'prisma/schema.prisma' };\n");
    try {
      const result = pmig(['current']);
      expect(result.code).toBe(0);
      // jiti would name it <folder>-prisma.config.<hash>.mjs there, readable by all, and run it from there.
      expect(ours()).toEqual([]);
      // Still cached (it saves a compile per command), inside the 0700 folder only this user can write.
      expect(readdirSync(join(cache, 'jiti')).filter((f) => f.startsWith(`${basename(project.dir)}-prisma.config.`))).toHaveLength(1);
    } finally {
      rmSync(join(project.dir, 'prisma.config.ts'));
    }
  });
});

interface PlantCase {
  name: string;
  needsRoot?: boolean;
  /** Plants code and makes something on its way untrustworthy; returns what must stay unchanged. */
  plant(): string[];
  /** The command that would load the planted code. */
  args?: string[];
  /** Extra environment. */
  env?: () => Record<string, string>;
  /** After the run: what else must hold. */
  after?: (result: CliResult) => void;
  /** Only for the control case: the planted code must run. */
  runs?: boolean;
}

/** A bundle whose factory for R2 (keyed by the file's sha256) leaves the marker. */
function plantBundle(): string {
  const [bundle] = readdirSync(join(cache, 'bundles'));
  const r2 = project.revisionFiles().find((f) => f.startsWith(R2))!;
  const checksum = createHash('sha256').update(readFileSync(join(project.versionsDir, r2))).digest('hex');
  const path = join(cache, 'bundles', bundle);
  writeFileSync(
    path,
    `module.exports = { ${JSON.stringify(checksum)}: function (exports) {\n` +
      `  require('fs').writeFileSync(${JSON.stringify(marker)}, 'planted code ran');\n` +
      `  exports.revision = '${R2}'; exports.downRevision = '${R1}';\n` +
      '  exports.upgrade = async () => {}; exports.downgrade = async () => {};\n} };\n',
  );
  chmodSync(path, 0o600);
  return path;
}

/** Graph metadata that says R2's file defines revision feedfeedfeed (size, mtime and path kept). */
function plantGraph(): string {
  const graph = readdirSync(cache).find((f) => f.startsWith('graph-'))!;
  const path = join(cache, graph);
  const parsed = JSON.parse(readFileSync(path, 'utf8')) as { entries: Record<string, { meta: { revision: string } }> };
  for (const entry of Object.values(parsed.entries)) if (entry.meta.revision === R2) entry.meta.revision = 'feedfeedfeed';
  writeFileSync(path, JSON.stringify(parsed));
  chmodSync(path, 0o600);
  return path;
}

function plantConfigFile(): string {
  const file = compiledConfig();
  writeFileSync(file, plantedConfig(readFileSync(file, 'utf8')));
  return file;
}

const CASES: PlantCase[] = [
  {
    name: 'cache folder writable by others (0777)',
    plant: () => {
      plantConfigFile();
      chmodSync(cache, 0o777);
      return [cache];
    },
  },
  {
    name: 'compiled folder writable by its group (0770)',
    plant: () => {
      plantConfigFile();
      chmodSync(join(cache, 'compiled'), 0o770);
      return [cache];
    },
  },
  {
    name: 'compiled config owned by another user (uid 65534)',
    needsRoot: true,
    plant: () => {
      chownSync(plantConfigFile(), NOBODY, NOBODY);
      return [];
    },
    after: () => {
      // The planted entry was replaced by pmig's own compile, not written through.
      const st = statSync(compiledConfig());
      expect([st.uid, st.mode & 0o777]).toEqual([process.getuid!(), 0o600]);
      expect(readFileSync(compiledConfig(), 'utf8')).not.toContain('planted');
    },
  },
  {
    name: 'compiled config writable by everyone (0666)',
    plant: () => {
      chmodSync(plantConfigFile(), 0o666);
      return [];
    },
    after: () => expect(mode(compiledConfig())).toBe(0o600),
  },
  {
    name: 'cache folder owned by another user',
    needsRoot: true,
    plant: () => {
      plantConfigFile();
      chownTree(cache, NOBODY);
      return [cache];
    },
  },
  {
    name: 'symbolic link planted in place of the cache folder',
    needsRoot: true,
    plant: () => {
      plantConfigFile();
      const elsewhere = join(xdg, 'elsewhere');
      renameSync(cache, elsewhere);
      chownTree(elsewhere, NOBODY);
      symlinkSync(elsewhere, cache);
      return [elsewhere];
    },
  },
  {
    name: 'symbolic link planted in place of the compiled config',
    plant: () => {
      const file = compiledConfig();
      const elsewhere = join(xdg, 'elsewhere');
      mkdirSync(elsewhere);
      writeFileSync(join(elsewhere, 'code.js'), plantedConfig(readFileSync(file, 'utf8')));
      rmSync(file);
      symlinkSync(join(elsewhere, 'code.js'), file);
      return [elsewhere];
    },
  },
  {
    name: "an entry of pmig's own moved under another source's name",
    plant: () => {
      // Ownership and modes are right; the first line names another source than the config.
      const file = compiledConfig();
      writeFileSync(file, plantedConfig(`// pmig-source-sha256=${'0'.repeat(64)}\n`));
      chmodSync(file, 0o600);
      return [];
    },
  },
  {
    name: 'revision bundle owned by another user (upgrade)',
    needsRoot: true,
    args: ['upgrade', 'head'],
    plant: () => {
      chownSync(plantBundle(), NOBODY, NOBODY);
      return [];
    },
    after: () => {
      // The real revision ran: its table exists.
      const current = pmig(['current']);
      expect(current.stdout).toContain(R2);
      expect(hasTable('t2')).toBe(true);
    },
  },
  {
    name: 'graph metadata owned by another user, naming a revision that does not exist (heads)',
    needsRoot: true,
    args: ['heads'],
    plant: () => {
      chownSync(plantGraph(), NOBODY, NOBODY);
      return [];
    },
    after: (result) => {
      expect(result.stdout).toContain(R2);
      expect(result.stdout).not.toContain('feedfeedfeed');
    },
  },
  {
    name: 'PMIG_CACHE_DIR naming a folder writable by others: no cache at all',
    plant: () => {
      const elsewhere = join(xdg, 'elsewhere');
      cpSync(cache, elsewhere, { recursive: true });
      writeFileSync(compiledConfig(elsewhere), plantedConfig(readFileSync(compiledConfig(elsewhere), 'utf8')));
      chmodSync(elsewhere, 0o777);
      return [elsewhere];
    },
    env: () => ({ PMIG_CACHE_DIR: join(xdg, 'elsewhere') }),
    after: () => expect(existsSync(join(home, '.cache', 'pmig'))).toBe(false),
  },
];

describe('planted code never runs', () => {
  for (const c of CASES) {
    const run = c.needsRoot && !isRoot ? test.skip : test;
    run(`${c.name}${c.needsRoot && !isRoot ? ' (SKIPPED: needs root to chown)' : ''}`, () => {
      const untouched = c.plant();
      const before = untouched.map((dir) => [dir, snapshot(dir)] as const);
      const result = pmig(c.args ?? ['current'], c.env?.() ?? {});
      tally.inputs();
      const ran = existsSync(marker);
      if (ran) tally.lostOrExposed(`cache-ownership: planted code ran (${c.name})`);
      expect({ ran, code: result.code, stderr: result.stderr }).toEqual({ ran: false, code: 0, stderr: expect.any(String) });
      if (!c.args) expect(result.stdout).toContain(R1);
      // Nothing was written into what could not be trusted.
      for (const [dir, snap] of before) expect(snapshot(dir)).toEqual(snap);
      c.after?.(result);
    });
  }

  test("control: the same code in pmig's own cache (0700 folder, 0600 file) is used", () => {
    const file = plantConfigFile();
    expect([mode(cache), mode(join(cache, 'compiled')), mode(file)]).toEqual([0o700, 0o700, 0o600]);
    const result = pmig(['current']);
    expect(result.code).toBe(0);
    // This is what every case above would show if its check were missing.
    expect(existsSync(marker)).toBe(true);
  });

  test("control: pmig's own bundle and graph metadata are used", () => {
    plantBundle();
    expect(pmig(['upgrade', 'head']).code).toBe(0);
    expect(existsSync(marker)).toBe(true);
    // The planted upgrade did nothing, so the real R2 (CREATE TABLE t2) never ran: it was the bundle's code.
    expect(pmig(['current']).stdout).toContain(R2);
    expect(hasTable('t2')).toBe(false);

    plantGraph();
    expect(pmig(['heads']).stdout).toContain('feedfeedfeed');
  });
});

/** Names, sizes and contents under a folder (following nothing). */
function snapshot(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, entry.name);
      if (entry.isDirectory()) walk(path);
      else out.push(`${relative(dir, path)}:${entry.isFile() ? readFileSync(path, 'utf8') : 'link'}`);
    }
  };
  if (lstatSync(dir).isDirectory()) walk(dir);
  return out.sort();
}
