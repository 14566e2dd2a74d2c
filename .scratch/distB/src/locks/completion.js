import { WaitQueue, wait_event } from '../sim/waitqueue.js';
const ALL = Number.MAX_SAFE_INTEGER;
export class Completion {
    lockdep;
    name;
    done = 0;
    wq;
    constructor(lockdep, name, 
    /** Who is expected to complete it, for the wait-for graph. */
    completer = () => []) {
        this.lockdep = lockdep;
        this.name = name;
        this.wq = new WaitQueue(lockdep.sim, `completion ${name}`, completer);
    }
}
export function* wait_for_completion(c) {
    yield 'wait_for_completion';
    c.lockdep.mightSleep(c.lockdep.sim.current, 'wait_for_completion');
    yield* wait_event(c.wq, () => c.done > 0, 'wait_for_completion (sleeping)');
    if (c.done !== ALL)
        c.done--;
}
/** Lets one waiter through (the first queued); never sleeps, so irq context may call it. */
export function* complete(c) {
    yield 'complete';
    if (c.done !== ALL)
        c.done++;
    const first = c.wq.waiters.shift();
    if (first)
        c.lockdep.sim.wake(first);
}
export function* complete_all(c) {
    yield 'complete_all';
    c.done = ALL;
    for (const ctx of c.wq.waiters.splice(0))
        c.lockdep.sim.wake(ctx);
}
