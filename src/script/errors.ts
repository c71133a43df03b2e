/**
 * Errors of the revision graph, ported from Alembic 1.8 (`alembic/script/revision.py`).
 *
 * Every user error is a `RevisionError`. The subclasses carry the detail that the command layer
 * needs to phrase its message (Alembic's `ScriptDirectory._catch_revision_errors`), which
 * `withUserMessages` reproduces: callers outside `src/script/` only ever see a plain `RevisionError`
 * whose message is the one Alembic prints after "FAILED:".
 */

export class RevisionError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** A symbolic target ("head", "branch@head") names more than one head. */
export class MultipleHeadsError extends RevisionError {
  constructor(
    readonly heads: readonly string[],
    readonly argument: string | null,
  ) {
    super(`Multiple heads are present for given argument '${argument}'; ${heads.join(', ')}`);
  }
}

/** An identifier names no revision or branch, or names several (ambiguous prefix). */
export class ResolutionError extends RevisionError {
  constructor(
    message: string,
    readonly argument: string,
  ) {
    super(message);
  }
}

/**
 * A prefix that starts several revision ids. Alembic reports it as "Can't locate revision"; pmig
 * says it is ambiguous and lists the candidates, so the user can pick the longer prefix.
 */
export class AmbiguousRevisionError extends ResolutionError {
  constructor(
    argument: string,
    readonly candidates: readonly { revision: string; doc: string }[],
  ) {
    super(
      `Revision '${argument}' is ambiguous: it is the start of ${candidates.length} revision ids:\n` +
        candidates.map((rev) => `  ${rev.revision}${rev.doc ? `  ${rev.doc}` : ''}`).join('\n') +
        '\nGive more characters of the one you mean.',
      argument,
    );
  }
}

/** The requested start and end are not on one line of descent. */
export class RangeNotAncestorError extends RevisionError {
  constructor(
    readonly lower: string | readonly string[] | null,
    readonly upper: string | readonly string[] | null,
  ) {
    super(`Revision ${formatIds(lower) || 'base'} is not an ancestor of revision ${formatIds(upper) || 'base'}`);
  }
}

export type CycleKind = 'Cycle' | 'Dependency cycle' | 'Self-loop' | 'Dependency self-loop';

export class CycleDetectedError extends RevisionError {
  constructor(
    readonly revisions: readonly string[],
    readonly kind: CycleKind = 'Cycle',
  ) {
    super(`${kind} is detected in revisions (${revisions.join(', ')})`);
  }
}

function formatIds(ids: string | readonly string[] | null): string {
  if (ids === null) return '';
  return typeof ids === 'string' ? ids : ids.join(', ');
}

/**
 * How a command phrases the errors of the graph; `%(start)s`, `%(end)s` and `%(head_arg)s` are
 * filled in as in Alembic. Omitted entries take Alembic's defaults.
 */
export interface UserMessages {
  ancestor?: string;
  multipleHeads?: string;
  start?: string | null;
  end?: string | null;
  resolution?: string;
}

const DEFAULT_ANCESTOR =
  'Requested range %(start)s:%(end)s does not refer to ancestor/descendant revisions along the same branch';
const DEFAULT_MULTIPLE_HEADS =
  "Multiple head revisions are present for given argument '%(head_arg)s'; please specify a specific target " +
  "revision, '<branchname>@%(head_arg)s' to narrow to a specific head, or 'heads' for all heads";

/**
 * Runs `fn` and turns the graph's detailed errors into the message a user sees, as Alembic's
 * `_catch_revision_errors` does. The thrown error is a plain `RevisionError` with the original as
 * its `cause`. Errors that are not `RevisionError`s (bugs) pass through untouched.
 */
export function withUserMessages<T>(fn: () => T, messages: UserMessages = {}): T {
  try {
    return fn();
  } catch (err) {
    if (!(err instanceof RevisionError) || err.constructor === RevisionError) throw err;
    throw new RevisionError(userMessage(err, messages), { cause: err });
  }
}

function userMessage(err: RevisionError, messages: UserMessages): string {
  if (err instanceof RangeNotAncestorError) {
    const start = messages.start ?? formatIds(err.lower);
    const end = messages.end ?? formatIds(err.upper);
    return fill(messages.ancestor ?? DEFAULT_ANCESTOR, { start, end });
  }
  if (err instanceof MultipleHeadsError) {
    return fill(messages.multipleHeads ?? DEFAULT_MULTIPLE_HEADS, {
      head_arg: messages.end || err.argument || '',
      heads: err.heads.join(', '),
    });
  }
  if (err instanceof AmbiguousRevisionError) return err.message;
  if (err instanceof ResolutionError) {
    return messages.resolution ?? `Can't locate revision identified by '${err.argument}'`;
  }
  return err.message;
}

function fill(template: string, values: Record<string, string>): string {
  return template.replace(/%\((\w+)\)s/g, (whole, key: string) => values[key] ?? whole);
}
