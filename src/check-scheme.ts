/**
 * `checkScheme()`: explore a scenario under a scheme (a built-in name or a scheme file) from a
 * script or a test, as `aiosim explore` does: the scheme file is loaded first (useScheme), then
 * one exploration runs in this thread. Part of the public entry (api.ts).
 */
import { useScheme } from './fs-impls/load-scheme.js';
import { type ExploreResult, type ExploreStrategy, defaultBudget, explore } from './explore/explore.js';
import { loadScenario } from './scenario/catalog.js';

export interface SchemeCheckOptions {
  /** A built-in scenario name or a scenario file. */
  readonly scenario: string;
  /** A built-in scheme or a scheme file (default: the scenario's own `fs`). */
  readonly fs?: string;
  /** Default `dfs`. */
  readonly strategy?: ExploreStrategy;
  /** dfs preemption bound (default 2). */
  readonly preemptions?: number;
  readonly budget?: number;
  readonly seed?: number;
}

export type SchemeCheck = ExploreResult;

export async function checkScheme(o: SchemeCheckOptions): Promise<SchemeCheck> {
  const scenario = loadScenario(o.scenario);
  const fs = o.fs ?? scenario.fs;
  await useScheme(fs);
  const strategy = o.strategy ?? 'dfs';
  return explore(scenario, {
    scenarioRef: o.scenario,
    fs,
    strategy,
    seed: o.seed ?? 1,
    budget: o.budget ?? defaultBudget(strategy),
    preemptions: o.preemptions ?? 2,
  });
}
