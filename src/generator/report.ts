/** The one line `prisma generate` shows for pmig's database check. */
import { relative } from 'node:path';
import type { DatabaseStatus } from './database-status';
import type { GeneratorSettings } from './options';

export function statusLine(status: DatabaseStatus, settings: GeneratorSettings, cwd: string): string {
  const flags = [settings.configFile ? ` --config ${settings.configFile}` : '', settings.env ? ` --env ${settings.env}` : ''].join('');
  switch (status.kind) {
    case 'no-url':
      return 'pmig: no database URL configured (DATABASE_URL, pmig.config.ts or prisma.config.ts): database not checked.';
    case 'unreachable':
      return `pmig: database check skipped: ${status.displayUrl} is unreachable (${status.reason}).`;
    case 'failed':
      return `pmig: database check skipped: ${status.reason}`;
    case 'not-at-head':
      return `pmig: ${status.displayUrl} is at ${status.atHeads.join(', ') || 'base'} but the revisions end at ${status.heads.join(', ') || 'base'}: run \`npx pmig upgrade head${flags}\`.`;
    case 'up-to-date':
      return `pmig: ${status.displayUrl} matches the schema.`;
    case 'behind': {
      const count = `${status.ops.length} operation${status.ops.length === 1 ? '' : 's'}`;
      if (status.written) {
        return `pmig: ${status.displayUrl} is behind the schema: wrote revision ${status.written.revision} (${count}) to ${relative(cwd, status.written.path)}; review it, then run \`npx pmig upgrade head${flags}\`.`;
      }
      const why = status.pendingQuestions.length ? ` (${status.pendingQuestions.length} question${status.pendingQuestions.length === 1 ? '' : 's'} to answer)` : '';
      return `pmig: ${status.displayUrl} is behind the schema: autogenerate would produce ${count}${why}; run \`npx pmig revision --autogenerate -m "${settings.message}"${flags}\`.`;
    }
  }
}
