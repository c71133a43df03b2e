/** `pmig revision` and `pmig merge`: write a new revision file from the Handlebars template. */
import { execSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { namesRecord, namesRecordSource, recordedNamesAt } from '../autogenerate/name-record';
import type { ResolvedConfig } from '../config/load';
import type { PrismaNameMap } from '../prisma';
import type { Revision } from '../script/revision';
import { ancestorPairs } from '../script/applied';
import { openProject, PmigError, readScripts, type Project, type ProjectOptions } from './project';

export const TEMPLATES_DIR = join(__dirname, '..', '..', 'templates');

export interface RevisionOptions extends ProjectOptions {
  message?: string;
  /** The revision(s) the new one follows: 'head' (default), 'base', a label, '<label>@head', a revision. */
  head?: string;
  /** Allow a non-head revision as --head: starts a new branch from it. */
  splice?: boolean;
  branchLabel?: string[];
  dependsOn?: string[];
  revId?: string;
  /** Folder for the new file: the versions folder or a folder inside it. */
  versionPath?: string;
  /** A data revision (its own template). */
  data?: boolean;
  /** Body lines for upgrade()/downgrade() (autogenerate fills these). */
  upgradeBody?: string;
  downgradeBody?: string;
  decisions?: string[];
  /** The Prisma names the revision targets (autogenerate): recorded in the file where they differ from its parents'. */
  names?: PrismaNameMap;
  /** Date used in the header and the file name (tests pin it). */
  now?: Date;
}

export interface WrittenRevision {
  revision: string;
  path: string;
  downRevision: string | string[] | null;
}

export function newRevisionId(): string {
  return randomBytes(6).toString('hex');
}

/** Alembic's slug: lower case words joined by _, cut at a word boundary near 40 characters. */
export function slugify(message: string): string {
  const words = message.toLowerCase().match(/[a-z0-9]+/g) ?? [];
  let slug = '';
  for (const w of words) {
    const next = slug ? `${slug}_${w}` : w;
    if (next.length > 40 && slug) break;
    slug = next.slice(0, 40);
  }
  return slug || 'revision';
}

export async function revision(options: RevisionOptions = {}): Promise<WrittenRevision> {
  // A new revision may start the versions folder (a project set up by prisma.config.ts alone).
  return revisionWithBody(await openProject({ ...options, allowMissingVersionsDir: true }), options);
}

/** Writes a revision for an already opened project (autogenerate passes the bodies). */
export async function revisionWithBody(project: Project, options: RevisionOptions): Promise<WrittenRevision> {
  const parents = resolveParents(project, options.head ?? 'head', !!options.splice);
  return writeRevision(project, parents, options);
}

/** `pmig merge -m "..." rev rev...` (or `heads`): a revision whose parents are the given heads. */
export async function merge(revisions: string[], options: RevisionOptions = {}): Promise<WrittenRevision> {
  const project = await openProject(options);
  const parents = catchRevisionErrors(() => revisions.flatMap((r) => project.map.getMany(r)));
  const ids = [...new Set(parents.map((p) => p.revision))];
  if (ids.length < 2) throw new PmigError(`Nothing to merge: '${revisions.join(' ')}' names ${ids.length === 1 ? 'one revision' : 'no revision'}; a merge needs two or more.`);
  const [overlap] = ancestorPairs(project.map, ids);
  if (overlap) throw new PmigError(`Cannot merge ${overlap[0]} with ${overlap[1]}: ${overlap[1]} is already an ancestor of ${overlap[0]}. A merge joins the heads of separate branches.`);
  return writeRevision(project, ids, { ...options, message: options.message ?? `merge ${ids.join(', ')}` });
}

function catchRevisionErrors<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    throw new PmigError((e as Error).message);
  }
}

function resolveParents(project: Project, head: string, splice: boolean): string[] {
  if (head === 'base') return [];
  let heads: (Revision | null)[];
  try {
    heads = project.map.getMany(head);
  } catch (e) {
    const msg = (e as Error).message;
    if (/Multiple head/i.test(msg)) {
      throw new PmigError('Multiple heads are present; please specify the head revision on which the new revision should be based, or perform a merge.');
    }
    throw new PmigError(msg);
  }
  const ids = heads.filter((h): h is Revision => !!h);
  if (!splice) {
    for (const h of ids) {
      if (!h.isHead) {
        throw new PmigError(`Revision ${h.revision} is not a head revision; please specify --splice to create a new branch from this revision`);
      }
    }
  }
  return ids.map((h) => h.revision);
}

async function writeRevision(project: Project, parents: string[], options: RevisionOptions): Promise<WrittenRevision> {
  const { config } = project;
  const rev = options.revId ?? newRevisionId();
  if (!/^[A-Za-z0-9_]+$/.test(rev)) throw new PmigError(`Revision id '${rev}' may only contain letters, digits and _.`);
  if (project.byId.has(rev)) throw new PmigError(`Revision ${rev} already exists: ${project.byId.get(rev)!.path}`);
  const message = options.message ?? '';
  const dependsOn = catchRevisionErrors(() =>
    (options.dependsOn ?? []).map((dep) => {
      const target = project.map.get(dep);
      if (!target) throw new PmigError(`Can't locate revision identified by '${dep}'`);
      return target.branchLabels.includes(dep) ? dep : target.revision;
    }),
  );
  const dir = resolveVersionPath(config, options.versionPath);
  const now = options.now ?? new Date();
  const fileName = `${fileStem(config, rev, message, now)}.ts`;
  const path = join(dir, fileName);
  const downRevision = parents.length === 0 ? null : parents.length === 1 ? parents[0] : parents;
  const text = renderTemplate(options.data ? dataTemplatePath(config) : templatePath(config), {
    // A */ in the message would end the doc comment early.
    message: (message || '(no message)').replace(/\*\//g, '*\\/'),
    revision: rev,
    revisesText: parents.length ? parents.join(', ') : '',
    createDate: formatDate(now),
    downRevisionLiteral: literal(downRevision),
    branchLabelsLiteral: literal(options.branchLabel?.length ? options.branchLabel : null),
    dependsOnLiteral: literal(dependsOn.length ? dependsOn : null),
    upgradeBody: options.upgradeBody,
    downgradeBody: options.downgradeBody,
    decisions: options.decisions,
  });
  const record = options.names && namesRecord(recordedNamesAt(project.map, parents), options.names);
  mkdirSync(dir, { recursive: true });
  if (existsSync(path)) throw new PmigError(`Refusing to overwrite ${path}`);
  writeFileSync(path, record ? text + namesRecordSource(record) : text);
  runPostWriteHooks(config, path);
  // Validate the new file the way every later command will read it.
  readScripts(config.versionsDir);
  return { revision: rev, path, downRevision };
}

function resolveVersionPath(config: ResolvedConfig, versionPath?: string): string {
  if (!versionPath) return config.versionsDir;
  const dir = isAbsolute(versionPath) ? versionPath : resolve(process.cwd(), versionPath);
  const rel = relative(config.versionsDir, dir);
  if (rel.startsWith('..') || isAbsolute(rel)) {
    throw new PmigError(`Path ${dir} is not inside the versions folder ${config.versionsDir}`);
  }
  return dir;
}

function fileStem(config: ResolvedConfig, rev: string, message: string, now: Date): string {
  const date = now.toISOString().replace(/[-:]/g, '').replace('T', '_').slice(0, 15);
  return config.fileTemplate.replace('{rev}', rev).replace('{slug}', slugify(message)).replace('{date}', date);
}

function formatDate(d: Date): string {
  return d.toISOString().replace('T', ' ').replace('Z', '');
}

function literal(value: string | string[] | null): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return `'${value}'`;
  return `[${value.map((v) => `'${v}'`).join(', ')}]`;
}

export function templatePath(config: ResolvedConfig): string {
  return config.revisionTemplate ?? join(TEMPLATES_DIR, 'revision.ts.hbs');
}

export function dataTemplatePath(config: ResolvedConfig): string {
  return config.dataRevisionTemplate ?? join(TEMPLATES_DIR, 'data_revision.ts.hbs');
}

function renderTemplate(path: string, context: Record<string, unknown>): string {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const Handlebars = require('handlebars') as typeof import('handlebars');
  if (!existsSync(path)) throw new PmigError(`Revision template not found: ${path}`);
  return Handlebars.compile(readFileSync(path, 'utf8'), { noEscape: true })(context);
}

function runPostWriteHooks(config: ResolvedConfig, file: string): void {
  for (const hook of config.postWriteHooks) {
    const command = hook.includes('{file}') ? hook.split('{file}').join(JSON.stringify(file)) : `${hook} ${JSON.stringify(file)}`;
    try {
      execSync(command, { cwd: config.rootDir, stdio: 'pipe' });
    } catch (e) {
      const err = e as { stderr?: Buffer; message: string };
      throw new PmigError(`Post-write hook failed: ${command}\n${err.stderr?.toString() || err.message}\nThe revision was written: ${file}`);
    }
  }
}
