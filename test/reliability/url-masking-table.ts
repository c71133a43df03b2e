/**
 * One row per URL form, one cell per place: used by url-masking.test.ts (a few forms, in `npm
 * test`) and url-masking.slow.test.ts (every form). Each cell counts as one input tried; a secret
 * that shows is counted as exposed and fails the test.
 */
import { unreachableDialects } from '../helpers/databases';
import { tally } from './tally';
import type { UrlForm } from './url-forms';
import { cellProblems, runPlaces } from './url-masking-cells';
import { serverFor } from './url-masking-servers';

export function describeUrlForms(title: string, forms: UrlForm[]): void {
  const unreachable = unreachableDialects();
  describe(title, () => {
    for (const form of forms) {
      const reason = unreachable.get(form.dialect);
      const run = reason ? test.skip : test;
      run(`${form.name}${reason ? ` (SKIPPED: ${reason})` : ''}: no secret in any place, URL still recognisable`, async () => {
        const server = await serverFor(form);
        try {
          const outcomes = await runPlaces(form, server);
          const failures: string[] = [];
          for (const outcome of outcomes) {
            tally.inputs();
            const problems = cellProblems(form, outcome, server.good);
            if (problems.some((p) => p.startsWith('EXPOSED'))) tally.lostOrExposed(`${form.name} / ${outcome.place}`);
            failures.push(...problems.map((p) => `${outcome.place}: ${p}`));
          }
          expect(outcomes.length).toBeGreaterThanOrEqual(8);
          expect(failures).toEqual([]);
        } finally {
          await server.drop();
        }
        // Eight CLI runs and a database per form: on a busy machine this exceeds the default minute.
      }, 240_000);
    }
  });
}
