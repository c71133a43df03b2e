/**
 * The revision graph both Alembic comparisons use (the planner's and the CLI's):
 *
 *            ┌ bbb1 ─ bbb2 ┐
 * aaa1 ─ aaa2┤              ├ mmm1 ─ ddd1
 *            └ ccc1 ─ ccc2 ┘            (ccc1..: branch "feature")
 * xxx1 ─ xxx2 (branch "extra"; xxx2 depends on bbb1)
 */
import type { RevisionMeta } from '../../src/script/revision-map';

export const BRANCHED_GRAPH: RevisionMeta[] = [
  { revision: 'aaa1', downRevision: null, message: 'create users' },
  { revision: 'aaa2', downRevision: 'aaa1', message: 'add email' },
  { revision: 'bbb1', downRevision: 'aaa2', message: 'posts table' },
  { revision: 'bbb2', downRevision: 'bbb1', message: 'posts index' },
  { revision: 'ccc1', downRevision: 'aaa2', branchLabels: ['feature'], message: 'feature flags' },
  { revision: 'ccc2', downRevision: 'ccc1', message: 'feature defaults' },
  { revision: 'mmm1', downRevision: ['bbb2', 'ccc2'], message: 'merge posts and feature' },
  { revision: 'ddd1', downRevision: 'mmm1', message: 'audit log' },
  { revision: 'xxx1', downRevision: null, branchLabels: ['extra'], message: 'extra schema' },
  { revision: 'xxx2', downRevision: 'xxx1', dependsOn: 'bbb1', message: 'extra needs posts' },
];
