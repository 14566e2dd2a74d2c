/**
 * Wait queues (kernel: wait_queue_head_t, wait_event, wake_up_all): the generic way a context
 * sleeps until a condition becomes true. Locks implement their own queues (they need FIFO
 * grant rules); completions and i_dio_count use this one.
 */
import type { Context, Waitable } from './context.js';
import type { Sim } from './sim.js';
import type { Simulator } from './simulator.js';

export class WaitQueue implements Waitable {
  readonly waiters: Context[] = [];

  /**
   * @param what describes the condition for the wait-for graph ("i_dio_count of ino 12 to reach 0")
   * @param blockersOf names who must act before the waiters can go on
   */
  constructor(
    readonly sim: Simulator,
    readonly what: string,
    private readonly blockersOf: () => string[] = () => [],
  ) {}

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
  while (!condition()) {
    wq.waiters.push(sim.current);
    sim.block(wq, wq.what);
    yield label;
  }
}

/** Wakes every waiter; each re-checks its condition when it runs (kernel: wake_up_all). */
export function wake_up_all(wq: WaitQueue): void {
  const waiters = wq.waiters.splice(0);
  for (const ctx of waiters) wq.sim.wake(ctx);
}
