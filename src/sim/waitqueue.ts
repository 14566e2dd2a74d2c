/**
 * Wait queues (kernel: wait_queue_head_t, wait_event, wake_up_all): the generic way a context
 * sleeps until a condition becomes true. Locks implement their own queues (they need FIFO
 * grant rules); completions and i_dio_count use this one.
 */
import type { Context, Waitable } from './context.js';
import { shared } from './footprint.js';
import type { Sim } from './sim.js';
import type { Simulator } from './simulator.js';

/** The waiter list is recorded by wait_event and wake_up_all themselves (wakes commute). */
const WQ_UNTRACKED: ReadonlySet<keyof WaitQueue> = new Set<keyof WaitQueue>(['sim', 'what', 'key', 'waiters', 'describeWait', 'blockers', 'blockersOf']);

export class WaitQueue implements Waitable {
  readonly waiters: Context[] = [];
  /** Footprint key ('' when the run records no footprints). */
  readonly key: string;

  /**
   * @param what describes the condition for the wait-for graph ("i_dio_count of ino 12 to reach 0")
   * @param blockersOf names who must act before the waiters can go on
   */
  constructor(
    readonly sim: Simulator,
    readonly what: string,
    readonly blockersOf: () => string[] = () => [],
  ) {
    this.key = sim.footprints ? `wq:${what}` : '';
    return shared(sim, this, this.key, WQ_UNTRACKED);
  }

  describeWait(): string {
    return this.what;
  }

  blockers(): string[] {
    return this.blockersOf();
  }
}

/** Sleeps until `condition()` holds, re-checking after every wake-up (kernel: wait_event). */
export function* wait_event(wq: WaitQueue, condition: () => boolean, label: string): Sim<void> {
  const sim = wq.sim;
  for (;;) {
    // The waiter list is touched only by a check that fails and sleeps, so a check that passes
    // commutes with wake-ups. What the condition reads must be recorded by the objects it
    // reads, or by the caller in the same step (submit_bio records the tags it counted).
    if (condition()) return;
    sim.access(wq.key);
    wq.waiters.push(sim.current);
    sim.block(wq, wq.what);
    yield label;
  }
}

/** Wakes every waiter; each re-checks its condition when it runs (kernel: wake_up_all). */
export function wake_up_all(wq: WaitQueue): void {
  wq.sim.access(wq.key, 'wake');
  const waiters = wq.waiters.splice(0);
  for (const ctx of waiters) wq.sim.wake(ctx);
}
