/**
 * The Strategy interface: the scheduler asks it every nondeterministic question and records
 * the answer (design §2). Strategies are small plain objects; the explorer (src/explore) adds
 * more behind the same interface.
 */
import type { Context } from './context.js';

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
}

/** Time at which a context could run: now for runnable ones, wakeAt for sleepers. */
export function readyAt(ctx: Context, now: number): number {
  return ctx.state === 'sleeping' && ctx.wakeAt > now ? ctx.wakeAt : now;
}
