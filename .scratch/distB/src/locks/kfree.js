export function kfree(lockdep, what, locks) {
    lockdep.checkFree(lockdep.sim.current, what, locks, (lock) => lock.abandoned === true);
    for (const lock of locks)
        lock.freed = true;
}
