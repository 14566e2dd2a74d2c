export class WaitQueue {
    sim;
    what;
    blockersOf;
    waiters = [];
    /**
     * @param what describes the condition for the wait-for graph ("i_dio_count of ino 12 to reach 0")
     * @param blockersOf names who must act before the waiters can go on
     */
    constructor(sim, what, blockersOf = () => []) {
        this.sim = sim;
        this.what = what;
        this.blockersOf = blockersOf;
    }
    describeWait() {
        return this.what;
    }
    blockers() {
        return this.blockersOf();
    }
}
/** Sleeps until `condition()` holds, re-checking after every wake-up (kernel: wait_event). */
export function* wait_event(wq, condition, label) {
    const sim = wq.sim;
    while (!condition()) {
        wq.waiters.push(sim.current);
        sim.block(wq, wq.what);
        yield label;
    }
}
/** Wakes every waiter; each re-checks its condition when it runs (kernel: wake_up_all). */
export function wake_up_all(wq) {
    const waiters = wq.waiters.splice(0);
    for (const ctx of waiters)
        wq.sim.wake(ctx);
}
