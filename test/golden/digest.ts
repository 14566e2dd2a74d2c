/**
 * Digests of everything a user can compare byte for byte — traces, schedule strings, replay
 * tokens, verdicts and explore's result — for every catalog scenario × scheme × 3 seeds. The
 * refactors that keep behaviour (issue "One house to extend", the disk model) are checked
 * against `catalog-digests.json`; regenerate it only when a change of behaviour is intended:
 *   UPDATE_GOLDEN=1 npx vitest run test/golden
 */
import { createHash } from 'node:crypto';
import { catalog } from '../../src/scenario/catalog.js';
import { runScenario } from '../../src/scenario/runner.js';
import { SCHEMES } from '../../src/fs-impls/schemes.js';
import { explore } from '../../src/explore/explore.js';
import { formatToken } from '../../src/explore/replay-token.js';
import { randomStrategy } from '../../src/sim/strategies/random.js';
import { timedStrategy } from '../../src/sim/strategies/timed.js';

export const GOLDEN_SEEDS = [1, 2, 3] as const;

const sha = (s: string): string => createHash('sha256').update(s).digest('hex').slice(0, 16);

/** key `scenario@scheme@seed` → one digest of the timed run, the random run and a short explore. */
export function catalogDigests(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const scenario of catalog()) {
    for (const { name: fs } of SCHEMES) {
      for (const seed of GOLDEN_SEEDS) {
        const parts: string[] = [];
        for (const strategy of [timedStrategy(seed), randomStrategy(seed)]) {
          const run = runScenario(scenario, { strategy, fs });
          parts.push(run.sim.trace.serialize(), run.result.schedule, JSON.stringify(run.result.verdicts));
          parts.push(formatToken({ scenario: scenario.name, fs, schedule: run.result.schedule }));
        }
        const r = explore(scenario, { scenarioRef: scenario.name, fs, strategy: 'portfolio', seed, budget: 8 });
        parts.push(
          JSON.stringify({
            e: r.executions,
            v: r.violations,
            s: r.schedule,
            sh: r.shrink,
            red: r.reduced ? { b: r.reduced.before, a: r.reduced.after, s: r.reduced.schedule } : null,
          }),
        );
        out[`${scenario.name}@${fs}@${seed}`] = sha(parts.join('\n\u0000'));
      }
    }
  }
  return out;
}
