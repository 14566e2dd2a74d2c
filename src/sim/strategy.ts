/**
 * The Strategy interface: the scheduler asks it every nondeterministic question and records
 * the answer (design §2). Strategies are small plain objects; the explorer (src/explore) adds
 * more behind the same interface.
 */
import type { Context } from './context.js';
import type { StepRecorder } from './step-recorder.js';

export interface Strategy {
  /** Name as given on the command line (`--strategy`). */
  readonly name: string;
  /**
   * Index into `enabled` of the context to run next. Called only when there are at least two.
   * `enabled` holds runnable and sleeping contexts in creation order; a sleeping context's
   * `wakeAt` may be in the future (picking it advances the clock). `last` is the context that
   * ran the previous step (continuing it is not a context switch).
   */
  pickContext(enabled: readonly Context[], now: number, last: Context | null): number;
  /** A sampled value in [min, max] (latencies). Called only when min < max. */
  sample(min: number, max: number): number;
  /**
   * Partial-order reduction (the `dfs` explorer): a recorder of this run's footprints, which
   * reports each step's to the strategy (step-recorder.ts); pickContext may then answer PRUNE to
   * end an execution that only repeats explored ones. One recorder per run.
   */
  readonly recorder?: StepRecorder;
  /** With a recorder: asked when only `ctx` can run (no choice); true ends the execution as PRUNE does. */
  asleep?(ctx: Context): boolean;
}

/** pickContext's answer for "this execution is equivalent to one already explored: stop". */
export const PRUNE = -1;

/** Time at which a context could run: now for runnable ones, wakeAt for sleepers. */
export function readyAt(ctx: Context, now: number): number {
  return ctx.state === 'sleeping' && ctx.wakeAt > now ? ctx.wakeAt : now;
}
