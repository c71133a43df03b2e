/**
 * Checks once per run which database servers answer. In CI an unreachable server fails the run;
 * elsewhere its tests are skipped, and this says so clearly.
 */
import { serverProblem } from './helpers/databases';

export default async function globalSetup(): Promise<void> {
  const unreachable: [string, string][] = [];
  for (const dialect of ['postgresql', 'mysql'] as const) {
    const problem = await serverProblem(dialect);
    if (problem) unreachable.push([dialect, problem]);
  }
  if (unreachable.length && process.env.CI === 'true') {
    throw new Error(`database servers unreachable in CI: ${unreachable.map(([d, p]) => `${d}: ${p}`).join('; ')}`);
  }
  for (const [dialect, problem] of unreachable) {
    // eslint-disable-next-line no-console
    console.warn(`\nSKIPPING every ${dialect} test: server not reachable (${problem})`);
  }
  process.env.PMIG_TEST_UNREACHABLE = JSON.stringify(unreachable);
}
