/**
 * Exploration: many executions of one scenario under one scheme, each with its own seed, until
 * an oracle reports a violation or the budget is spent. The violating execution is then
 * replayed from its schedule string with the trace on, so the verdicts reported (and their
 * trace indices) are exactly what `aiosim replay` shows.
 *
 * Strategies: `random` (uniform over enabled actions, time ignored — finds races inside CPU
 * windows), `timed` (time-ordered with sampled latencies and random ties — finds orderings of
 * I/O completions), `pct` (probabilistic concurrency testing, `depth`), and the default
 * `portfolio`, which cycles random, timed, PCT d=2 and PCT d=3; and `dfs`, the bounded
 * exhaustive search (dfs.ts), which can prove "no violation within bound k".
 */
import { schemeNamed } from '../fs-impls/schemes.js';
import { type AuditSummary, auditOutcomes, hiddenStateCheck, outcomeOf } from './user-proof.js';
import type { Scenario } from '../scenario/schema.js';
import { type ScenarioRun, judgeScenario, runScenario } from '../scenario/runner.js';
import { decodeSchedule, encodeSchedule } from '../sim/schedule.js';
import { replayStrategy } from '../sim/strategies/replay.js';
import { timedStrategy } from '../sim/strategies/timed.js';
import type { Verdict } from '../sim/verdict.js';
import { formatToken } from './replay-token.js';
import { type ScheduleSize, shrinkSchedule } from './shrink.js';
import { DfsSearch } from './dfs.js';
import { shrinkScenarioOps } from './shrink-ops.js';
import { SAMPLING_STRATEGIES, type SamplingStrategy, strategyFor } from './portfolio.js';
import { guarded } from './failure.js';
import { DiskArena } from '../vfs/block-device.js';

export { strategyFor } from './portfolio.js'; // its home is portfolio.ts; existing callers import it from here

export const EXPLORE_STRATEGIES = [...SAMPLING_STRATEGIES, 'dfs'] as const;
export type ExploreStrategy = (typeof EXPLORE_STRATEGIES)[number];

/** `--budget`'s default: a thousand samples; dfs ends when its bounded space is covered, so its budget is only a safety net. */
export function defaultBudget(strategy: ExploreStrategy): number {
  return strategy === 'dfs' ? 1_000_000 : 1000;
}

export interface ExploreOptions {
  /** How the user named the scenario (built-in name or file path), for the replay token. */
  readonly scenarioRef: string;
  readonly fs?: string;
  readonly strategy: ExploreStrategy;
  readonly seed: number;
  readonly budget: number;
  readonly stepLimit?: number;
  /** PCT bug depth d (default 3). */
  readonly depth?: number;
  /** Shrink the violating schedule (default true). */
  readonly shrink?: boolean;
  /** dfs: preemption bound (default 2; Infinity for none) and sleep-set reduction (default on). */
  readonly preemptions?: number;
  readonly por?: boolean;
  /** Called after every execution (the CLI's progress line decides how often to print). */
  readonly onProgress?: (executions: number) => void;
  /**
   * Sampling strategies: the first execution to run, 0-based (default 0): `from: n` skips the
   * executions an interrupted exploration already ran, and the rest are exactly the ones it
   * would have run (execution i depends only on strategy, seed and i).
   */
  readonly from?: number;
  /** Stops the exploration after the execution under way; the result then says `interrupted`. */
  readonly signal?: AbortSignal;
  /** dfs: after a reduced search without violation, search the same bound without reduction, up to `budget` executions (user-proof.ts). */
  readonly audit?: boolean;
}

/** How far a dfs exploration got. */
export interface DfsSummary {
  readonly bound: number;
  readonly por: boolean;
  /** Executions run to their end and judged. */
  readonly executions: number;
  /** Executions stopped early as equivalent to explored ones. */
  readonly pruned: number;
  /** The whole bounded space was covered (false: the budget ran out first, or a violation stopped it). */
  readonly complete: boolean;
  /** The largest bound whose search finished without a violation (null: not even bound 0). */
  readonly proven: number | null;
  /** The bound being searched when the search stopped: a violation found there needs that many preemptions. */
  readonly reached: number;
  /** Why no proof is claimed although the search ran out of interleavings (a scheme file's hidden state, or --audit's findings). */
  readonly refused?: string;
  /** What --audit's search without reduction did. */
  readonly audit?: AuditSummary;
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
  /** Schedule size before and after shrinking, when a violation was found and shrunk. */
  readonly shrink: { readonly before: ScheduleSize; readonly after: ScheduleSize; readonly attempts: number } | null;
  /** dfs only. */
  readonly dfs?: DfsSummary;
  /**
   * Executions in which an oracle could not decide (a linearizability search at its limit): a
   * "no violation" does not cover them. 0 when a violation was found (it stops the search).
   */
  readonly undecided: number;
  /**
   * Executions cut short by their step limit with no other verdict: not shown wrong, so the
   * exploration went on past them; not covered by "no violation" either (a livelock, or a
   * limit too low). 0 when a violation was found.
   */
  readonly stepLimited: number;
  /**
   * The scenario without the operations the violation does not need (when any could go), with a
   * schedule of it that shows the violation. The token in `schedule` replays the full scenario.
   */
  readonly reduced?: { readonly scenario: Scenario; readonly schedule: string; readonly before: number; readonly after: number; readonly attempts: number };
  /** `options.signal` stopped it before its budget: `executions` says how far it got. */
  readonly interrupted?: boolean;
}

/**
 * PCT's k, the expected number of choice points, learnt once per exploration from one timed
 * run — not from the previous execution — so that execution i depends only on (strategy, seed,
 * i) and shards on worker threads compute exactly what one worker would.
 */
export function expectedChoices(scenario: Scenario, fs: string, options: SamplingOptions): number {
  const run = guarded(
    () => judgeScenario(scenario, { strategy: timedStrategy(options.seed), fs, trace: false, stepLimit: options.stepLimit, arena: new DiskArena() }),
    () => ({ scenarioRef: options.scenarioRef, fs, what: `the timed run that measures the scenario (seed ${options.seed})` }),
  );
  return Math.max(10, run.sim.choices.length);
}

/** What execution `i` of a sampling exploration depends on (and a shard worker receives). */
export type SamplingOptions = Pick<ExploreOptions, 'scenarioRef' | 'seed' | 'depth' | 'stepLimit'> & { readonly strategy: SamplingStrategy };

export function samplingOptions(o: ExploreOptions & { readonly strategy: SamplingStrategy }): SamplingOptions {
  return { scenarioRef: o.scenarioRef, strategy: o.strategy, seed: o.seed, depth: o.depth, stepLimit: o.stepLimit };
}

/**
 * Execution `i` of an exploration, trace off; its disk image goes back to `arena`. An internal
 * error names it and the token that replays it.
 */
export function execution(scenario: Scenario, fs: string, options: SamplingOptions, i: number, k: number, arena: DiskArena): ScenarioRun {
  const strategy = strategyFor(options.strategy, options.seed, i, k, options.depth);
  return guarded(
    () => judgeScenario(scenario, { strategy, fs, trace: false, stepLimit: options.stepLimit, arena }),
    () => ({ scenarioRef: options.scenarioRef, fs, what: `execution ${i + 1} of the exploration (${options.strategy}, seed ${options.seed})` }),
  );
}

/**
 * An execution whose only verdicts are `step-limit`: it was cut short, not shown wrong, so an
 * exploration counts it (`stepLimited`) and goes on instead of stopping as for a violation.
 */
export function cutShort(run: ScenarioRun): boolean {
  const v = run.result.verdicts;
  return v.length > 0 && v.every((x) => x.kind === 'step-limit');
}

export function explore(scenario: Scenario, options: ExploreOptions): ExploreResult {
  const search = exploration(scenario, options);
  for (;;) {
    const step = search.next();
    if (step.done) return step.value;
  }
}

/**
 * An exploration as a generator that yields after every execution: explore() runs it through;
 * exploreWith (parallel.ts) lets the event loop in between, so that a signal can stop it.
 */
export type Exploration = Generator<void, ExploreResult, void>;

export function exploration(scenario: Scenario, options: ExploreOptions): Exploration {
  const { strategy } = options;
  return strategy === 'dfs' ? exploreDfs(scenario, options) : sample(scenario, { ...options, strategy });
}

function* sample(scenario: Scenario, options: ExploreOptions & { readonly strategy: SamplingStrategy }): Exploration {
  const fs = options.fs ?? scenario.fs;
  const sampling = samplingOptions(options);
  const k = expectedChoices(scenario, fs, sampling);
  const arena = new DiskArena();
  let last: ScenarioRun | null = null;
  let undecided = 0;
  let stepLimited = 0;
  for (let i = options.from ?? 0; i < options.budget; i++) {
    last = execution(scenario, fs, sampling, i, k, arena);
    options.onProgress?.(i + 1);
    if (cutShort(last)) stepLimited++;
    else if (last.result.verdicts.length > 0) return violationFound(scenario, fs, options, i + 1, last.sim.choices, last.result.verdicts[0]!);
    if (last.notes.length > 0) undecided++;
    yield;
    if (options.signal?.aborted) return { ...noViolation(scenario, fs, options, i + 1, last.result.schedule, undecided, stepLimited), interrupted: true };
  }
  return noViolation(scenario, fs, options, options.budget, last ? last.result.schedule : null, undecided, stepLimited);
}

/** The result for a violation found in execution `executions` (shrunk, then replayed with its trace). */
export function violationFound(
  scenario: Scenario,
  fs: string,
  options: ExploreOptions,
  executions: number,
  choices: readonly number[],
  first: Verdict,
): ExploreResult {
  const shrunk = options.shrink === false ? null : shrinkSchedule(scenario, fs, choices, first, options.stepLimit);
  const schedule = shrunk?.schedule ?? encodeSchedule(choices);
  const replayed = replayRun(scenario, fs, schedule, options.stepLimit);
  const reduced = options.shrink === false ? undefined : reduceScenario(scenario, fs, decodeSchedule(schedule), first, options.stepLimit);
  return {
    scenario: scenario.name,
    fs,
    strategy: options.strategy,
    seed: options.seed,
    executions,
    violations: replayed.result.verdicts,
    schedule: formatToken({ scenario: options.scenarioRef, fs, schedule }),
    run: replayed,
    shrink: shrunk ? { before: shrunk.before, after: shrunk.after, attempts: shrunk.attempts } : null,
    ...(reduced ? { reduced } : {}),
    undecided: 0,
    stepLimited: 0,
  };
}

/** Drops the operations the violation does not need, then shrinks the schedule of what is left. */
function reduceScenario(scenario: Scenario, fs: string, choices: readonly number[], first: Verdict, stepLimit?: number): ExploreResult['reduced'] {
  const ops = shrinkScenarioOps(scenario, fs, choices, first, stepLimit);
  if (ops.after === ops.before) return undefined;
  const shrunk = shrinkSchedule(ops.scenario, fs, ops.choices, first, stepLimit);
  return { scenario: ops.scenario, schedule: shrunk.schedule, before: ops.before, after: ops.after, attempts: ops.attempts + shrunk.attempts };
}

export function noViolation(
  scenario: Scenario,
  fs: string,
  options: ExploreOptions,
  executions: number,
  lastSchedule: string | null,
  undecided: number,
  stepLimited = 0,
): ExploreResult {
  return {
    scenario: scenario.name,
    fs,
    strategy: options.strategy,
    seed: options.seed,
    executions,
    violations: [],
    schedule: lastSchedule ? formatToken({ scenario: options.scenarioRef, fs, schedule: lastSchedule }) : '',
    run: null,
    shrink: null,
    undecided,
    stepLimited,
  };
}

/** Re-runs an execution from its schedule string, trace on. */
export function replayRun(scenario: Scenario, fs: string, schedule: string, stepLimit?: number): ScenarioRun {
  return runScenario(scenario, { strategy: replayStrategy(decodeSchedule(schedule)), fs, trace: true, stepLimit });
}

/**
 * Bounded exhaustive search (dfs.ts), by iterative context bounding (CHESS, Musuvathi & Qadeer
 * 2007): bound 0, then 1, … up to the bound asked for, each a complete search of its own. A
 * violation is then found with the fewest preemptions it needs (none was found within one
 * fewer), and a search the budget cuts short still proves the bounds it finished. Every
 * execution, run or pruned, counts against the budget; re-running the lower bounds costs
 * little, since each bound multiplies the work many times. Unbounded is one search.
 */
export function* exploreDfs(scenario: Scenario, options: ExploreOptions): Exploration {
  const fs = options.fs ?? scenario.fs;
  const bound = options.preemptions ?? 2;
  const por = options.por ?? true;
  let executions = 0;
  let pruned = 0;
  let proven: number | null = null;
  let spent = 0;
  let last: ScenarioRun | null = null; // the last execution run to its end; its schedule is encoded once, at the end
  let k = Number.isFinite(bound) ? 0 : bound;
  let search = new DfsSearch({ preemptions: k, por });
  const arena = new DiskArena();
  let undecided = 0;
  let stepLimited = 0;
  /** With --audit: the outcomes the reduced search reached (user-proof.ts). */
  const reachedOutcomes = options.audit ? new Set<string>() : null;
  const summary = (complete: boolean): DfsSummary => ({
    bound,
    por,
    executions: executions + search.executions,
    pruned: pruned + search.pruned,
    complete,
    proven,
    reached: k,
  });
  for (;;) {
    for (let more = true; more; ) {
      if (spent === options.budget)
        return { ...noViolation(scenario, fs, options, spent, last?.result.schedule ?? null, undecided, stepLimited), dfs: summary(false) };
      const run = guarded(
        // --audit compares final file contents, which a judged run's released disk image no longer has.
        () =>
          reachedOutcomes
            ? runScenario(scenario, { strategy: search.strategy(), fs, trace: false, stepLimit: options.stepLimit })
            : judgeScenario(scenario, { strategy: search.strategy(), fs, trace: false, stepLimit: options.stepLimit, arena }),
        () => ({ scenarioRef: options.scenarioRef, fs, what: `execution ${spent + 1} of the dfs search (bound ${k})` }),
      );
      const outcome = run.result.outcome === 'pruned' ? 'pruned' : 'ran';
      spent++;
      options.onProgress?.(spent);
      more = search.advance(outcome, run.sim.clockMayDecide); // counts this execution
      if (cutShort(run)) stepLimited++;
      else if (run.result.verdicts.length > 0)
        return { ...violationFound(scenario, fs, options, spent, run.sim.choices, run.result.verdicts[0]!), dfs: summary(false) };
      if (outcome === 'ran') last = run;
      if (outcome === 'ran' && reachedOutcomes) reachedOutcomes.add(outcomeOf(run));
      if (run.notes.length > 0) undecided++;
      yield;
      if (options.signal?.aborted) {
        return { ...noViolation(scenario, fs, options, spent, last?.result.schedule ?? null, undecided, stepLimited), dfs: summary(false), interrupted: true };
      }
    }
    proven = k;
    if (k >= bound) break;
    executions += search.executions;
    pruned += search.pruned;
    search = new DfsSearch({ preemptions: ++k, por, clockBlind: search.clockBlind }); // a clock that mattered once still does
  }
  // What a proof rests on, checked where it can be (user-proof.ts): a scheme file's state, and with --audit the reduction itself.
  let refused: string | undefined;
  if (schemeNamed(fs)?.kind === 'user') {
    const found = hiddenStateCheck(scenario, fs, { stepLimit: options.stepLimit });
    if (found.kind === 'violation')
      return { ...violationFound(scenario, fs, options, spent, found.run.sim.choices, found.run.result.verdicts[0]!), dfs: summary(false) };
    if (found.kind === 'refused') refused = `no proof claimed under the scheme file: ${found.reason}`;
  }
  let audit: AuditSummary | undefined;
  if (reachedOutcomes) {
    const found = auditOutcomes(scenario, fs, { bound, budget: options.budget, stepLimit: options.stepLimit, reached: reachedOutcomes });
    audit = found.summary;
    if (found.violation)
      return {
        ...violationFound(scenario, fs, options, spent, found.violation.sim.choices, found.violation.result.verdicts[0]!),
        dfs: { ...summary(false), audit },
      };
    if (audit.missed > 0)
      refused ??= `--audit: the search without reduction reached ${audit.missed} outcome(s) the reduced search did not (a footprint misses an access)`;
  }
  const done = summary(refused === undefined);
  return {
    ...noViolation(scenario, fs, options, spent, last?.result.schedule ?? null, undecided, stepLimited),
    dfs: { ...done, ...(refused === undefined ? {} : { refused, proven: null }), ...(audit ? { audit } : {}) },
  };
}
