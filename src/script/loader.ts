/**
 * Loads TypeScript files (revisions, pmig.config.ts) at run time without a build step.
 * Sucrase strips the types in well under a millisecond per file; the compiled JavaScript is cached
 * by content hash, so an unchanged file is never compiled twice.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import Module from 'node:module';
import { dirname, join } from 'node:path';
import { cacheDir, readCached, writeCached } from './cache';

export class ScriptLoadError extends Error {}

const OWN_ENTRY = join(__dirname, '..', 'index');

export function sha256(text: string | Buffer): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * First line of a compiled file: the sha256 of the source it was compiled from. An entry is used
 * only under its own name, so even a file of ours moved to another name is never run in its place.
 */
const COMPILED_HEADER = '// pmig-source-sha256=';

function compiledEntry(digest: string): string {
  return `compiled/${digest}.js`;
}

/** The cached compiled code of a file whose sha256 is known, without reading the file itself. */
function cachedCompiled(digest: string): string | undefined {
  const text = readCached(compiledEntry(digest));
  if (text === undefined) return undefined;
  const newline = text.indexOf('\n');
  if (newline < 0 || text.slice(0, newline) !== `${COMPILED_HEADER}${digest}`) return undefined;
  return text.slice(newline + 1);
}

function compile(source: string, filename: string): string {
  const digest = sha256(source);
  const cached = cachedCompiled(digest);
  if (cached !== undefined) return cached;
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const { transform } = require('sucrase') as typeof import('sucrase');
  let code: string;
  try {
    code = transform(source, {
      transforms: ['typescript', 'imports'],
      filePath: filename,
      keepUnusedImports: false,
      production: true,
    }).code;
  } catch (e) {
    const err = e as Error & { loc?: { line: number; column: number } };
    const where = err.loc ? `${filename}:${err.loc.line}:${err.loc.column + 1}` : filename;
    throw new ScriptLoadError(`${where}: does not compile: ${err.message.replace(/\s*\(\d+:\d+\)$/, '')}`);
  }
  // 0600 like every cache file: a compiled pmig.config.ts may hold a database password.
  writeCached(compiledEntry(digest), `${COMPILED_HEADER}${digest}\n${code}`);
  return code;
}

const modulePaths = new Map<string, string[]>();

/**
 * Loads a .ts or .js file as a CommonJS module and returns its exports. With the file's sha256
 * (known from the revision metadata cache), compiled code in the cache is used without reading
 * the file again.
 */
export function loadModule(filename: string, source?: string, checksum?: string): Record<string, unknown> {
  const typescript = /\.[mc]?ts$/.test(filename);
  let code = typescript && checksum && source === undefined ? cachedCompiled(checksum) : undefined;
  if (code === undefined) {
    const text = source ?? readFileSync(filename, 'utf8');
    code = typescript ? compile(text, filename) : text;
  }
  const mod = new Module(filename, module) as Module & { _compile(code: string, filename: string): void };
  mod.filename = filename;
  const dir = dirname(filename);
  let paths = modulePaths.get(dir);
  if (!paths) {
    paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(dir);
    modulePaths.set(dir, paths);
  }
  mod.paths = paths;
  // `import ... from 'pmig'` in a revision or config means this very pmig, installed or not.
  mod.require = ((id: string) => (id === 'pmig' ? require(OWN_ENTRY) : Module.prototype.require.call(mod, id))) as NodeJS.Require;
  try {
    mod._compile(code, filename);
  } catch (e) {
    const err = e as Error;
    const frame = (err.stack ?? '').split('\n').find((l) => l.includes(filename));
    // A stack frame ends in `file:line:column`; a SyntaxError's first line is `file:line`.
    const line = frame?.match(/:(\d+)(?::\d+)?\)?$/)?.[1];
    throw new ScriptLoadError(`${filename}${line ? `:${line}` : ''}: failed to load: ${err.message}`);
  }
  return mod.exports as Record<string, unknown>;
}

type ModuleFactory = (exports: object, require: NodeJS.Require, module: { exports: object }, filename: string, dirname: string) => void;

/**
 * The compiled revisions of one versions folder in a single cached file, so that a run over 1,000
 * revisions reads one file and compiles lazily, instead of loading 1,000 modules. A revision not
 * in the bundle yet (new or changed) loads as a module and the bundle is rewritten by `save()`.
 */
export class RevisionBundle {
  private factories: Record<string, ModuleFactory> | undefined;
  private stale = false;
  private readonly requires = new Map<string, NodeJS.Require>();

  constructor(private readonly versionsDir: string, private readonly checksums: string[]) {}

  private get entry(): string {
    return `bundles/${sha256(this.versionsDir).slice(0, 16)}.js`;
  }

  load(filename: string, checksum: string): Record<string, unknown> {
    this.factories ??= this.read();
    const factory = this.factories[checksum];
    if (!factory) {
      this.stale = true;
      return loadModule(filename, undefined, checksum);
    }
    const mod = { exports: {} as Record<string, unknown> };
    try {
      factory(mod.exports, this.requireFor(filename), mod, filename, dirname(filename));
    } catch (e) {
      throw new ScriptLoadError(`${filename}: failed to load: ${(e as Error).message}`);
    }
    return mod.exports;
  }

  /** Rewrites the bundle when a revision was missing from it; a failure only costs speed. */
  save(): void {
    if (!this.stale) return;
    const parts: string[] = [];
    for (const checksum of this.checksums) {
      const code = cachedCompiled(checksum);
      if (code !== undefined) parts.push(`${JSON.stringify(checksum)}: function (exports, require, module, __filename, __dirname) {\n${code}\n},`);
    }
    // The bundle is an optimisation only: writeCached fails silently.
    writeCached(this.entry, `module.exports = {\n${parts.join('\n')}\n};\n`);
  }

  /** The bundle's factories, from a trusted cache file only (see cache.ts); else none. */
  private read(): Record<string, ModuleFactory> {
    const text = readCached(this.entry);
    if (text !== undefined) {
      const filename = join(cacheDir() ?? '', this.entry);
      const mod = new Module(filename, module) as Module & { _compile(code: string, filename: string): void };
      mod.filename = filename;
      try {
        mod._compile(text, filename);
        return mod.exports as Record<string, ModuleFactory>;
      } catch {
        // A damaged bundle is rebuilt.
      }
    }
    this.stale = true;
    return {};
  }

  private requireFor(filename: string): NodeJS.Require {
    const dir = dirname(filename);
    let req = this.requires.get(dir);
    if (!req) {
      const base = Module.createRequire(filename);
      req = ((id: string) => (id === 'pmig' ? require(OWN_ENTRY) : base(id))) as NodeJS.Require;
      this.requires.set(dir, req);
    }
    return req;
  }
}
