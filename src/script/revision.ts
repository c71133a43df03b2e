/**
 * One node of the revision graph (Alembic's `Revision`). Its links to other nodes (children,
 * resolved dependencies, propagated branch labels) are filled in by `RevisionMap` when the graph is
 * built; a `Revision` on its own only knows what its file declares.
 */
import { CycleDetectedError, RevisionError } from './errors';

/** What a revision file declares; `downRevision` and `dependsOn` accept one id or several. */
export interface RevisionMeta {
  revision: string;
  downRevision: string | readonly string[] | null;
  branchLabels?: string | readonly string[] | null;
  /** Revision ids (exact) or branch labels this revision also needs, beyond its down revisions. */
  dependsOn?: string | readonly string[] | null;
  message?: string;
  path?: string;
}

const ILLEGAL_ID_CHARACTERS = ['@', '-', '+'];

export class Revision {
  readonly revision: string;
  /** The declared down revision(s), in declaration order (Alembic's `_versioned_down_revisions`). */
  readonly downRevisions: readonly string[];
  /** `depends_on` as declared: revision ids or branch labels. */
  readonly dependsOn: readonly string[];
  /** The labels declared in this revision's own file. */
  readonly declaredBranchLabels: readonly string[];
  /** The labels that apply to this revision: its own plus those propagated along its branch. */
  readonly branchLabels: string[];
  readonly message: string;
  readonly path: string | undefined;

  /** Children through `down_revision` only (Alembic's `nextrev`). */
  readonly nextRevisions: string[] = [];
  /** Children through `down_revision` or `depends_on` (Alembic's `_all_nextrev`). */
  readonly allNextRevisions: string[] = [];
  /** `dependsOn` resolved to revision ids. */
  resolvedDependencies: readonly string[] = [];
  /** Resolved dependencies minus those an ancestor already depends on. */
  normalizedDependencies: readonly string[] = [];

  constructor(meta: RevisionMeta) {
    const downRevisions = toList(meta.downRevision);
    const dependsOn = toList(meta.dependsOn);
    if (downRevisions.includes(meta.revision)) throw new CycleDetectedError([meta.revision], 'Self-loop');
    if (dependsOn.includes(meta.revision)) throw new CycleDetectedError([meta.revision], 'Dependency self-loop');
    const illegal = ILLEGAL_ID_CHARACTERS.filter((c) => meta.revision.includes(c)).sort();
    if (illegal.length) {
      throw new RevisionError(
        `Character(s) '${illegal.join(', ')}' not allowed in revision identifier '${meta.revision}'`,
      );
    }
    this.revision = meta.revision;
    this.downRevisions = downRevisions;
    this.dependsOn = dependsOn;
    this.declaredBranchLabels = toList(meta.branchLabels);
    this.branchLabels = [...this.declaredBranchLabels];
    this.message = meta.message ?? '';
    this.path = meta.path;
  }

  /** The first paragraph of the message: what Alembic logs and lists (`Script.doc`). */
  get doc(): string {
    return this.message.trim().split('\n\n')[0];
  }

  /** Down revisions plus resolved dependencies. */
  get allDownRevisions(): string[] {
    return unique([...this.downRevisions, ...this.resolvedDependencies]);
  }

  /** Down revisions plus the dependencies not already implied by an ancestor. */
  get normalizedDownRevisions(): string[] {
    return unique([...this.downRevisions, ...this.normalizedDependencies]);
  }

  /** No revision names this one as its down revision. */
  get isHead(): boolean {
    return this.nextRevisions.length === 0;
  }

  /** No revision names this one as down revision nor as dependency. */
  get isRealHead(): boolean {
    return this.allNextRevisions.length === 0;
  }

  get isBase(): boolean {
    return this.downRevisions.length === 0;
  }

  /** A base that depends on nothing either. */
  get isRealBase(): boolean {
    return this.downRevisions.length === 0 && this.dependsOn.length === 0;
  }

  get isBranchPoint(): boolean {
    return this.nextRevisions.length > 1;
  }

  get isRealBranchPoint(): boolean {
    return this.allNextRevisions.length > 1;
  }

  get isMergePoint(): boolean {
    return this.downRevisions.length > 1;
  }

  /** Records `child`, which names this revision as down revision or dependency. */
  addChild(child: Revision): void {
    pushUnique(this.allNextRevisions, child.revision);
    if (child.downRevisions.includes(this.revision)) pushUnique(this.nextRevisions, child.revision);
  }

  addBranchLabels(labels: Iterable<string>): void {
    for (const label of labels) pushUnique(this.branchLabels, label);
  }

  toString(): string {
    return this.revision;
  }
}

export function toList(value: string | readonly string[] | null | undefined): string[] {
  if (value === null || value === undefined) return [];
  // An empty string means "none", as Alembic treats a falsy down_revision.
  return (typeof value === 'string' ? [value] : [...value]).filter((item) => item !== '');
}

export function unique<T>(items: Iterable<T>): T[] {
  return [...new Set(items)];
}

function pushUnique<T>(items: T[], item: T): void {
  if (!items.includes(item)) items.push(item);
}
