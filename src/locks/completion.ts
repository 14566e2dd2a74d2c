/**
 * struct completion (kernel/sched/completion.c): "this thing happened" with a waiter that
 * sleeps until it does. complete() lets one waiter through, complete_all() every waiter now
 * and later. The kernel recommends completions over non-owner lock releases for exactly the
 * hand-off problems aiosim is about.
 */
import { NAMED_UNTRACKED, shared } from '../sim/footprint.js';
import type { Sim } from '../sim/sim.js';
import { WaitQueue, wait_event } from '../sim/waitqueue.js';
import type { Lockdep } from './lockdep.js';

const ALL = Number.MAX_SAFE_INTEGER;

export class Completion {
  done = 0;
  /** kfree'd (lock programs): any use is a use-after-free. */
  freed = false;
  readonly wq: WaitQueue;

  constructor(
    readonly lockdep: Lockdep,
    readonly name: string,
    /** Who is expected to complete it, for the wait-for graph. */
    completer: () => string[] = () => [],
  ) {
    this.wq = new WaitQueue(lockdep.sim, `completion ${name}`, completer);
    return shared(lockdep.sim, this, `completion:${name}`, NAMED_UNTRACKED);
  }
}

/** `check` runs first in the step (a lock program's use-after-free check). */
export function* wait_for_completion(c: Completion, check?: () => void): Sim<void> {
  yield 'wait_for_completion';
  check?.();
  c.lockdep.mightSleep(c.lockdep.sim.current, 'wait_for_completion');
  yield* wait_event(c.wq, () => c.done > 0, 'wait_for_completion (sleeping)');
  if (c.done !== ALL) c.done--;
}

/** Lets one waiter through (the first queued); never sleeps, so irq context may call it. */
export function* complete(c: Completion, check?: () => void): Sim<void> {
  yield 'complete';
  check?.();
  if (c.done !== ALL) c.done++;
  const first = c.wq.waiters.shift();
  if (first) c.lockdep.sim.wake(first);
}

export function* complete_all(c: Completion): Sim<void> {
  yield 'complete_all';
  c.done = ALL;
  for (const ctx of c.wq.waiters.splice(0)) c.lockdep.sim.wake(ctx);
}
