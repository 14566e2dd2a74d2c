/**
 * struct mutex (kernel/locking/mutex.c, !PREEMPT_RT): a sleeping lock with one owner.
 *
 * - mutex_lock: might_sleep(), lockdep acquire, then the fast path (owner word 0 → current)
 *   or the slow path: __mutex_trylock (a free lock may be taken even past queued waiters,
 *   unless the HANDOFF flag reserves it for the first waiter), else queue FIFO and sleep.
 * - A woken waiter retries; the first waiter that finds the lock taken again sets HANDOFF
 *   (__mutex_trylock_or_handoff), and the next unlock hands the lock straight to it.
 * - mutex_unlock: only the owner may unlock (DEBUG_MUTEXES: "DEBUG_LOCKS_WARN_ON(__owner_task(owner)
 *   != current)", a `warn` verdict); it wakes the first waiter.
 * - mutex_trylock: succeeds only where __mutex_trylock would; lockdep records a trylock.
 * Not modelled: optimistic spinning on a running owner (MCS/OSQ), which only lets an arriving
 * task win a lock it could also win by the steal above; ww_mutex; interruptible variants.
 */
import { taskName } from '../sim/context.js';
import type { Sim } from '../sim/sim.js';
import { LD_WAIT_SLEEP, type LockClass } from './lock-class.js';
import type { Lockdep } from './lockdep.js';
import { type LockWaiter, SimpleLock, checkAlive, emitLock, lockWarn } from './simple-lock.js';

export class Mutex extends SimpleLock {
  readonly type = 'mutex';
  readonly waitInner = LD_WAIT_SLEEP;
  readonly sleeps = true;
  /** MUTEX_FLAG_HANDOFF: the next unlock gives the lock to the first waiter. */
  handoff = false;

  constructor(lockdep: Lockdep, name: string, cls: LockClass) {
    super(lockdep, name, cls);
    return this.recorded();
  }
}

/** __mutex_trylock(): a free lock, not reserved for another waiter by HANDOFF. */
function mutexTrylock(m: Mutex, waiter: LockWaiter | null): boolean {
  if (m.owner || (m.handoff && m.waiters[0] !== waiter)) return false;
  m.owner = m.sim.current;
  if (waiter) m.waiters.splice(m.waiters.indexOf(waiter), 1);
  m.handoff = false;
  return true;
}

export function mutex_lock(m: Mutex): Sim<void> {
  return mutexLockCommon(m, 'mutex_lock', 0);
}

export function mutex_lock_nested(m: Mutex, subclass: number): Sim<void> {
  return mutexLockCommon(m, 'mutex_lock_nested', subclass);
}

function* mutexLockCommon(m: Mutex, at: string, subclass: number): Sim<void> {
  yield at;
  const sim = m.sim;
  const ctx = sim.current;
  checkAlive(m, sim, at);
  m.lockdep.mightSleep(ctx, at);
  m.lockdep.acquire(ctx, m, 'write', at, { subclass });
  if (mutexTrylock(m, null)) {
    emitLock(sim, m.name, ctx, 'acquire', 'write');
    m.lockdep.starvation.barged(m, m.name, m.waiters[0]?.ctx);
    return;
  }
  const waiter: LockWaiter = { ctx, mode: 'write', granted: false };
  m.waiters.push(waiter);
  emitLock(sim, m.name, ctx, 'contend', 'write');
  for (;;) {
    sim.block(m, `${m.name}`);
    yield `${at} (sleeping)`;
    if (waiter.granted || mutexTrylock(m, waiter)) break;
    // Woken but beaten to it: the first waiter reserves the next release.
    if (m.waiters[0] === waiter && !m.handoff) {
      m.handoff = true;
      emitLock(sim, m.name, ctx, 'handoff-bit', 'write');
    }
  }
  emitLock(sim, m.name, ctx, 'acquire', 'write');
}

export function* mutex_trylock(m: Mutex): Sim<boolean> {
  yield 'mutex_trylock';
  const sim = m.sim;
  const ctx = sim.current;
  checkAlive(m, sim, 'mutex_trylock');
  if (!mutexTrylock(m, null)) {
    emitLock(sim, m.name, ctx, 'trylock-fail', 'write');
    return false;
  }
  m.lockdep.acquire(ctx, m, 'write', 'mutex_trylock', { trylock: true });
  emitLock(sim, m.name, ctx, 'acquire', 'write');
  m.lockdep.starvation.barged(m, m.name, m.waiters[0]?.ctx);
  return true;
}

export function* mutex_unlock(m: Mutex): Sim<void> {
  yield 'mutex_unlock';
  const sim = m.sim;
  const ctx = sim.current;
  checkAlive(m, sim, 'mutex_unlock');
  m.lockdep.release(ctx, m, 'mutex_unlock');
  if (m.owner !== ctx) {
    lockWarn(
      sim,
      'DEBUG_LOCKS_WARN_ON(__owner_task(owner) != current)',
      `${taskName(ctx)} unlocks ${m.name}, ${m.owner ? `owned by ${taskName(m.owner)}` : 'which is not locked'}`,
      { context: taskName(ctx), lock: m.name },
    );
    if (!m.owner) return;
  }
  emitLock(sim, m.name, ctx, 'release', 'write');
  const first = m.waiters[0];
  if (first && m.handoff) {
    // __mutex_handoff(): ownership goes to the first waiter directly.
    m.waiters.shift();
    m.owner = first.ctx;
    m.handoff = false;
    first.granted = true;
    emitLock(sim, m.name, first.ctx, 'grant', 'write');
  } else {
    m.owner = null;
  }
  if (first) sim.wake(first.ctx);
}
