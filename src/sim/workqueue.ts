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
  return sim.spawn('worker', `kworker/${what}`, work);
}
