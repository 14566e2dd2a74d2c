/**
 * spinlock_t and raw_spinlock_t (include/linux/spinlock.h, kernel/locking/spinlock.c,
 * qspinlock.c), !PREEMPT_RT: non-sleeping locks with one owner. Taking one disables
 * preemption; waiters spin in FIFO order (a queued spinlock hands the lock to the head of its
 * MCS queue; an arrival never passes a waiter). `_irq` and `_irqsave` variants disable hard
 * interrupts first, `_bh` variants softirqs; the unlock variants restore them after releasing.
 * The two types differ for lockdep only: spinlock_t's wait type is LD_WAIT_CONFIG (it sleeps on
 * PREEMPT_RT), raw_spinlock_t's LD_WAIT_SPIN, so a spinlock_t may not be taken under a raw one.
 * DEBUG_SPINLOCK's checks are `warn` verdicts: unlocking a lock another CPU owns ("spinlock
 * wrong owner") or an unlocked one ("spinlock already unlocked").
 */
import { taskName } from '../sim/context.js';
import type { Sim } from '../sim/sim.js';
import { type IrqFlags, type IrqVariant, irqAfterUnlock, irqBeforeLock, preempt_disable, preempt_enable } from './irqflags.js';
import { LD_WAIT_CONFIG, LD_WAIT_SPIN, type LockClass } from './lock-class.js';
import type { Lockdep } from './lockdep.js';
import { type LockWaiter, SimpleLock, checkAlive, emitLock, lockWarn } from './simple-lock.js';

export class SpinLock extends SimpleLock {
  readonly type: 'spinlock' | 'raw_spinlock';
  readonly waitInner: number;
  readonly sleeps = false;

  constructor(lockdep: Lockdep, name: string, cls: LockClass, raw = false) {
    super(lockdep, name, cls);
    this.type = raw ? 'raw_spinlock' : 'spinlock';
    this.waitInner = raw ? LD_WAIT_SPIN : LD_WAIT_CONFIG;
    return this.recorded();
  }
}

/** do_raw_spin_lock() after lockdep's spin_acquire: take it, or spin in the queue until handed it. */
function* spinLockCommon(l: SpinLock, at: string, subclass = 0): Sim<void> {
  const sim = l.sim;
  const ctx = sim.current;
  checkAlive(l, sim, at);
  preempt_disable(ctx);
  l.lockdep.acquire(ctx, l, 'write', at, { subclass });
  if (!l.owner && l.waiters.length === 0) {
    l.owner = ctx;
    emitLock(sim, l.name, ctx, 'acquire', 'write');
    return;
  }
  const waiter: LockWaiter = { ctx, mode: 'write', granted: false };
  l.waiters.push(waiter);
  emitLock(sim, l.name, ctx, 'contend', 'write');
  while (!waiter.granted) {
    sim.block(l, `${l.name} (spinning)`);
    yield `${at} (spinning)`;
  }
  emitLock(sim, l.name, ctx, 'acquire', 'write');
}

function* spinUnlockCommon(l: SpinLock, at: string): Sim<void> {
  const sim = l.sim;
  const ctx = sim.current;
  checkAlive(l, sim, at);
  l.lockdep.release(ctx, l, at);
  preempt_enable(ctx);
  if (l.owner !== ctx) {
    lockWarn(sim, l.owner ? 'BUG: spinlock wrong owner' : 'BUG: spinlock already unlocked', `${taskName(ctx)} unlocks ${l.name}`, {
      context: taskName(ctx),
      lock: l.name,
    });
    if (!l.owner) return;
  }
  emitLock(sim, l.name, ctx, 'release', 'write');
  const next = l.waiters.shift();
  l.owner = next?.ctx ?? null;
  if (next) {
    next.granted = true;
    emitLock(sim, l.name, next.ctx, 'grant', 'write');
    sim.wake(next.ctx);
  }
}

const prefix = (l: SpinLock): string => (l.type === 'raw_spinlock' ? 'raw_spin' : 'spin');
const suffix = (variant: IrqVariant): string => (variant ? `_${variant}` : '');

/** spin_lock, spin_lock_nested and the `_irq`, `_irqsave` (returns the saved flags), `_bh` variants. */
export function* spin_lock(l: SpinLock, variant?: IrqVariant, subclass = 0): Sim<IrqFlags | null> {
  const at = `${prefix(l)}_lock${subclass ? '_nested' : suffix(variant)}`;
  yield at;
  const flags = irqBeforeLock(l.lockdep, l.sim.current, variant, at);
  yield* spinLockCommon(l, at, subclass);
  return flags;
}

/** spin_unlock and its `_irq`, `_irqrestore` (with the saved flags), `_bh` variants. */
export function* spin_unlock(l: SpinLock, variant?: IrqVariant, flags: IrqFlags | null = null): Sim<void> {
  const at = `${prefix(l)}_unlock${variant === 'irqsave' ? '_irqrestore' : suffix(variant)}`;
  yield at;
  yield* spinUnlockCommon(l, at);
  irqAfterUnlock(l.lockdep, l.sim.current, variant, flags, at);
}

/** spin_trylock(): succeeds only on a free lock with nobody spinning for it. */
export function* spin_trylock(l: SpinLock): Sim<boolean> {
  yield `${prefix(l)}_trylock`;
  const sim = l.sim;
  const ctx = sim.current;
  checkAlive(l, sim, `${prefix(l)}_trylock`);
  if (l.owner || l.waiters.length > 0) {
    emitLock(sim, l.name, ctx, 'trylock-fail', 'write');
    return false;
  }
  preempt_disable(ctx);
  l.lockdep.acquire(ctx, l, 'write', `${prefix(l)}_trylock`, { trylock: true });
  l.owner = ctx;
  emitLock(sim, l.name, ctx, 'acquire', 'write');
  return true;
}
