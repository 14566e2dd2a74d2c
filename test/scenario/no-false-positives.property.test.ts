import { describe, test } from 'vitest';
import fc from 'fast-check';
import { randomScenario } from './arbitraries.js';
import { runScenario } from '../../src/scenario/runner.js';
import { strategyFor } from '../../src/explore/explore.js';
import { cleanSchemes } from '../../src/fs-impls/schemes.js';

/**
 * The oracles must never flag what Linux allows: random scenarios under the schemes expected clean,
 * many schedules each (random and timed), no verdict at all.
 */
describe('oracles have no false positives', () => {
  for (const { name: fs } of cleanSchemes()) {
    test(`${fs}: random scenarios × random schedules give no verdict`, () => {
      fc.assert(
        fc.property(randomScenario, fc.nat(1_000_000), (scenario, seed) => {
          for (let i = 0; i < 8; i++) {
            const run = runScenario(scenario, { strategy: strategyFor('portfolio', seed, i), fs, trace: false, stepLimit: 20_000 });
            if (run.result.verdicts.length > 0) {
              const v = run.result.verdicts[0]!;
              throw new Error(
                `${fs} seed ${seed + i} (${i % 2 ? 'timed' : 'random'}): ${v.kind}${v.subkind ? `/${v.subkind}` : ''}: ${v.message}\nschedule ${run.result.schedule}\n${JSON.stringify(scenario.tasks)}\nfiles ${JSON.stringify(scenario.files)}`,
              );
            }
          }
        }),
        { numRuns: 60 },
      );
    });
  }
});
