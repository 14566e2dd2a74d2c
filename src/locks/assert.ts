/**
 * Assertions a file system (a built-in scheme, a scheme file, or the model's own kernel paths)
 * states about its locking, as the kernel does:
 *
 * - `lockdep_assert_held(lock)`, `lockdep_assert_held_write(lock)`, `lockdep_assert_held_read(lock)`
 *   (include/linux/lockdep.h): WARN unless the current context holds the lock (in that mode),
 *   by lockdep's held-lock stack. As in the kernel they check nothing while lockdep is off or
 *   after debug_locks was cleared, and a hold handed off to a completion (rwsem_exit_hold) is
 *   the completion's once it re-entered it, not the submitter's.
 * - `WARN_ON_ONCE(sim, condition, message)` (include/asm-generic/bug.h): WARN if the condition
 *   holds, the first time per message in a run; returns the condition, so `if (WARN_ON_ONCE(…))`
 *   reads as in C.
 *
 * A WARN is a verdict of kind `warn` (design §6, extended): the kernel's own check saw the
 * model's state go wrong, whether or not a user could see it yet. The checks read only the
 * current context's own held-lock stack and the run's own verdicts, so they record no
 * footprint, take no step and emit nothing unless they fire: a path that asserts runs exactly
 * as one that does not (same schedules, same traces).
 */
import { taskName } from '../sim/context.js';
import type { Simulator } from '../sim/simulator.js';
import type { Verdict } from '../sim/verdict.js';
import type { LockInstance } from './lock-class.js';
import type { Lockdep } from './lockdep.js';

/** A lock lockdep tracks: every lock primitive of src/locks (rwsem, mutex, spinlock, rwlock, fence's rwsem). */
export interface AssertableLock extends LockInstance {
  readonly lockdep: Lockdep;
}

type HeldCheck = 'lockdep_assert_held' | 'lockdep_assert_held_write' | 'lockdep_assert_held_read';

const READ_OF: Record<HeldCheck, -1 | 0 | 1> = { lockdep_assert_held: -1, lockdep_assert_held_write: 0, lockdep_assert_held_read: 1 };
const WHAT: Record<HeldCheck, string> = { lockdep_assert_held: '', lockdep_assert_held_write: ' for write', lockdep_assert_held_read: ' for read' };

function assertHeld(check: HeldCheck, lock: AssertableLock, at?: string): void {
  const lockdep = lock.lockdep;
  const sim = lockdep.sim;
  const ctx = sim.current;
  if (lockdep.isHeld(ctx, lock, READ_OF[check]) !== false) return;
  const held = ctx.held.map((h) => h.lock.name);
  const where = at ? ` in ${at}` : '';
  sim.report(
    'warn',
    `WARNING: ${check}(${lock.name}) failed${where}: ${taskName(ctx)} does not hold it${WHAT[check]} (it holds ${held.length ? held.join(', ') : 'no lock'})`,
    { check, lock: lock.name, context: taskName(ctx), held, ...(at ? { call: at } : {}) },
  );
}

/** lockdep_assert_held(): the current context holds `lock`, in either mode. `at` names the caller in the message. */
export function lockdep_assert_held(lock: AssertableLock, at?: string): void {
  assertHeld('lockdep_assert_held', lock, at);
}

/** lockdep_assert_held_write(): the current context holds `lock` for write. */
export function lockdep_assert_held_write(lock: AssertableLock, at?: string): void {
  assertHeld('lockdep_assert_held_write', lock, at);
}

/** lockdep_assert_held_read(): the current context holds `lock` for read. */
export function lockdep_assert_held_read(lock: AssertableLock, at?: string): void {
  assertHeld('lockdep_assert_held_read', lock, at);
}

/**
 * WARN_ON_ONCE(condition): a `warn` verdict the first time `condition` holds for this message
 * in the run. Returns whether it held. `details` may name a `lock`, whose operations the
 * report then shows as the verdict's critical steps.
 */
export function WARN_ON_ONCE(sim: Simulator, condition: unknown, message: string, details: Record<string, unknown> = {}): boolean {
  if (!condition) return false;
  const once = (v: Verdict) => v.kind === 'warn' && v.details.check === 'WARN_ON_ONCE' && v.details.message === message;
  if (!sim.verdicts.some(once))
    sim.report('warn', `WARNING: ${message} (WARN_ON_ONCE in ${taskName(sim.current)})`, { check: 'WARN_ON_ONCE', message, ...details });
  return true;
}
