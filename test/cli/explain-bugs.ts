/** Every catalog bug with the violation explore finds in its scenario: what the explain tests render. */
import { SCHEMES } from '../../src/fs-impls/schemes.js';
import { explore, replayRun } from '../../src/explore/explore.js';
import { boundToken, parseToken } from '../../src/explore/replay-token.js';
import { loadScenario } from '../../src/scenario/catalog.js';
import type { ScenarioRun } from '../../src/scenario/runner.js';

export interface FoundBug {
  readonly scheme: string;
  /** The bound token explore prints (portfolio, seed 1, default budget). */
  readonly token: string;
  readonly run: ScenarioRun;
}

export function foundBugs(): FoundBug[] {
  return SCHEMES.filter((s) => s.kind === 'bug').map((s) => {
    const scenario = loadScenario(s.scenario!);
    const r = explore(scenario, { scenarioRef: scenario.name, fs: s.name, strategy: 'portfolio', seed: 1, budget: 1000 });
    if (r.violations.length === 0) throw new Error(`explore found no violation of ${s.name} in ${scenario.name}`);
    const token = parseToken(r.schedule);
    return { scheme: s.name, token: boundToken(token, scenario), run: replayRun(scenario, s.name, token.schedule) };
  });
}
