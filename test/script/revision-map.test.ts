import { RevisionError } from '../../src/script/errors';
import { RevisionMap, RevisionMeta } from '../../src/script/revision-map';

//                ┌ b1c2d3e4f5a6 ─ b2 ┐
// a1 ─ a2 ───────┤                    ├ merge ─ d1
//                └ c1 (label "feature") ─ c2 ┘
// x1 (label "extra") ─ x2 (depends on b1c2d3e4f5a6)
const GRAPH: RevisionMeta[] = [
  { revision: 'a1a1a1a1a1a1', downRevision: null, message: 'create users\n\nlonger text' },
  { revision: 'a2a2a2a2a2a2', downRevision: 'a1a1a1a1a1a1', message: 'add email' },
  { revision: 'b1c2d3e4f5a6', downRevision: 'a2a2a2a2a2a2', message: 'posts' },
  { revision: 'b2b2b2b2b2b2', downRevision: 'b1c2d3e4f5a6' },
  { revision: 'c1c1c1c1c1c1', downRevision: 'a2a2a2a2a2a2', branchLabels: ['feature'] },
  { revision: 'c2c2c2c2c2c2', downRevision: 'c1c1c1c1c1c1' },
  { revision: 'e0e0e0e0e0e0', downRevision: ['b2b2b2b2b2b2', 'c2c2c2c2c2c2'], message: 'merge' },
  { revision: 'd1d1d1d1d1d1', downRevision: 'e0e0e0e0e0e0' },
  { revision: 'f1f1f1f1f1f1', downRevision: null, branchLabels: 'extra' },
  { revision: 'f2f2f2f2f2f2', downRevision: 'f1f1f1f1f1f1', dependsOn: 'b1c2d3e4f5a6' },
];

const map = new RevisionMap(GRAPH);
const ids = (revs: { revision: string }[]) => revs.map((rev) => rev.revision);

function errorOf(fn: () => unknown): RevisionError {
  try {
    fn();
  } catch (err) {
    if (err instanceof RevisionError) return err;
    throw err;
  }
  throw new Error('expected a RevisionError');
}

describe('the graph', () => {
  test('heads, bases and the shape of each revision', () => {
    expect(map.heads).toEqual(['d1d1d1d1d1d1', 'f2f2f2f2f2f2']);
    expect(map.bases).toEqual(['a1a1a1a1a1a1', 'f1f1f1f1f1f1']);
    expect(map.realBases).toEqual(['a1a1a1a1a1a1', 'f1f1f1f1f1f1']);

    const a2 = map.get('a2a2a2a2a2a2')!;
    expect(a2.isBranchPoint).toBe(true);
    expect(a2.nextRevisions).toEqual(['b1c2d3e4f5a6', 'c1c1c1c1c1c1']);
    const merge = map.get('e0e0e0e0e0e0')!;
    expect(merge.isMergePoint).toBe(true);
    expect(merge.downRevisions).toEqual(['b2b2b2b2b2b2', 'c2c2c2c2c2c2']);
    const b1 = map.get('b1c2d3e4f5a6')!;
    // x2 depends on b1: a "real" child, but not a versioned one.
    expect(b1.nextRevisions).toEqual(['b2b2b2b2b2b2']);
    expect(b1.allNextRevisions).toEqual(['b2b2b2b2b2b2', 'f2f2f2f2f2f2']);
    expect(map.get('f2f2f2f2f2f2')!.normalizedDownRevisions).toEqual(['f1f1f1f1f1f1', 'b1c2d3e4f5a6']);
    expect(map.get('a1a1a1a1a1a1')!.doc).toBe('create users');
  });

  test('a branch label applies to the revisions after it', () => {
    expect(map.get('c2c2c2c2c2c2')!.branchLabels).toEqual(['feature']);
    expect(map.get('d1d1d1d1d1d1')!.branchLabels).toEqual(['feature']);
    expect(map.get('b2b2b2b2b2b2')!.branchLabels).toEqual([]);
    expect(map.get('f2f2f2f2f2f2')!.branchLabels).toEqual(['extra']);
  });
});

describe('resolving identifiers', () => {
  test('full ids, unique prefixes of 4+ characters and branch labels', () => {
    expect(map.get('b1c2d3e4f5a6')!.revision).toBe('b1c2d3e4f5a6');
    expect(map.get('b1c2')!.revision).toBe('b1c2d3e4f5a6');
    expect(map.get('feature')!.revision).toBe('c1c1c1c1c1c1');
    expect(map.get('base')).toBeNull();
  });

  test('an unknown id, a short or an ambiguous prefix', () => {
    expect(errorOf(() => map.get('zzzzzz')).message).toBe("Can't locate revision identified by 'zzzzzz'");
    // Any prefix that matches one id resolves; a short one that matches nothing gets a hint.
    expect(map.get('b1c')!.revision).toBe('b1c2d3e4f5a6');
    const short = errorOf(() => map.get('zzz'));
    expect(short.message).toBe("Can't locate revision identified by 'zzz'");
    expect((short.cause as Error).message).toBe(
      "No such revision or branch 'zzz'; please ensure at least four characters are present for partial " +
        'revision identifier matches',
    );
    const twoMatches = new RevisionMap([
      { revision: 'abcd01', downRevision: null },
      { revision: 'abcd02', downRevision: 'abcd01' },
    ]);
    // Alembic says "Can't locate"; pmig says the prefix is ambiguous and lists the candidates.
    const ambiguous = errorOf(() => twoMatches.get('abcd'));
    expect(ambiguous.message).toBe(
      "Revision 'abcd' is ambiguous: it is the start of 2 revision ids:\n  abcd01\n  abcd02\nGive more characters of the one you mean.",
    );
  });

  test('head, heads and label@head', () => {
    expect(errorOf(() => map.get('head')).message).toBe(
      "Multiple head revisions are present for given argument 'head'; please specify a specific target " +
        "revision, '<branchname>@head' to narrow to a specific head, or 'heads' for all heads",
    );
    expect(ids(map.getMany('heads'))).toEqual(['d1d1d1d1d1d1', 'f2f2f2f2f2f2']);
    expect(map.get('extra@head')!.revision).toBe('f2f2f2f2f2f2');
    expect(map.get('feature@head')!.revision).toBe('d1d1d1d1d1d1');
    expect(map.resolveIds('extra@heads')).toEqual(['f2f2f2f2f2f2']);
    expect(map.resolveIds('base')).toEqual([]);
  });

  test('label@revision checks that the revision is on the branch', () => {
    expect(map.get('feature@c2c2')!.revision).toBe('c2c2c2c2c2c2');
    // A prefix is only looked up on the branch.
    expect((errorOf(() => map.get('extra@c2c2')).cause as Error).message).toBe("No such revision or branch 'c2c2'");
    expect((errorOf(() => map.get('extra@c2c2c2c2c2c2')).cause as Error).message).toBe(
      "Revision c2c2c2c2c2c2 is not a member of branch 'extra'",
    );
    expect((errorOf(() => map.get('nobranch@a1a1')).cause as Error).message).toBe("No such branch: 'nobranch'");
  });

  test('relative identifiers: -N from every head, label@-N', () => {
    expect(ids(map.getMany('-1'))).toEqual(['e0e0e0e0e0e0', 'f1f1f1f1f1f1']);
    expect(ids(map.getMany('extra@-1'))).toEqual(['f1f1f1f1f1f1']);
  });
});

describe('walking the history', () => {
  // Orders checked against Alembic 1.8 (RevisionMap.iterate_revisions on the same graph).
  test('everything, newest first: a branch is followed until another head needs its next revision', () => {
    expect(ids(map.walk())).toEqual([
      'd1d1d1d1d1d1',
      'e0e0e0e0e0e0',
      'b2b2b2b2b2b2',
      'f2f2f2f2f2f2',
      'f1f1f1f1f1f1',
      'b1c2d3e4f5a6',
      'c2c2c2c2c2c2',
      'c1c1c1c1c1c1',
      'a2a2a2a2a2a2',
      'a1a1a1a1a1a1',
    ]);
  });

  test('a range a:b includes both ends; a branch brings its dependencies', () => {
    expect(ids(map.walk('b1c2', 'b2b2'))).toEqual(['b2b2b2b2b2b2', 'b1c2d3e4f5a6']);
    expect(ids(map.walk('extra@base', 'extra@head'))).toEqual([
      'f2f2f2f2f2f2',
      'f1f1f1f1f1f1',
      'b1c2d3e4f5a6',
      'a2a2a2a2a2a2',
      'a1a1a1a1a1a1',
    ]);
  });

  test('a range across branches is refused', () => {
    expect(errorOf(() => map.walk('c1c1', 'b2b2')).message).toBe(
      'Requested range c1c1:b2b2 does not refer to ancestor/descendant revisions along the same branch',
    );
  });
});

describe('validating the graph', () => {
  test('a duplicate revision id', () => {
    const twice = { revision: 'aaaa', downRevision: null };
    expect(errorOf(() => new RevisionMap([twice, twice])).message).toBe('Revision aaaa is present more than once');
  });

  test('a missing down revision or dependency', () => {
    expect(errorOf(() => new RevisionMap([{ revision: 'bbbb', downRevision: 'aaaa' }])).message).toBe(
      'Revision aaaa referenced from bbbb is not present',
    );
    expect(
      errorOf(() => new RevisionMap([{ revision: 'bbbb', downRevision: null, dependsOn: ['nope'] }])).message,
    ).toBe('Revision nope referenced from bbbb is not present');
  });

  test('a branch label used twice', () => {
    expect(
      errorOf(
        () =>
          new RevisionMap([
            { revision: 'aaaa', downRevision: null, branchLabels: ['x'] },
            { revision: 'bbbb', downRevision: 'aaaa', branchLabels: ['x'] },
          ]),
      ).message,
    ).toBe("Branch name 'x' in revision bbbb already used by revision aaaa");
  });

  test('cycles', () => {
    expect(errorOf(() => new RevisionMap([{ revision: 'aaaa', downRevision: 'aaaa' }])).message).toBe(
      'Self-loop is detected in revisions (aaaa)',
    );
    expect(
      errorOf(
        () =>
          new RevisionMap([
            { revision: 'root', downRevision: null },
            { revision: 'aaaa', downRevision: 'root' },
            { revision: 'bbbb', downRevision: 'cccc' },
            { revision: 'cccc', downRevision: 'bbbb' },
          ]),
      ).message,
    ).toBe('Cycle is detected in revisions (bbbb, cccc)');
    expect(
      errorOf(
        () =>
          new RevisionMap([
            { revision: 'aaaa', downRevision: null },
            { revision: 'bbbb', downRevision: 'aaaa', dependsOn: 'cccc' },
            { revision: 'cccc', downRevision: 'aaaa', dependsOn: 'bbbb' },
          ]),
      ).message,
    ).toBe('Dependency cycle is detected in revisions (aaaa, bbbb, cccc)');
  });

  test('characters that relative targets use are not allowed in ids', () => {
    expect(errorOf(() => new RevisionMap([{ revision: 'ab-cd', downRevision: null }])).message).toBe(
      "Character(s) '-' not allowed in revision identifier 'ab-cd'",
    );
  });
});
