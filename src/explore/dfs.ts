/**
 * `dfs`: stateless, preemption-bounded, exhaustive search (CHESS, Musuvathi & Qadeer 2007), by
 * re-execution: each execution replays a prefix of choices and then continues without
 * preempting; the next execution changes the deepest choice that still has an unexplored
 * alternative. When it ends without a violation, every interleaving with at most `bound`
 * preemptions has been covered — run, or skipped as equivalent to one that was run.
 *
 * - Preemption: switching away from a context that could have gone on (it is runnable). A
 *   switch away from a context that blocked, slept or finished is free; so are all switches
 *   when the bound is unlimited.
 * - Partial-order reduction with sleep sets (Godefroid 1996): after exploring context u at a
 *   choice point, u "sleeps" in the siblings' subtrees for as long as the steps run there are
 *   independent of u's step (footprint.ts), because any interleaving that would run u there
 *   is equivalent to one that ran u first. An execution whose every allowed context is asleep
 *   is stopped and counted as pruned.
 * - Sleep sets and a preemption bound do not mix blindly: the explored equivalent may need
 *   more preemptions than the skipped one (Coons, Musuvathi & McKinley, "Bounded partial-order
 *   reduction", 2013; the brute-force test finds such a case in seconds). With a finite bound,
 *   u is put to sleep under the chosen t only where moving u's step to the front cannot cost
 *   more: u's switch cost at the choice point, plus 1 if u could go on after its step (the
 *   switch from u to t is then a preemption), is at most t's switch cost. Removing u's step
 *   from later in the skipped execution never adds a preemption there, so the explored
 *   equivalent is within the bound whenever the skipped one is.
 * - That rule keeps little asleep where switching is free (u usually goes on after its step), so
 *   u may also sleep when it cost no more to choose than t and its whole run — what it touched
 *   from the choice point until it blocked or finished, in the first execution of its branch,
 *   where nothing preempts it — is independent of t's step; it then stays asleep only while what
 *   runs is independent of the whole run. A skipped execution that runs u while asleep runs the
 *   same steps of u (a prefix, if it preempts u, paying for that): moving them to the front
 *   costs no extra preemption, and the result starts with u, so u's branch covered it.
 * - Sampled latencies take their minimum: the scheduler ignores time when choosing (like
 *   `random`), so latencies change only the clock, not which interleavings exist.
 * - The clock stays out of footprints (completions move it, submissions read it: every pair
 *   would conflict) while it cannot decide anything: the only code that branches on it is the
 *   rwsem handoff timeout, and a run whose delays, summed, stay below that timeout cannot reach
 *   it in any order of its steps (Simulator.clockMayDecide). The clock still runs, so replays
 *   are byte-identical. The first run where the sum reaches the timeout restarts the search
 *   with the clock tracked; bounds already finished stay proven, each of their runs having
 *   stayed below it.
 */
import { type AccessMode, EXCLUSIVE, type Footprint, independent, record } from '../sim/footprint.js';
import { StepRecorder } from '../sim/step-recorder.js';
import type { Context } from '../sim/context.js';
import { PRUNE, type Strategy } from '../sim/strategy.js';
import { invariant } from '../sim/errors.js';

function sameIds(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Adds a step's access to a whole run. A threshold counter's `add` (countAccess) commutes one
 * change at a time: two in one run, moved together, could shift the count onto its threshold,
 * so the second makes the run's access exclusive.
 */
function recordInRun(run: Map<string, AccessMode>, key: string, mode: AccessMode): void {
  record(run, key, mode === 'add' && run.get(key) === 'add' ? EXCLUSIVE : mode);
}

export interface DfsOptions {
  /** Preemption bound; Infinity for none. */
  readonly preemptions: number;
  /** Sleep-set partial-order reduction (default true). */
  readonly por?: boolean;
  /** Start with the clock left out of footprints (default true; see the header). */
  readonly clockBlind?: boolean;
}

/** What a context's first step at a choice point did, learnt when it was explored. */
interface StepInfo {
  readonly footprint: Footprint;
  /** The context could go on after the step (switching away from it then preempts it). */
  readonly runnableAfter: boolean;
  /** 1 if choosing it at the choice point was a preemption. */
  readonly cost: number;
  /**
   * Everything the context touched from this step until it stopped being runnable, in the
   * first execution of this branch (where nothing preempts it): its whole run. Filled in as
   * that execution goes on.
   */
  readonly run: Map<string, AccessMode>;
}

interface ChoicePoint {
  /** Enabled context ids, in the order choice indices refer to. */
  readonly enabled: readonly number[];
  /** Context that ran last, if it could go on (then switching away is a preemption). */
  readonly runnableLast: number | null;
  readonly preemptionsBefore: number;
  /** Contexts asleep on arrival, with what they must stay independent of. */
  readonly sleep: ReadonlyMap<number, Footprint>;
  /** Alternatives already explored here, with their step. */
  readonly explored: Map<number, StepInfo>;
  chosen: number;
  chosenStep: StepInfo | null;
}

/**
 * The search tree of one exploration. `strategy()` gives the strategy for the next execution;
 * after running it, `advance()` moves to the next unexplored branch and says whether one is left.
 */
export class DfsSearch {
  private readonly stack: ChoicePoint[] = [];
  private readonly bound: number;
  private readonly por: boolean;
  /** Executions run to their end (each judged by the oracles). */
  executions = 0;
  /** Executions stopped early: everything left to run was asleep (equivalent to explored ones). */
  pruned = 0;
  /** Whether footprints leave the clock out; cleared, and the search restarted, once the clock may decide something. */
  clockBlind: boolean;

  constructor(options: DfsOptions) {
    invariant(options.preemptions >= 0, 'preemption bound must be ≥ 0');
    this.bound = options.preemptions;
    this.por = options.por ?? true;
    this.clockBlind = this.por && (options.clockBlind ?? true);
  }

  /** The strategy of the next execution: the current prefix, then the first allowed choice. */
  strategy(): Strategy {
    const stack = this.stack;
    const bounded = Number.isFinite(this.bound);
    let depth = 0;
    let preemptions = 0;
    let sleep = new Map<number, Footprint>();
    let pending: ChoicePoint | null = null;
    // Runs still being recorded: those of the choices made since the running context last started.
    // Only the bounded sleep rule reads them.
    const recordRuns = this.por && bounded;
    let runner = -1;
    let openRuns: Array<Map<string, AccessMode>> = [];
    const observe = (ctx: Context, footprint: Footprint): void => {
      const runnableAfter = ctx.state === 'runnable';
      // Sleepers stay asleep only while what runs is independent of them.
      const next = new Map<number, Footprint>();
      for (const [id, asleep] of sleep) if (id !== ctx.id && independent(asleep, footprint)) next.set(id, asleep);
      if (ctx.id !== runner) {
        runner = ctx.id;
        openRuns = [];
      }
      for (const run of openRuns) for (const [key, mode] of footprint) recordInRun(run, key, mode);
      if (pending) {
        const point = pending;
        pending = null;
        // Replays of the prefix keep what the branch's first execution learnt.
        if (point.chosenStep === null) {
          point.chosenStep = { footprint, runnableAfter, cost: this.cost(point, point.chosen), run: new Map(footprint) };
          if (recordRuns) openRuns.push(point.chosenStep.run);
        }
        const chosen = point.chosenStep;
        // Siblings explored before this choice sleep in its subtree (see the header for the bound).
        if (this.por) {
          for (const [id, step] of point.explored) {
            if (independent(step.footprint, footprint) && (!bounded || step.cost + (step.runnableAfter ? 1 : 0) <= chosen.cost)) next.set(id, step.footprint);
            else if (bounded && step.cost <= chosen.cost && independent(step.run, footprint)) next.set(id, step.run);
          }
        }
      }
      if (!runnableAfter) openRuns = [];
      sleep = next;
    };
    return {
      name: `dfs(preemptions=${bounded ? this.bound : 'unbounded'}${this.por ? '' : ', no POR'})`,
      recorder: new StepRecorder({ clockBlind: this.clockBlind, observe }),
      pickContext: (enabled: readonly Context[], _now: number, last: Context | null): number => {
        const ids = enabled.map((c) => c.id);
        const runnableLast = last && last.state === 'runnable' && ids.includes(last.id) ? last.id : null;
        let point: ChoicePoint;
        if (depth < stack.length) {
          point = stack[depth]!;
          if (!sameIds(point.enabled, ids)) invariant(false, `dfs: choice point ${depth} is not reproduced (enabled ${ids.join()} vs ${point.enabled.join()})`);
        } else {
          const fresh: ChoicePoint = {
            enabled: ids,
            runnableLast,
            preemptionsBefore: preemptions,
            sleep: new Map(sleep),
            explored: new Map(),
            chosen: -1,
            chosenStep: null,
          };
          const choice = this.firstAllowed(fresh);
          if (choice === null) return PRUNE;
          fresh.chosen = choice;
          stack.push(fresh);
          point = fresh;
        }
        depth++;
        preemptions += this.cost(point, point.chosen);
        pending = point;
        return ids.indexOf(point.chosen);
      },
      sample: (min) => min,
      asleep: (ctx: Context): boolean => sleep.has(ctx.id),
    };
  }

  /** 1 if running `id` at `point` preempts the context that ran last (only counted under a finite bound). */
  private cost(point: ChoicePoint, id: number): number {
    return Number.isFinite(this.bound) && point.runnableLast !== null && id !== point.runnableLast ? 1 : 0;
  }

  /** The first choice allowed at `point`: the last context if it may go on, else the first awake one within the bound. */
  private firstAllowed(point: ChoicePoint): number | null {
    const allowed = (id: number): boolean => !point.explored.has(id) && !point.sleep.has(id) && point.preemptionsBefore + this.cost(point, id) <= this.bound;
    if (point.runnableLast !== null && allowed(point.runnableLast)) return point.runnableLast;
    return point.enabled.find(allowed) ?? null;
  }

  /**
   * Records the execution just run and moves to the next branch; false when the search is
   * complete. `clockMayDecide`: the run's `Simulator.clockMayDecide`. If it is true while the
   * search is clock-blind, what was pruned may not be equivalent: the search starts again,
   * with the clock in the footprints (the executions already run still count).
   */
  advance(outcome: 'pruned' | 'ran', clockMayDecide: boolean): boolean {
    if (outcome === 'pruned') this.pruned++;
    else this.executions++;
    const stack = this.stack;
    if (this.clockBlind && clockMayDecide) {
      this.clockBlind = false;
      stack.length = 0;
      return true;
    }
    while (stack.length > 0) {
      const point = stack[stack.length - 1]!;
      invariant(point.chosenStep !== null, 'dfs: a choice was made but its step never ran');
      point.explored.set(point.chosen, point.chosenStep);
      const next = this.firstAllowed(point);
      if (next !== null) {
        point.chosen = next;
        point.chosenStep = null;
        return true;
      }
      stack.pop();
    }
    return false;
  }
}
