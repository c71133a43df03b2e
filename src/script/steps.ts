/**
 * Migration steps (Alembic's `MigrationStep`, `RevisionStep`, `StampStep` from
 * `alembic/runtime/migration.py`): what one step runs, what Alembic logs for it ("Running upgrade
 * a -> b, message"), and how it moves the rows of the version table. `HeadMaintainer` (heads.ts)
 * asks the step which kind of row change applies, in Alembic's order: delete a branch, create a
 * branch, merge branches, unmerge branches, else update one row.
 */
import { RevisionError } from './errors';
import { isRevision, Revision, RevisionMap } from './revision-map';

export type Direction = 'up' | 'down';

export abstract class MigrationStep {
  abstract readonly direction: Direction;
  /** The function Alembic names in its log: `upgrade`, `downgrade` or `stamp_revision`. */
  abstract readonly name: 'upgrade' | 'downgrade' | 'stamp_revision';
  /** Versions before the step, dependencies included. */
  abstract readonly fromRevisions: readonly string[];
  /** Versions after the step, dependencies included. */
  abstract readonly toRevisions: readonly string[];
  /** Versions before the step through `down_revision` only: what the log shows. */
  abstract readonly fromRevisionsNoDeps: readonly string[];
  abstract readonly toRevisionsNoDeps: readonly string[];
  /** The revision's message (first paragraph); empty for a stamp. */
  abstract readonly doc: string;

  get isUpgrade(): boolean {
    return this.direction === 'up';
  }

  /** `upgrade a -> b`: what Alembic writes as `-- Running …` in `--sql` output. */
  get shortLog(): string {
    return `${this.name} ${this.fromRevisionsNoDeps.join(', ')} -> ${this.toRevisionsNoDeps.join(', ')}`;
  }

  /** `upgrade a -> b, message`: what Alembic logs as `Running …`. */
  get description(): string {
    return this.doc ? `${this.shortLog}, ${this.doc}` : this.shortLog;
  }

  toString(): string {
    return this.description;
  }

  abstract shouldDeleteBranch(heads: ReadonlySet<string>): boolean;
  abstract shouldCreateBranch(heads: ReadonlySet<string>): boolean;
  abstract shouldMergeBranches(heads: ReadonlySet<string>): boolean;
  abstract shouldUnmergeBranches(heads: ReadonlySet<string>): boolean;
  abstract get deleteVersion(): string;
  abstract get insertVersion(): string;
  /** Merge: rows to delete, then the row to update from/to. */
  abstract mergeBranchIdents(heads: ReadonlySet<string>): { deletes: string[]; from: string; to: string };
  /** Unmerge: rows to insert, then the row to update from/to. */
  abstract unmergeBranchIdents(heads: ReadonlySet<string>): { inserts: string[]; from: string; to: string };
  abstract updateVersion(heads: ReadonlySet<string>): { from: string; to: string };
}

/** Runs one revision's `upgrade` or `downgrade`. */
export class RevisionStep extends MigrationStep {
  readonly direction: Direction;
  readonly name: 'upgrade' | 'downgrade';

  constructor(
    private readonly map: RevisionMap,
    readonly revision: Revision,
    isUpgrade: boolean,
  ) {
    super();
    this.direction = isUpgrade ? 'up' : 'down';
    this.name = isUpgrade ? 'upgrade' : 'downgrade';
  }

  get revisionId(): string {
    return this.revision.revision;
  }

  get doc(): string {
    return this.revision.doc;
  }

  get fromRevisions(): readonly string[] {
    return this.isUpgrade ? this.revision.normalizedDownRevisions : [this.revision.revision];
  }

  get fromRevisionsNoDeps(): readonly string[] {
    return this.isUpgrade ? this.revision.downRevisions : [this.revision.revision];
  }

  get toRevisions(): readonly string[] {
    return this.isUpgrade ? [this.revision.revision] : this.revision.normalizedDownRevisions;
  }

  get toRevisionsNoDeps(): readonly string[] {
    return this.isUpgrade ? [this.revision.revision] : this.revision.downRevisions;
  }

  get deleteVersion(): string {
    return this.revision.revision;
  }

  get insertVersion(): string {
    return this.revision.revision;
  }

  /** Going down to base, or to versions that remaining heads already imply: the row goes away. */
  shouldDeleteBranch(heads: ReadonlySet<string>): boolean {
    if (this.isUpgrade || !heads.has(this.revision.revision)) return false;
    if (this.revision.normalizedDownRevisions.length === 0) return true;
    return this.unmergeToRevisions(heads).length === 0;
  }

  /** A base, or none of the down revisions is a current head: a new row. */
  shouldCreateBranch(heads: ReadonlySet<string>): boolean {
    if (!this.isUpgrade) return false;
    const downs = this.revision.normalizedDownRevisions;
    return downs.length === 0 || !downs.some((id) => heads.has(id));
  }

  shouldMergeBranches(heads: ReadonlySet<string>): boolean {
    if (!this.isUpgrade) return false;
    const downs = this.revision.normalizedDownRevisions;
    return downs.length > 1 && downs.filter((id) => heads.has(id)).length > 1;
  }

  shouldUnmergeBranches(heads: ReadonlySet<string>): boolean {
    if (this.isUpgrade) return false;
    return heads.has(this.revision.revision) && this.revision.normalizedDownRevisions.length > 1;
  }

  mergeBranchIdents(heads: ReadonlySet<string>): { deletes: string[]; from: string; to: string } {
    const others = [...heads].filter((id) => !this.fromRevisions.includes(id));
    // A down revision that another head still implies is not a row of its own.
    const implied = this.idsImpliedBy(others);
    const from = this.fromRevisions.filter((id) => !implied.has(id));
    return { deletes: from.slice(0, -1), from: from[from.length - 1], to: this.toRevisions[0] };
  }

  unmergeBranchIdents(heads: ReadonlySet<string>): { inserts: string[]; from: string; to: string } {
    const to = this.unmergeToRevisions(heads);
    return { inserts: to.slice(0, -1), from: this.fromRevisions[0], to: to[to.length - 1] };
  }

  updateVersion(heads: ReadonlySet<string>): { from: string; to: string } {
    const downs = this.revision.normalizedDownRevisions;
    let down: string;
    if (downs.length === 1) {
      down = downs[0];
    } else {
      const present = downs.filter((id) => heads.has(id));
      if (present.length !== 1) throw new RevisionError("Can't do an UPDATE because downrevision is ambiguous");
      down = present[0];
    }
    return this.isUpgrade ? { from: down, to: this.revision.revision } : { from: this.revision.revision, to: down };
  }

  /** The versions a downgrade leaves, minus those other heads already imply. */
  private unmergeToRevisions(heads: ReadonlySet<string>): string[] {
    const others = [...heads].filter((id) => id !== this.revision.revision);
    const implied = this.idsImpliedBy(others);
    return this.toRevisions.filter((id) => !implied.has(id));
  }

  private idsImpliedBy(heads: readonly string[]): Set<string> {
    if (heads.length === 0) return new Set();
    const revisions = this.map.getRevisionsRaw(heads).filter(isRevision);
    return new Set(this.map.ancestors(revisions).map((rev) => rev.revision));
  }
}

/** Moves the version table without running anything (`stamp`). */
export class StampStep extends MigrationStep {
  readonly name = 'stamp_revision' as const;
  readonly direction: Direction;
  readonly doc = '';

  /**
   * @param from versions the step replaces
   * @param to versions it writes
   * @param branchMove whether it adds or removes a whole branch rather than moving one
   */
  constructor(
    readonly from: readonly string[],
    readonly to: readonly string[],
    isUpgrade: boolean,
    readonly branchMove: boolean,
  ) {
    super();
    this.direction = isUpgrade ? 'up' : 'down';
  }

  get fromRevisions(): readonly string[] {
    return this.from;
  }

  get toRevisions(): readonly string[] {
    return this.to;
  }

  get fromRevisionsNoDeps(): readonly string[] {
    return this.from;
  }

  get toRevisionsNoDeps(): readonly string[] {
    return this.to;
  }

  get deleteVersion(): string {
    return single(this.from);
  }

  get insertVersion(): string {
    return single(this.to);
  }

  shouldDeleteBranch(): boolean {
    return !this.isUpgrade && this.branchMove;
  }

  shouldCreateBranch(heads: ReadonlySet<string>): boolean {
    return (
      this.isUpgrade &&
      (this.branchMove || this.from.some((id) => !heads.has(id))) &&
      this.to.some((id) => !heads.has(id))
    );
  }

  shouldMergeBranches(): boolean {
    return this.from.length > 1;
  }

  shouldUnmergeBranches(): boolean {
    return this.to.length > 1;
  }

  mergeBranchIdents(): { deletes: string[]; from: string; to: string } {
    return { deletes: this.from.slice(0, -1), from: this.from[this.from.length - 1], to: this.to[0] };
  }

  unmergeBranchIdents(): { inserts: string[]; from: string; to: string } {
    return { inserts: this.to.slice(0, -1), from: this.from[0], to: this.to[this.to.length - 1] };
  }

  updateVersion(): { from: string; to: string } {
    return { from: single(this.from), to: single(this.to) };
  }
}

function single(ids: readonly string[]): string {
  if (ids.length !== 1) throw new Error(`expected exactly one version, got [${ids.join(', ')}]`);
  return ids[0];
}
