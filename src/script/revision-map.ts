/**
 * The revision graph and the resolution of migration targets: a port of Alembic 1.8's
 * `RevisionMap` (`alembic/script/revision.py`), keeping its semantics and its error messages.
 *
 * Public API (errors are `RevisionError`s, phrased as Alembic's command line phrases them):
 * - `new RevisionMap(metas)` builds and validates the graph: duplicate ids, duplicate branch labels,
 *   missing down revisions or dependencies, illegal characters, cycles. The order of `metas` is
 *   Alembic's load order: it breaks ties when ordering independent branches.
 * - `heads` / `bases` (versioned, through `down_revision`), `realHeads` / `realBases` (also counting
 *   `depends_on`), `revisions` (all, load order).
 * - `get(id)`: a revision by full id, unique prefix (4+ characters), branch label, `head`,
 *   `branch@head`, `label@<prefix>`, relative `<rev>+N` … ; `null` for `base`.
 * - `getMany(id | ids)`: several (`heads`, `branch@heads`, `-1` from every head …).
 * - `resolveIds(id)`: what `current` / `as_revision_number` shows for a symbol.
 * - `currentHead(branch?)`, `filterForLineage(targets, against)`.
 * - `iterateRevisions(upper, lower, options)`: revisions to run, upper first (Alembic's order).
 * - `walk(base?, head?)`: what `history -r base:head` lists, newest first.
 *
 * The methods whose name ends in `Raw` throw the detailed subclasses of `RevisionError`; the
 * planning functions of `plan.ts` wrap them with the messages of the matching command.
 */
import {
  AmbiguousRevisionError,
  CycleDetectedError,
  MultipleHeadsError,
  RangeNotAncestorError,
  ResolutionError,
  RevisionError,
  withUserMessages,
} from './errors';
import { Revision, RevisionMeta, toList, unique } from './revision';

export { Revision } from './revision';
export type { RevisionMeta } from './revision';

/**
 * A place in the graph reached by resolving or walking: a revision, `'base'` (walked below every
 * revision) or `null` (no revision: the empty database, or a walk that went past the graph's ends).
 */
export type Position = Revision | 'base' | null;

/** Alembic's `_relative_destination`: `[branch@][symbol]+N` / `-N`, anchored at the start only. */
const RELATIVE_DESTINATION = /^(?:(.+?)@)?([\p{L}\p{N}_]+)?([+-]\d+)/u;

export interface IterateOptions {
  /** Upgrade: include every branch that leads to the target, not only those above `lower`. */
  implicitBase?: boolean;
  /** Include the lower revision itself. */
  inclusive?: boolean;
  /** Relative targets must walk the full number of steps (else they stop at the graph's end). */
  assertRelativeLength?: boolean;
  /** `upper` are the current heads and `lower` the downgrade target. */
  selectForDowngrade?: boolean;
}

type RelatedFn = (rev: Revision) => readonly string[];
type Ids = string | readonly (string | null)[] | null;

export class RevisionMap {
  readonly heads: readonly string[];
  readonly bases: readonly string[];
  readonly realHeads: readonly string[];
  readonly realBases: readonly string[];
  /** Revision ids, then branch labels, in load order (Alembic's `_revision_map` keys). */
  private readonly byKey = new Map<string, Revision>();
  private readonly loadOrder: readonly Revision[];

  constructor(metas: readonly RevisionMeta[]) {
    const revisions: Revision[] = [];
    const heads = new Set<Revision>();
    const realHeads = new Set<Revision>();
    for (const meta of metas) {
      const rev = new Revision(meta);
      if (this.byKey.has(rev.revision)) throw new RevisionError(`Revision ${rev.revision} is present more than once`);
      this.byKey.set(rev.revision, rev);
      revisions.push(rev);
      heads.add(rev);
      realHeads.add(rev);
    }
    this.loadOrder = revisions;
    const bases = revisions.filter((rev) => rev.isBase);
    const realBases = revisions.filter((rev) => rev.isRealBase);

    this.mapBranchLabels(revisions);
    this.resolveDependencies(revisions);
    for (const rev of revisions) {
      for (const downId of rev.allDownRevisions) {
        const down = this.byKey.get(downId);
        if (!down) throw new RevisionError(`Revision ${downId} referenced from ${rev.revision} is not present`);
        down.addChild(rev);
        if (rev.downRevisions.includes(downId)) heads.delete(down);
        realHeads.delete(down);
      }
    }
    this.normalizeDependencies(revisions);
    this.detectCycles(revisions, [...heads], bases, [...realHeads], realBases);

    this.heads = [...heads].map((rev) => rev.revision);
    this.realHeads = [...realHeads].map((rev) => rev.revision);
    this.bases = bases.map((rev) => rev.revision);
    this.realBases = realBases.map((rev) => rev.revision);
    this.propagateBranchLabels(revisions);
  }

  /** All revisions, in load order. */
  get revisions(): readonly Revision[] {
    return this.loadOrder;
  }

  // ---------------------------------------------------------------- public, user-facing messages

  /** A single revision (`null` for `base`), phrased errors as in `ScriptDirectory.get_revision`. */
  get(id: string | null): Revision | null {
    return withUserMessages(() => this.getRevisionRaw(id));
  }

  /** Several revisions, phrased errors as in `ScriptDirectory.get_revisions`. */
  getMany(id: Ids): Revision[] {
    return withUserMessages(() => this.getRevisionsRaw(id).filter(isRevision));
  }

  /** Resolves a symbol to ids, as `ScriptDirectory.as_revision_number`: `base` gives `[]`. */
  resolveIds(id: string | null): string[] {
    return withUserMessages(() => [...this.resolveRevisionNumber(id).ids]);
  }

  /** The single head (of a branch); a `RevisionError` when there are several. */
  currentHead(branchLabel: string | null = null): string | null {
    return withUserMessages(() => this.currentHeadRaw(branchLabel), {
      multipleHeads:
        'The script directory has multiple heads (due to branching).Please use get_heads(), or merge the ' +
        'branches using alembic merge.',
    });
  }

  /** Revisions from `base` up to `head`, newest first: what `history -r base:head` lists. */
  walk(base: string = 'base', head: string = 'heads'): Revision[] {
    return withUserMessages(
      () => this.iterateRevisions(head, base, { inclusive: true, assertRelativeLength: false }),
      { start: base, end: head },
    );
  }

  // ---------------------------------------------------------------- resolution (raw errors)

  currentHeadRaw(branchLabel: string | null = null): string | null {
    let heads: readonly string[] = this.heads;
    if (branchLabel) heads = this.filterForLineage(heads, branchLabel);
    if (heads.length > 1) throw new MultipleHeadsError(heads, branchLabel ? `${branchLabel}@head` : 'head');
    return heads[0] ?? null;
  }

  /** Splits `branch@symbol` and expands `head`, `heads` and `base` into revision ids. */
  resolveRevisionNumber(id: string | null): { ids: readonly string[]; branchLabel: string | null } {
    let branchLabel: string | null = null;
    if (id !== null && id.includes('@')) {
      const at = id.indexOf('@');
      branchLabel = id.slice(0, at);
      id = id.slice(at + 1);
    }
    if (id === 'heads') {
      return { ids: branchLabel ? this.filterForLineage(this.heads, branchLabel) : this.realHeads, branchLabel };
    }
    if (id === 'head') {
      const head = this.currentHeadRaw(branchLabel);
      return { ids: head ? [head] : [], branchLabel };
    }
    if (id === 'base' || id === null) return { ids: [], branchLabel };
    return { ids: [id], branchLabel };
  }

  /** Alembic's `get_revisions`: one or several identifiers; `-N` walks down from every head. */
  getRevisionsRaw(id: Ids): Position[] {
    if (Array.isArray(id)) return id.flatMap((one: string | null) => this.getRevisionsRaw(one));
    const { ids, branchLabel } = this.resolveRevisionNumber(id as string | null);
    if (ids.length === 1 && /^\s*[+-]?\d+\s*$/.test(ids[0])) {
      const steps = Number.parseInt(ids[0], 10);
      if (steps < 0) {
        let heads = this.getRevisionsRaw('heads').filter(isRevision);
        if (branchLabel !== null) heads = heads.filter((head) => head.branchLabels.includes(branchLabel));
        return heads.map((head) => this.walkSteps(head, steps));
      }
    }
    return ids.map((one) => this.revisionForIdent(one, branchLabel));
  }

  /** Alembic's `get_revision`: exactly one revision, or `null` for `base`. */
  getRevisionRaw(id: string | null): Revision | null {
    const { ids, branchLabel } = this.resolveRevisionNumber(id);
    if (ids.length > 1) throw new MultipleHeadsError(ids, id);
    return this.revisionForIdent(ids[0] ?? null, branchLabel);
  }

  /** Keeps the targets on the same line of descent as `checkAgainst` (a revision or a label). */
  filterForLineage<T extends string | Revision>(
    targets: Iterable<T>,
    checkAgainst: string | null,
    includeDependencies = false,
  ): T[] {
    const { ids, branchLabel } = this.resolveRevisionNumber(checkAgainst);
    const shares = [...(branchLabel ? [branchLabel] : []), ...ids];
    return [...targets].filter((target) => this.sharesLineage(target, shares, includeDependencies));
  }

  private resolveBranch(label: string): Revision | null {
    const labelled = this.byKey.get(label);
    if (labelled) return labelled;
    try {
      return this.revisionForIdent(label);
    } catch (err) {
      if (err instanceof ResolutionError) throw new ResolutionError(`No such branch: '${label}'`, label);
      throw err;
    }
  }

  /** A full id, a label, or a unique prefix of 4+ characters, checked against `checkBranch`. */
  private revisionForIdent(resolvedId: string | null, checkBranch: string | null = null): Revision | null {
    const branchRev = checkBranch ? this.resolveBranch(checkBranch) : null;
    if (resolvedId === null) return null;
    if (resolvedId === '') throw new ResolutionError("No such revision or branch ''", resolvedId);

    let revision = this.byKey.get(resolvedId);
    if (!revision) {
      let candidates = [...this.byKey.keys()].filter((key) => key.length > 3 && key.startsWith(resolvedId));
      if (branchRev) candidates = this.filterForLineage(candidates, checkBranch);
      if (candidates.length === 0) {
        const hint =
          resolvedId.length < 4
            ? '; please ensure at least four characters are present for partial revision identifier matches'
            : '';
        throw new ResolutionError(`No such revision or branch '${resolvedId}'${hint}`, resolvedId);
      }
      if (candidates.length > 1) {
        const revisions = unique(candidates.map((key) => this.byKey.get(key)!));
        if (revisions.length > 1) throw new AmbiguousRevisionError(resolvedId, revisions);
      }
      revision = this.byKey.get(candidates[0])!;
    }
    if (checkBranch && branchRev && !this.sharesLineage(revision.revision, [branchRev.revision])) {
      throw new ResolutionError(`Revision ${revision.revision} is not a member of branch '${checkBranch}'`, resolvedId);
    }
    return revision;
  }

  private sharesLineage(
    target: string | Revision,
    testAgainst: readonly (string | Revision)[],
    includeDependencies = false,
  ): boolean {
    if (testAgainst.length === 0) return true;
    const resolvedTarget = typeof target === 'string' ? this.revisionForIdent(target) : target;
    if (!resolvedTarget) return false;
    const against = new Set(testAgainst.map((x) => (typeof x === 'string' ? this.revisionForIdent(x) : x)));
    const lineage = [
      ...this.descendants([resolvedTarget], { includeDependencies }),
      ...this.ancestors([resolvedTarget], { includeDependencies }),
    ];
    return lineage.some((rev) => against.has(rev));
  }

  // ---------------------------------------------------------------- traversal

  descendants(
    targets: readonly Revision[],
    options: { includeDependencies?: boolean; omitImmediateDependencies?: boolean; check?: boolean } = {},
  ): Revision[] {
    const { includeDependencies = true, omitImmediateDependencies = false, check = false } = options;
    let fn: RelatedFn;
    if (omitImmediateDependencies) {
      fn = (rev) => (targets.includes(rev) ? rev.nextRevisions : rev.allNextRevisions);
    } else if (includeDependencies) {
      fn = (rev) => rev.allNextRevisions;
    } else {
      fn = (rev) => rev.nextRevisions;
    }
    return this.related(fn, targets, check);
  }

  ancestors(
    targets: readonly Revision[],
    options: { includeDependencies?: boolean; check?: boolean } = {},
  ): Revision[] {
    const { includeDependencies = true, check = false } = options;
    const fn: RelatedFn = includeDependencies ? (rev) => rev.normalizedDownRevisions : (rev) => rev.downRevisions;
    return this.related(fn, targets, check);
  }

  /**
   * Depth-first closure of `targets` through `fn` (targets included), in Alembic's visiting order.
   * With `check`, a target reachable from another target is an error (Alembic's "overlaps").
   */
  private related(fn: RelatedFn, targets: readonly Revision[], check: boolean): Revision[] {
    const seen = new Set<Revision>();
    const out: Revision[] = [];
    for (const target of targets) {
      const todo: Revision[] = [target];
      const reached = new Set<Revision>();
      while (todo.length) {
        const rev = todo.pop()!;
        reached.add(rev);
        if (seen.has(rev)) continue;
        seen.add(rev);
        for (const id of fn(rev)) {
          const next = this.byKey.get(id);
          if (!next || next.revision !== id) throw new RevisionError('Dependency resolution failed; broken map');
          todo.push(next);
        }
        out.push(rev);
      }
      if (check) {
        const overlaps = targets.filter((other) => other !== target && reached.has(other));
        if (overlaps.length) {
          throw new RevisionError(
            `Requested revision ${target.revision} overlaps with other requested revisions ` +
              overlaps.map((rev) => rev.revision).join(', '),
          );
        }
      }
    }
    return out;
  }

  /**
   * Moves `steps` revisions up (> 0, optionally only along `branchLabel`) or down (< 0). Walking
   * past the graph's end gives `null` with `noOverwalk`, else stops where it is.
   */
  walkSteps(start: Position, steps: number, branchLabel: string | null = null, noOverwalk = true): Position {
    let current = start;
    for (let i = 0; i < Math.abs(steps); i++) {
      let children: Position[];
      if (steps > 0) {
        if (current === 'base') throw new Error('cannot walk up from the position below base');
        const up = this.getRevisionsRaw(current === null ? this.bases : current.nextRevisions).filter(isRevision);
        children = branchLabel ? this.filterForLineage(up, branchLabel) : up;
      } else if (current === 'base') {
        children = [];
      } else {
        children = this.getRevisionsRaw(current === null ? this.heads : current.downRevisions);
        if (children.length === 0) children = ['base'];
      }
      if (children.length === 0) return noOverwalk ? null : current;
      if (children.length > 1) throw new RevisionError('Ambiguous walk');
      current = children[0];
    }
    return current;
  }

  // ---------------------------------------------------------------- migration targets

  /**
   * Parses a downgrade target (absolute, `-N` from the current heads, `<rev>-N`, `branch@-N`)
   * into the branch it names and the revision to go down to (`null` / `'base'` for base).
   */
  parseDowngradeTarget(
    currentRevisions: readonly string[] | string | null,
    target: string | null,
    assertRelativeLength: boolean,
  ): { branchLabel: string | null; target: Position } {
    if (target === null) return { branchLabel: null, target: null };
    const match = RELATIVE_DESTINATION.exec(target);
    if (match) {
      let branchLabel = match[1] ?? null;
      let symbol = match[2] ?? null;
      const relativeText = match[3];
      const relative = Number.parseInt(relativeText, 10);
      if (relative >= 0) {
        if (symbol === null) {
          throw new RevisionError(`Relative revision ${relativeText} didn't produce ${Math.abs(relative)} migrations`);
        }
        const rev = this.walkSteps(this.getRevisionRaw(symbol), relative, branchLabel, assertRelativeLength);
        if (rev === null) throw new RevisionError('Walked too far');
        return { branchLabel, target: rev };
      }
      const relativeToCurrent = symbol === null;
      if (relativeToCurrent) {
        const current = toList(currentRevisions);
        if (branchLabel) {
          let onBranch: string[] = this.filterForLineage(current, branchLabel);
          if (onBranch.length === 0) {
            // The branch's head may be below a single current head that depends on it.
            onBranch = this.filterForLineage(this.allCurrent(current), branchLabel).map((rev) => rev.revision);
          }
          if (onBranch.length !== 1) {
            throw new RevisionError(`Relative revision ${target} does not name a single current head`);
          }
          symbol = onBranch[0];
        } else {
          if (current.length === 0) {
            throw new RevisionError(
              `Relative revision ${relativeText} didn't produce ${Math.abs(relative)} migrations`,
            );
          }
          // Alembic warns that "downgrade -1 from multiple heads is ambiguous" and takes the first.
          symbol = current[0];
          branchLabel = symbol;
        }
      }
      const start = this.getRevisionRaw(branchLabel === null ? symbol : `${branchLabel}@${symbol}`);
      const rev = this.walkSteps(start, relative, null, assertRelativeLength);
      if (rev === null) {
        if (relativeToCurrent) {
          throw new RevisionError(`Relative revision ${relativeText} didn't produce ${Math.abs(relative)} migrations`);
        }
        throw new RevisionError('Walked too far');
      }
      return { branchLabel, target: rev };
    }
    const at = target.lastIndexOf('@');
    return { branchLabel: at > 0 ? target.slice(0, at) : null, target: this.getRevisionRaw(target.slice(at + 1)) };
  }

  /**
   * Parses an upgrade target (absolute, `+N` from the current heads, `branch@+N`, `<rev>+N`,
   * `<rev>-N`) into the revisions to reach.
   */
  parseUpgradeTarget(
    currentRevisions: readonly string[] | string | null,
    target: Ids,
    assertRelativeLength: boolean,
  ): Position[] {
    const match = typeof target === 'string' ? RELATIVE_DESTINATION.exec(target) : null;
    if (!match) return this.getRevisionsRaw(target);

    const branchLabel = match[1] ?? null;
    const symbol = match[2] ?? null;
    const relativeText = match[3];
    const relative = Number.parseInt(relativeText, 10);
    const didNotProduce = () =>
      new RevisionError(`Relative revision ${relativeText} didn't produce ${Math.abs(relative)} migrations`);

    if (relative > 0) {
      if (symbol !== null) {
        const rev = this.walkSteps(this.getRevisionRaw(symbol), relative, branchLabel, assertRelativeLength);
        if (rev === null) throw didNotProduce();
        return [rev];
      }
      const current: (string | null)[] = toList(currentRevisions);
      if (current.length === 0) current.push(null);
      let starts: (string | Revision | null)[] = current;
      if (branchLabel) {
        const currentRevs = this.getRevisionsRaw(current).filter(isRevision);
        starts = this.filterForLineage(currentRevs, branchLabel);
        if (starts.length === 0) {
          // The branch has no current head: start from its newest applied revision, or from base.
          const activeOnBranch = this.filterForLineage(this.ancestors(currentRevs), branchLabel);
          const below = new Set(activeOnBranch.flatMap((rev) => rev.normalizedDownRevisions));
          starts = activeOnBranch.map((rev) => rev.revision).filter((id) => !below.has(id));
          if (starts.length === 0) starts = [null];
        }
      }
      if (starts.length > 1) throw new RevisionError('Ambiguous upgrade from multiple current revisions');
      const start = typeof starts[0] === 'string' ? this.getRevisionRaw(starts[0]) : starts[0];
      const rev = this.walkSteps(start, relative, branchLabel, assertRelativeLength);
      if (rev === null) throw didNotProduce();
      return [rev];
    }
    if (symbol === null) {
      throw new RevisionError(`Relative revision ${relative} didn't produce ${Math.abs(relative)} migrations`);
    }
    const start = this.getRevisionRaw(branchLabel === null ? symbol : `${branchLabel}@${symbol}`);
    return [this.walkSteps(start, relative, null, assertRelativeLength)];
  }

  /**
   * The revisions to undo to go from the heads `upper` down to `target`, and the heads they hang
   * from (Alembic's `_collect_downgrade_revisions`).
   */
  collectDowngradeRevisions(
    upper: Ids,
    target: string | null,
    options: { inclusive: boolean; implicitBase: boolean; assertRelativeLength: boolean },
  ): { revisions: Set<Revision>; heads: Revision[] } {
    const currentIds = typeof upper === 'string' || upper === null ? upper : upper.filter(isString);
    const parsed = this.parseDowngradeTarget(currentIds, target, options.assertRelativeLength);
    const branchLabel = parsed.branchLabel;
    const targetRevision = parsed.target === 'base' ? null : parsed.target;

    let roots: Revision[];
    if (targetRevision === null) {
      roots = this.loadOrder.filter((rev) => rev.isBase);
    } else if (options.inclusive) {
      roots = [targetRevision];
    } else {
      roots = this.getRevisionsRaw(targetRevision.nextRevisions).filter(isRevision);
    }

    if (branchLabel && roots.length > 1) {
      const branch = this.resolveBranch(branchLabel);
      const onBranch = new Set(branch ? this.ancestors([branch], { includeDependencies: false }) : []);
      roots = roots.filter((rev) => onBranch.has(rev));
      if (roots.length === 0) throw new RevisionError('Not a valid downgrade target from current heads');
    }

    const heads = this.getRevisionsRaw(upper).filter(isRevision);
    // Undo every applied revision that descends from (or depends on) a root.
    const active = new Set(this.ancestors(heads));
    const revisions = new Set(this.descendants(roots).filter((rev) => active.has(rev)));
    if (options.implicitBase) {
      const aboveRoots = new Set(this.ancestors(roots));
      for (const rev of active) if (!aboveRoots.has(rev)) revisions.add(rev);
    }
    if (targetRevision !== null && revisions.size === 0 && !heads.includes(targetRevision)) {
      throw new RangeNotAncestorError('Nothing to drop', currentIds);
    }
    return { revisions, heads };
  }

  /**
   * The revisions to run to go from the heads `lower` up to `upper`, and the targets
   * (Alembic's `_collect_upgrade_revisions`).
   */
  collectUpgradeRevisions(
    upper: Ids,
    lower: Ids,
    options: { inclusive: boolean; implicitBase: boolean; assertRelativeLength: boolean },
  ): { revisions: Set<Revision>; heads: Revision[] } {
    const lowerIds = typeof lower === 'string' || lower === null ? lower : lower.filter(isString);
    let targets = this.parseUpgradeTarget(lowerIds, upper, options.assertRelativeLength).map((position) =>
      requireRevision(position, upper),
    );

    // A named base (`branch@base:…`) restricts the targets to that branch.
    if (typeof lower === 'string' && lower.includes('@')) {
      let branch = lower.slice(0, lower.indexOf('@'));
      const branchRev = this.getRevisionRaw(branch);
      if (branchRev !== null && branchRev.revision === branch) {
        // A revision id was used as a label: take its branch's label instead.
        if (branchRev.branchLabels.length !== 1) {
          throw new RevisionError(`Revision ${branch} does not belong to exactly one branch`);
        }
        branch = branchRev.branchLabels[0];
      }
      targets = unique(targets.filter((rev) => rev.branchLabels.includes(branch)));
    }

    const required = new Set([...this.ancestors(targets, { check: true }), ...targets]);
    let current = this.getRevisionsRaw(lower);
    if (!options.implicitBase && current.some((rev) => rev !== null && !(rev !== 'base' && required.has(rev)))) {
      throw new RangeNotAncestorError(lowerIds, typeof upper === 'string' || upper === null ? upper : null);
    }

    // `lower` was relative (`-N`): resolve it against `upper`.
    if (current.length && current[0] === null) {
      const { target: rev } = this.parseDowngradeTarget(
        typeof upper === 'string' || upper === null ? upper : upper.filter(isString),
        lowerIds as string,
        options.assertRelativeLength,
      );
      if (rev === 'base' || rev === null) {
        current = [];
        lower = null;
      } else {
        current = [rev];
        lower = rev.revision;
      }
    }

    const currentRevs = current.filter(isRevision);
    const applied = new Set([...this.ancestors(currentRevs, { check: true }), ...currentRevs]);
    let needs = new Set([...required].filter((rev) => !applied.has(rev)));
    if (options.inclusive) {
      for (const rev of this.getRevisionsRaw(lower)) needs.add(requireRevision(rev, lower));
    }
    // Unless the base is implicit, only what descends from the current revisions is upgraded.
    if (current.length && !options.implicitBase) {
      const above = new Set(this.descendants(currentRevs, { check: true, includeDependencies: false }));
      needs = new Set([...needs].filter((rev) => above.has(rev)));
    }
    return { revisions: needs, heads: targets };
  }

  /**
   * Revisions between `upper` and `lower`, in the order they are run: upper first (reverse it to
   * upgrade). `upper`/`lower` are identifiers or lists of ids (current heads).
   */
  iterateRevisions(upper: Ids, lower: Ids, options: IterateOptions = {}): Revision[] {
    const collectOptions = {
      inclusive: options.inclusive ?? false,
      implicitBase: options.implicitBase ?? false,
      assertRelativeLength: options.assertRelativeLength ?? true,
    };
    const downgradeTarget = typeof lower === 'string' ? lower : null;
    const { revisions, heads } = options.selectForDowngrade
      ? this.collectDowngradeRevisions(upper, downgradeTarget, collectOptions)
      : this.collectUpgradeRevisions(upper, lower, collectOptions);
    return this.topologicalSort(revisions, heads).map((id) => this.byKey.get(id)!);
  }

  /**
   * Orders `revisions` newest first: each comes before its down revisions and dependencies; a
   * branch is followed down as long as no other head still needs its next revision. Ties follow
   * the load order (Alembic's `_topological_sort`).
   */
  private topologicalSort(revisions: ReadonlySet<Revision>, heads: readonly Revision[]): string[] {
    const ancestorIds = (id: string) =>
      new Set(this.ancestors([this.byKey.get(id)!]).map((rev) => rev.revision));
    const todo = new Set([...revisions].map((rev) => rev.revision));
    const loadIndex = new Map(this.loadOrder.map((rev, index) => [rev.revision, index]));

    const currentHeads = unique(heads.map((rev) => rev.revision).filter((id) => todo.has(id))).sort(
      (a, b) => loadIndex.get(a)! - loadIndex.get(b)!,
    );
    const ancestorsByIndex = currentHeads.map(ancestorIds);
    const output: string[] = [];

    let candidateIndex = 0;
    while (currentHeads.length) {
      const candidate = currentHeads[candidateIndex];
      // Another head that still needs the candidate must be walked first.
      const blockedBy = ancestorsByIndex.findIndex(
        (ancestors, index) => index !== candidateIndex && ancestors.has(candidate),
      );
      if (blockedBy !== -1) {
        candidateIndex = blockedBy;
        continue;
      }
      if (todo.delete(candidate)) output.push(candidate);

      const candidateRev = this.byKey.get(candidate)!;
      const headsToAdd = candidateRev.normalizedDownRevisions.filter(
        (id) => todo.has(id) && !currentHeads.includes(id),
      );
      if (headsToAdd.length === 0) {
        currentHeads.splice(candidateIndex, 1);
        ancestorsByIndex.splice(candidateIndex, 1);
        candidateIndex = Math.max(candidateIndex - 1, 0);
      } else if (candidateRev.normalizedDependencies.length === 0 && candidateRev.downRevisions.length === 1) {
        // Plain movement down a line: the ancestors are the same minus the candidate.
        currentHeads[candidateIndex] = headsToAdd[0];
        ancestorsByIndex[candidateIndex].delete(candidate);
      } else {
        currentHeads[candidateIndex] = headsToAdd[0];
        currentHeads.push(...headsToAdd.slice(1));
        ancestorsByIndex[candidateIndex] = ancestorIds(headsToAdd[0]);
        ancestorsByIndex.push(...headsToAdd.slice(1).map(ancestorIds));
      }
    }
    if (todo.size) throw new Error(`topological sort left revisions unvisited: ${[...todo].join(', ')}`);
    return output;
  }

  /** The current revisions plus their ancestors, reduced to the branch tips. */
  private allCurrent(ids: readonly string[]): Revision[] {
    const top = new Set(this.getRevisionsRaw(ids).filter(isRevision));
    for (const rev of this.ancestors([...top])) top.add(rev);
    return [...top].filter(
      (rev) => !this.descendants([rev], { includeDependencies: false }).some((d) => d !== rev && top.has(d)),
    );
  }

  // ---------------------------------------------------------------- construction

  private mapBranchLabels(revisions: readonly Revision[]): void {
    for (const rev of revisions) {
      for (const label of rev.declaredBranchLabels) {
        const taken = this.byKey.get(label);
        if (taken) {
          throw new RevisionError(
            `Branch name '${label}' in revision ${rev.revision} already used by revision ${taken.revision}`,
          );
        }
        this.byKey.set(label, rev);
      }
    }
  }

  /** `dependsOn` names revisions exactly or by branch label; resolve them to ids. */
  private resolveDependencies(revisions: readonly Revision[]): void {
    for (const rev of revisions) {
      rev.resolvedDependencies = rev.dependsOn.map((dep) => {
        const target = this.byKey.get(dep);
        if (!target) throw new RevisionError(`Revision ${dep} referenced from ${rev.revision} is not present`);
        return target.revision;
      });
    }
  }

  /** Drops the dependencies that an ancestor already depends on. */
  private normalizeDependencies(revisions: readonly Revision[]): void {
    for (const rev of revisions) {
      if (rev.resolvedDependencies.length === 0) continue;
      const impliedByAncestors = new Set(
        this.ancestors([rev], { includeDependencies: false })
          .filter((ancestor) => ancestor !== rev)
          .flatMap((ancestor) => ancestor.resolvedDependencies),
      );
      rev.normalizedDependencies = rev.resolvedDependencies.filter((dep) => !impliedByAncestors.has(dep));
    }
  }

  /** Every revision must lie between a head and a base, through down revisions and dependencies. */
  private detectCycles(
    revisions: readonly Revision[],
    heads: readonly Revision[],
    bases: readonly Revision[],
    realHeads: readonly Revision[],
    realBases: readonly Revision[],
  ): void {
    if (revisions.length === 0) return;
    const all = revisions.map((rev) => rev.revision);
    const unreachable = (up: RelatedFn, down: RelatedFn, from: readonly Revision[], to: readonly Revision[]) => {
      const belowHeads = new Set(this.related(up, from, false));
      const aboveBases = new Set(this.related(down, to, false));
      return revisions.filter((rev) => !(belowHeads.has(rev) && aboveBases.has(rev))).map((rev) => rev.revision);
    };

    if (heads.length === 0 || bases.length === 0) throw new CycleDetectedError(all);
    const cyclic = unreachable((rev) => rev.downRevisions, (rev) => rev.nextRevisions, heads, bases);
    if (cyclic.length) throw new CycleDetectedError(cyclic.sort());

    if (realHeads.length === 0 || realBases.length === 0) throw new CycleDetectedError(all, 'Dependency cycle');
    const dependencyCyclic = unreachable(
      (rev) => rev.allDownRevisions,
      (rev) => rev.allNextRevisions,
      realHeads,
      realBases,
    );
    if (dependencyCyclic.length) throw new CycleDetectedError(dependencyCyclic.sort(), 'Dependency cycle');
  }

  /**
   * A branch label applies to every descendant of its revision, and to the ancestors down to the
   * nearest branch or merge point. The walk down starts from the last descendant visited, as in
   * Alembic (`_add_branches`), which is what decides the labels shown by `history` and `branches`.
   */
  private propagateBranchLabels(revisions: readonly Revision[]): void {
    for (const rev of revisions) {
      if (rev.declaredBranchLabels.length === 0) continue;
      const descendants = this.descendants([rev], { includeDependencies: false });
      for (const node of descendants) node.addBranchLabels(rev.branchLabels);
      let parent: Revision | undefined = descendants[descendants.length - 1];
      while (parent && !parent.isRealBranchPoint && !parent.isMergePoint) {
        parent.addBranchLabels(rev.branchLabels);
        parent = parent.downRevisions.length ? this.byKey.get(parent.downRevisions[0]) : undefined;
      }
    }
  }
}

export function isRevision(position: Position): position is Revision {
  return position instanceof Revision;
}

function isString(value: string | null): value is string {
  return typeof value === 'string';
}

/** A walk that ended below base or beyond a head cannot be a migration target. */
function requireRevision(position: Position, argument: Ids): Revision {
  if (isRevision(position)) return position;
  const shown = typeof argument === 'string' ? argument : toList(argument?.filter(isString) ?? null).join(', ');
  throw new RevisionError(`Relative revision ${shown} does not lead to a revision`);
}
