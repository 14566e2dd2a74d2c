/**
 * Freeing an object that embeds locks. Lockdep checks that none of them is held
 * (debug_check_no_locks_freed, "held lock freed!"), including holds handed off to in-flight
 * work; afterwards any operation on them is a use-after-free (see checkAlive in rwsem.ts).
 * A lock marked `freeable` (a fence whose writer was abandoned) may be freed while "held".
 */
import type { LockInstance } from './lock-class.js';
import type { Lockdep } from './lockdep.js';

export function kfree(lockdep: Lockdep, what: string, locks: readonly LockInstance[]): void {
  lockdep.checkFree(lockdep.sim.current, what, locks);
  for (const lock of locks) lock.freed = true;
}
