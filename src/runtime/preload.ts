/**
 * Every revision of a plan is loaded (compiled, run, its upgrade or downgrade function found) before
 * the first one runs: a revision that does not compile must stop the run before anything is
 * applied, not after the revisions before it were.
 */
import type { RevisionBundle } from '../script/loader';
import type { PlannedStep } from './steps';

export class RevisionLoadError extends Error {}

type Exports = Record<string, unknown>;

/** The revision modules of a run, each loaded once: by `preload` for the plan, then by the run. */
export class PreloadedRevisions {
  private readonly loaded = new Map<string, Exports>();

  constructor(private readonly bundle: Pick<RevisionBundle, 'load'>) {}

  load(filename: string, checksum: string): Exports {
    const key = `${checksum}:${filename}`;
    let exports = this.loaded.get(key);
    if (!exports) {
      exports = this.bundle.load(filename, checksum);
      this.loaded.set(key, exports);
    }
    return exports;
  }

  /** Loads every revision of the plan; throws one error naming each revision that cannot run. */
  preload(steps: PlannedStep[]): void {
    const problems: string[] = [];
    for (const step of steps) {
      if (!step.path || !step.checksum) continue;
      try {
        const exports = this.load(step.path, step.checksum);
        if (typeof exports[step.direction] !== 'function') problems.push(`${step.path}: has no ${step.direction}() function`);
      } catch (e) {
        problems.push((e as Error).message);
      }
    }
    if (!problems.length) return;
    throw new RevisionLoadError(
      `Nothing was run: ${problems.length === 1 ? 'a revision' : `${problems.length} revisions`} of the plan cannot be loaded.\n` +
        problems.map((p) => `  ${p}`).join('\n'),
    );
  }
}
