/**
 * Workqueues, reduced to what completions need: queue_work() runs a function later in a
 * kworker context, which may sleep (unlike the hard-irq context that queued it). Each work
 * item gets its own kworker context, so a timeline shows which work ran when; the kernel's
 * worker pools and concurrency management are not modelled.
 */
import type { Context } from './context.js';
import type { Sim } from './sim.js';
import type { Simulator } from './simulator.js';

export function queue_work(sim: Simulator, what: string, work: Sim<void>): Context {
  return sim.spawn('worker', `kworker/${what}`, process_one_work(sim, what, work));
}

/** process_one_work(): runs the work function, then lets the checks see what it left held (lockdep's workqueue leak check). */
function* process_one_work(sim: Simulator, workfn: string, work: Sim<void>): Sim<void> {
  const ctx = sim.current;
  const depth = ctx.held.length;
  yield* work;
  const hooks = sim.onWorkDone;
  for (let i = 0; i < hooks.length; i++) hooks[i]!(ctx, depth, workfn);
}
