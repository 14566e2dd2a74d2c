/**
 * The `starvation` oracle (a liveness check of aiosim's own, not lockdep's): a context sleeping
 * on an object as its first waiter — the one the object owes next — while at least `after`
 * later arrivals took the object without queuing behind it.
 *
 * Only barging counts: a take that did not wait in the object's queue (a fast path, a trylock,
 * `atomic_inc_not_zero` on a count whose completion the waiter sleeps on). A writer-biased lock
 * refuses exactly those while anyone is queued (rwsem_read_trylock fails with waiters, mutex
 * fast paths find the lock held while its first waiter sleeps), so it never fires on one used
 * correctly; an open-coded count has no queue to respect. Takes while the waiter is woken but
 * has not run yet (a mutex or rwsem steal) are not counted: the kernel bounds those in time
 * (MUTEX_FLAG_HANDOFF, the rwsem handoff bit after RWSEM_WAIT_TIMEOUT), and an untimed
 * exploration can starve any runnable context by never picking it, which no lock can prevent.
 * A run is finite, so "starved" means "passed over `after` times": the scenario's
 * `starvation: { after }`, default 3.
 */
import { type Context, type Waitable, taskName } from '../sim/context.js';
import type { Simulator } from '../sim/simulator.js';

export const DEFAULT_STARVATION_AFTER = 3;

interface Passed {
  readonly object: Waitable;
  readonly takers: string[];
  reported: boolean;
}

export class StarvationWatch {
  /** Per sleeping first waiter: who barged past it while it slept (reset when its wait ends). */
  private readonly passed = new Map<Context, Passed>();

  constructor(
    readonly sim: Simulator,
    /** How many barging takes make a starved waiter. */
    public after: number = DEFAULT_STARVATION_AFTER,
  ) {}

  /**
   * The current context took `object` without queuing; `head` is the object's first waiter, if any.
   * The caller's step has already recorded its access to the object (which holds the queue).
   */
  barged(object: Waitable, what: string, head: Context | undefined): void {
    if (head === undefined) return;
    const sim = this.sim;
    sim.readContext(head);
    if (head.state !== 'blocked' || head.blockedOn !== object) return;
    let p = this.passed.get(head);
    if (!p || p.object !== object) this.passed.set(head, (p = { object, takers: [], reported: false }));
    p.takers.push(taskName(sim.current));
    if (p.reported || p.takers.length < this.after) return;
    p.reported = true;
    const waiter = taskName(head);
    sim.report(
      'starvation',
      `${waiter} sleeps waiting for ${what} while ${p.takers.length} later arrivals took it without queuing behind it ` +
        `(${p.takers.join(', ')}): nothing stops new users while the waiter waits, so it can wait forever`,
      {
        waiter,
        object: what,
        after: this.after,
        arrivals: [...p.takers],
        waitFor: [{ waiter, waitsFor: object.describeWait(head), blockers: object.blockers(head) }],
      },
    );
  }

  /** `ctx` stopped waiting (it got what it waited for): later passes start a new count. */
  doneWaiting(ctx: Context): void {
    this.passed.delete(ctx);
  }
}
