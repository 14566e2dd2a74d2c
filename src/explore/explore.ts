/**
 * Exploration: many executions of one scenario under one scheme, each with its own seed, until
 * an oracle reports a violation or the budget is spent. The violating execution is then
 * replayed from its schedule string with the trace on, so the verdicts reported (and their
 * trace indices) are exactly what `aiosim replay` shows.
 *
 * Strategies: `random` (uniform over enabled actions, time ignored — finds races inside CPU
 * windows), `timed` (time-ordered with sampled latencies and random ties — finds orderings of
 * I/O completions), and the default `portfolio`, which alternates them. Issue-4 strategies
 * (PCT, DFS) plug in here.
 */
import type { Scenario } from '../scenario/schema.js';
import { type ScenarioRun, runScenario } from '../scenario/runner.js';
import { decodeSchedule } from '../sim/schedule.js';
import type { Strategy } from '../sim/strategy.js';
import { randomStrategy } from '../sim/strategies/random.js';
import { replayStrategy } from '../sim/strategies/replay.js';
import { timedStrategy } from '../sim/strategies/timed.js';
import type { Verdict } from '../sim/verdict.js';
import { formatToken } from './replay-token.js';

export const EXPLORE_STRATEGIES = ['portfolio', 'random', 'timed'] as const;
export type ExploreStrategy = (typeof EXPLORE_STRATEGIES)[number];

export interface ExploreOptions {
  /** How the user named the scenario (built-in name or file path), for the replay token. */
  readonly scenarioRef: string;
  readonly fs?: string;
  readonly strategy: ExploreStrategy;
  readonly seed: number;
  readonly budget: number;
  readonly stepLimit?: number;
}

export interface ExploreResult {
  readonly scenario: string;
  readonly fs: string;
  readonly strategy: ExploreStrategy;
  readonly seed: number;
  readonly executions: number;
  readonly violations: readonly Verdict[];
  /** Replay token of the first violating execution, or of the last one. */
  readonly schedule: string;
  /** The violating execution replayed with its trace (for reports). */
  readonly run: ScenarioRun | null;
}

/** The strategy of execution `i`: deterministic in (strategy, seed, i). */
export function strategyFor(strategy: ExploreStrategy, seed: number, i: number): Strategy {
  const s = (seed + i) >>> 0;
  if (strategy === 'random' || (strategy === 'portfolio' && i % 2 === 0)) return randomStrategy(s);
  return timedStrategy(s);
}

export function explore(scenario: Scenario, options: ExploreOptions): ExploreResult {
  const fs = options.fs ?? scenario.fs;
  let last: ScenarioRun | null = null;
  for (let i = 0; i < options.budget; i++) {
    last = runScenario(scenario, { strategy: strategyFor(options.strategy, options.seed, i), fs, trace: false, stepLimit: options.stepLimit });
    if (last.result.verdicts.length > 0) {
      const replayed = replayRun(scenario, fs, last.result.schedule, options.stepLimit);
      return {
        scenario: scenario.name, fs, strategy: options.strategy, seed: options.seed, executions: i + 1,
        violations: replayed.result.verdicts, schedule: formatToken({ scenario: options.scenarioRef, fs, schedule: last.result.schedule }), run: replayed,
      };
    }
  }
  return {
    scenario: scenario.name, fs, strategy: options.strategy, seed: options.seed, executions: options.budget, violations: [],
    schedule: last ? formatToken({ scenario: options.scenarioRef, fs, schedule: last.result.schedule }) : '', run: null,
  };
}

/** Re-runs an execution from its schedule string, trace on. */
export function replayRun(scenario: Scenario, fs: string, schedule: string, stepLimit?: number): ScenarioRun {
  return runScenario(scenario, { strategy: replayStrategy(decodeSchedule(schedule)), fs, trace: true, stepLimit });
}
