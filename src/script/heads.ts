/**
 * Keeps the version table in step with the migrations run (Alembic's `HeadMaintainer`). It tracks
 * the current heads and returns, for each step, the row changes to make, in the order to make them.
 * `heads` lists inserted rows last and updated rows in place; a database may read its rows back in
 * another order (SQLite: by primary key), and plans take the order they are given (`downgrade -1`
 * from several heads starts from the first), so plan from the rows as read from the table.
 */
import { MigrationStep } from './steps';

export type VersionTableChange =
  | { kind: 'insert'; version: string }
  | { kind: 'delete'; version: string }
  | { kind: 'update'; from: string; to: string };

export class HeadMaintainer {
  private readonly rows: string[];

  constructor(heads: readonly string[]) {
    this.rows = [...new Set(heads)];
  }

  get heads(): readonly string[] {
    return [...this.rows];
  }

  /** Records `step` and returns the version table changes it implies. */
  apply(step: MigrationStep): VersionTableChange[] {
    const heads = new Set(this.rows);
    const changes: VersionTableChange[] = [];
    if (step.shouldDeleteBranch(heads)) {
      changes.push({ kind: 'delete', version: step.deleteVersion });
    } else if (step.shouldCreateBranch(heads)) {
      changes.push({ kind: 'insert', version: step.insertVersion });
    } else if (step.shouldMergeBranches(heads)) {
      const { deletes, from, to } = step.mergeBranchIdents(heads);
      for (const version of deletes) changes.push({ kind: 'delete', version });
      changes.push({ kind: 'update', from, to });
    } else if (step.shouldUnmergeBranches(heads)) {
      const { inserts, from, to } = step.unmergeBranchIdents(heads);
      for (const version of inserts) changes.push({ kind: 'insert', version });
      changes.push({ kind: 'update', from, to });
    } else {
      const { from, to } = step.updateVersion(heads);
      changes.push({ kind: 'update', from, to });
    }
    for (const change of changes) this.record(change);
    return changes;
  }

  private record(change: VersionTableChange): void {
    switch (change.kind) {
      case 'insert':
        if (this.rows.includes(change.version)) throw new Error(`version ${change.version} is already a head`);
        this.rows.push(change.version);
        break;
      case 'delete':
        this.rows.splice(this.indexOf(change.version), 1);
        break;
      case 'update':
        if (this.rows.includes(change.to)) throw new Error(`version ${change.to} is already a head`);
        this.rows[this.indexOf(change.from)] = change.to;
        break;
    }
  }

  private indexOf(version: string): number {
    const index = this.rows.indexOf(version);
    if (index === -1) throw new Error(`version ${version} is not a current head`);
    return index;
  }
}
