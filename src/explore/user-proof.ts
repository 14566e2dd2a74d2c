/**
 * What a dfs proof rests on, checked where it can be: footprints (src/sim/footprint.ts) must see
 * every state two steps share, or sleep sets skip the one interleaving that shows a bug and dfs
 * prints a false "no violation within bound k".
 *
 * - The built-in schemes are covered by test/explore/dfs-scenarios.test.ts (every adjacent pair
 *   of steps footprints call independent, swapped, ends the same). A scheme file is not: it
 *   may keep state where no footprint sees it (a module variable, a closure, a WeakMap keyed by
 *   the inode). Its instance is recorded (load-scheme.ts wraps it), and so are inode.i_private
 *   and iocb.private; for the rest, `hiddenStateCheck` runs the same swap test on a few seeded
 *   random runs before dfs claims a proof under a scheme file. A swap that changes the outcome
 *   is either a bug (the swapped run has a verdict: a real, replayable execution) or a refusal
 *   naming the two steps. It is a test, not a proof: swaps it does not try can still differ.
 * - `--audit` (`auditOutcomes`): the same bound searched again without reduction, on a budget;
 *   a violation it finds, or an outcome the reduced search never reached, means the reduction
 *   was unsound for this scheme and scenario.
 *
 * An outcome here is what a user could observe: the verdict kinds, every op's result and the
 * bytes each read returned, and the final contents of every file. Equivalent interleavings have
 * the same outcome.
 */
import { observedFinal } from '../check/final-files.js';
import { runsOf } from '../check/runs.js';
import { type ScenarioRun, runScenario } from '../scenario/runner.js';
import type { Scenario } from '../scenario/schema.js';
import type { Context } from '../sim/context.js';
import { type Footprint, independent } from '../sim/footprint.js';
import { Prng } from '../sim/prng.js';
import { StepRecorder } from '../sim/step-recorder.js';
import type { Strategy } from '../sim/strategy.js';
import { DfsSearch } from './dfs.js';

/** What an execution observably did (equivalent interleavings agree on it). */
export function outcomeOf(run: ScenarioRun): string {
  const verdicts = [...new Set(run.result.verdicts.map((v) => `${v.kind}/${v.subkind ?? ''}`))].sort().join(',');
  const ops = run.history.ops
    .map((o) => `${o.id}=${o.result}${o.data ? `:${JSON.stringify(runsOf(o.data))}` : ''}`)
    .sort()
    .join(' ');
  const files = run.sb.inodes
    .filter((i) => i.nlink > 0 && i.state === 'live')
    .map((i) => `${i.path}:${JSON.stringify(observedFinal(run.sb, i))}`)
    .sort()
    .join(' ');
  return `${verdicts} | ${ops} | ${files}`;
}

export interface RecordedStep {
  readonly id: number;
  readonly name: string;
  readonly label: string;
  readonly footprint: Footprint;
}

/** Runs `scenario`, choosing by `pick` (the enabled contexts, the step number), and records every step's context, label and footprint. */
export function runRecorded(
  scenario: Scenario,
  fs: string,
  stepLimit: number | undefined,
  pick: (enabled: readonly Context[], step: number) => number,
): { run: ScenarioRun; steps: RecordedStep[] } {
  const steps: RecordedStep[] = [];
  // What each context said it would do next, when it last stepped: the label of its next step.
  const labels = new Map<number, string>();
  const strategy: Strategy = {
    name: 'swap-check',
    sample: (min) => min,
    pickContext: (enabled) => pick(enabled, steps.length),
    recorder: new StepRecorder({
      clockBlind: true,
      observe: (ctx, footprint) => {
        steps.push({ id: ctx.id, name: ctx.name, label: labels.get(ctx.id) ?? '', footprint: new Map(footprint) });
        labels.set(ctx.id, ctx.next);
      },
    }),
  };
  return { run: runScenario(scenario, { strategy, fs, trace: false, stepLimit }), steps };
}

export type HiddenStateFinding =
  /** A swapped run shows a verdict: a real execution, which the reduced search skipped. */
  | { readonly kind: 'violation'; readonly run: ScenarioRun; readonly swaps: number }
  /** Two steps footprints call independent do not commute: the proof is refused, naming them. */
  | { readonly kind: 'refused'; readonly reason: string; readonly swaps: number }
  | { readonly kind: 'none'; readonly swaps: number };

export interface HiddenStateOptions {
  /** Random runs to swap steps in (default 6). */
  readonly runs?: number;
  /** At most this many swapped runs in all (default 600). */
  readonly maxSwaps?: number;
  readonly stepLimit?: number;
}

/** A pair of adjacent steps footprints call independent, and the schedule that runs them swapped. */
export interface SwappablePair {
  readonly i: number;
  readonly x: RecordedStep;
  readonly y: RecordedStep;
  /** The recorded run's context ids with steps i and i + 1 exchanged. */
  readonly target: readonly number[];
}

/**
 * Every adjacent pair of steps of different contexts that footprints call independent, which a
 * sleep set may therefore skip. Left out: a context spawned by x cannot run before it, and two
 * spawns swapped renumber the new contexts (contexts past the tasks' are spawned during the run).
 */
export function* swappablePairs(scenario: Scenario, steps: readonly RecordedStep[]): Generator<SwappablePair> {
  const ids = steps.map((s) => s.id);
  const firstStep = new Map<number, number>();
  ids.forEach((id, k) => {
    if (!firstStep.has(id)) firstStep.set(id, k);
  });
  for (let i = 0; i + 1 < ids.length; i++) {
    const [x, y] = [steps[i]!, steps[i + 1]!];
    if (x.id === y.id || !independent(x.footprint, y.footprint)) continue;
    const maybeSpawnedByX = y.id > scenario.tasks.length && firstStep.get(y.id) === i + 1;
    if (x.footprint.has('spawn') && (y.footprint.has('spawn') || maybeSpawnedByX)) continue;
    const target = [...ids];
    [target[i], target[i + 1]] = [y.id, x.id];
    yield { i, x, y, target };
  }
}

/** Runs `scenario` following `target` (context ids, one per step) as far as it can, recording the steps. */
export function runSwapped(scenario: Scenario, fs: string, target: readonly number[], stepLimit?: number): ReturnType<typeof runRecorded> {
  return runRecorded(scenario, fs, stepLimit, (enabled, step) =>
    Math.max(
      0,
      enabled.findIndex((c) => c.id === target[step]),
    ),
  );
}

/** The swap test of the header on seeded random runs of `scenario` under `fs`. */
export function hiddenStateCheck(scenario: Scenario, fs: string, o: HiddenStateOptions = {}): HiddenStateFinding {
  const maxSwaps = o.maxSwaps ?? 600;
  let swaps = 0;
  for (let seed = 1; seed <= (o.runs ?? 6); seed++) {
    const rng = new Prng(seed);
    const base = runRecorded(scenario, fs, o.stepLimit, (enabled) => rng.int(0, enabled.length - 1));
    // A run whose clock could decide something (a timeout) may legitimately differ when swapped.
    if (base.run.sim.clockMayDecide || base.run.result.outcome !== 'completed') continue;
    const expected = outcomeOf(base.run);
    for (const { x, y, target } of swappablePairs(scenario, base.steps)) {
      if (swaps >= maxSwaps) return { kind: 'none', swaps };
      const swapped = runSwapped(scenario, fs, target, o.stepLimit);
      swaps++;
      // Steps that commute leave the rest of the run as it was: the same steps follow, and it ends the same.
      const followed = swapped.steps.map((s) => s.id).join() === target.join();
      if (followed && outcomeOf(swapped.run) === expected) continue;
      if (swapped.run.result.verdicts.length > 0) return { kind: 'violation', run: swapped.run, swaps };
      if (base.run.result.verdicts.length > 0) return { kind: 'violation', run: base.run, swaps };
      const step = (s: RecordedStep) => `${s.name}${s.label ? ` (${s.label})` : ''}`;
      return {
        kind: 'refused',
        swaps,
        reason:
          `steps ${step(x)} and ${step(y)} touch no common recorded state, yet running them the other way round ${followed ? 'changes the outcome' : 'changes what runs after them'}: ` +
          `the scheme keeps state aiosim's footprints cannot see (a module variable, a closure, a WeakMap?); keep it on the scheme object, in inode.i_private or in iocb.private (docs/schemes.md)`,
      };
    }
  }
  return { kind: 'none', swaps };
}

/** What `--audit` found: the unreduced search's executions, whether it covered the bound, and what the reduced search missed. */
export interface AuditSummary {
  readonly executions: number;
  readonly complete: boolean;
  /** Outcomes the search without reduction reached and the reduced search did not. */
  readonly missed: number;
}

export type AuditFinding = { readonly summary: AuditSummary; readonly violation: ScenarioRun | null };

/**
 * The bound searched again without reduction, up to `budget` executions; `reached` holds the
 * reduced search's outcomes. Stops at the first violation (which the reduced search missed).
 */
export function auditOutcomes(
  scenario: Scenario,
  fs: string,
  o: { readonly bound: number; readonly budget: number; readonly stepLimit?: number; readonly reached: ReadonlySet<string> },
): AuditFinding {
  const search = new DfsSearch({ preemptions: o.bound, por: false });
  const missed = new Set<string>();
  let executions = 0;
  for (let more = true; more; ) {
    if (executions === o.budget) return { summary: { executions, complete: false, missed: missed.size }, violation: null };
    const run = runScenario(scenario, { strategy: search.strategy(), fs, trace: false, stepLimit: o.stepLimit });
    executions++;
    const pruned = run.result.outcome === 'pruned';
    more = search.advance(pruned ? 'pruned' : 'ran', run.sim.clockMayDecide);
    if (pruned) continue;
    if (run.result.verdicts.length > 0) return { summary: { executions, complete: false, missed: missed.size + 1 }, violation: run };
    const outcome = outcomeOf(run);
    if (!o.reached.has(outcome)) missed.add(outcome);
  }
  return { summary: { executions, complete: true, missed: missed.size }, violation: null };
}
