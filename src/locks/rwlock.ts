/**
 * rwlock_t as queued rwlocks implement it (kernel/locking/qrwlock.c, !PREEMPT_RT): a spinning
 * reader-writer lock. Readers share it; a writer excludes everyone. Fairness is the queue's:
 * once anyone waits (a writer, or a reader queued behind one), arriving process-context
 * readers queue too, so a stream of readers cannot starve a writer — except readers in
 * interrupt context (in_interrupt()), which only wait while a writer actually holds the lock
 * (queued_read_lock_slowpath), so an interrupt handler can read_lock a lock its CPU's task
 * already read-holds even with a writer waiting.
 *
 * That is also what lockdep is told (read_lock_is_recursive()): readers in interrupt context are
 * recursive (hlock->read = 2), in process context they are not (read = 1), so read_lock; write
 * in another task; read_lock again in the same task is a deadlock lockdep reports, while the
 * same in a hard irq is not.
 *
 * Granting on release: the head of the queue goes next — a writer once the lock is free, or
 * the readers at the head while no writer holds it. Taking any variant disables preemption; the
 * `_irq`, `_irqsave` and `_bh` variants also change the irq state, as for spinlocks.
 */
import { taskName } from '../sim/context.js';
import { inInterrupt } from '../sim/irq-state.js';
import type { Sim } from '../sim/sim.js';
import { type IrqFlags, type IrqVariant, irqAfterUnlock, irqBeforeLock, preempt_disable, preempt_enable } from './irqflags.js';
import { LD_WAIT_CONFIG, type LockClass } from './lock-class.js';
import type { Lockdep } from './lockdep.js';
import { type LockWaiter, SimpleLock, checkAlive, emitLock, lockWarn } from './simple-lock.js';

export type RwlockMode = 'read' | 'write';

export class RwLock extends SimpleLock {
  readonly type = 'rwlock';
  readonly waitInner = LD_WAIT_CONFIG;
  readonly sleeps = false;

  constructor(lockdep: Lockdep, name: string, cls: LockClass) {
    super(lockdep, name, cls);
    return this.recorded();
  }
}

/** read_lock_is_recursive(): what lockdep is told (the lock itself lets interrupt readers in either way). */
function readIsRecursive(l: RwLock, inInterruptNow: boolean): boolean {
  return inInterruptNow || (l.lockdep.kernel.force_read_lock_recursive ?? false);
}

/** Grants the head of the queue what the lock's state allows: a writer on a free lock, or the readers at the head. */
function grantHead(l: RwLock): void {
  const sim = l.sim;
  while (l.waiters.length > 0 && !l.owner) {
    const head = l.waiters[0]!;
    if (head.mode === 'write') {
      if (l.readers.length > 0) return;
      l.waiters.shift();
      l.owner = head.ctx;
    } else {
      l.waiters.shift();
      l.readers.push(head.ctx);
    }
    head.granted = true;
    emitLock(sim, l.name, head.ctx, 'grant', head.mode);
    sim.wake(head.ctx);
    if (head.mode === 'write') return;
  }
}

function* rwlockAcquire(l: RwLock, mode: RwlockMode, at: string): Sim<void> {
  const sim = l.sim;
  const ctx = sim.current;
  checkAlive(l, sim, at);
  preempt_disable(ctx);
  const recursive = mode === 'read' && inInterrupt(ctx.irq);
  l.lockdep.acquire(ctx, l, mode, at, { read: readIsRecursive(l, recursive) ? 2 : 1 });
  const free = mode === 'read' ? !l.owner && (l.waiters.length === 0 || recursive) : !l.isLocked() && l.waiters.length === 0;
  if (free) {
    if (mode === 'read') l.readers.push(ctx);
    else l.owner = ctx;
    emitLock(sim, l.name, ctx, 'acquire', mode);
    return;
  }
  const waiter: LockWaiter = { ctx, mode, granted: false };
  // An interrupt-context reader waits only for the writer holding it: it goes first.
  if (recursive) l.waiters.unshift(waiter);
  else l.waiters.push(waiter);
  emitLock(sim, l.name, ctx, 'contend', mode);
  while (!waiter.granted) {
    sim.block(l, `${l.name} for ${mode} (spinning)`);
    yield `${at} (spinning)`;
  }
  emitLock(sim, l.name, ctx, 'acquire', mode);
}

function* rwlockRelease(l: RwLock, mode: RwlockMode, at: string): Sim<void> {
  const sim = l.sim;
  const ctx = sim.current;
  checkAlive(l, sim, at);
  l.lockdep.release(ctx, l, at);
  preempt_enable(ctx);
  const i = l.readers.indexOf(ctx);
  if (mode === 'read' ? i < 0 : l.owner !== ctx) {
    lockWarn(sim, mode === 'read' ? 'BUG: rwlock already unlocked' : 'BUG: rwlock wrong owner', `${taskName(ctx)} ${at} ${l.name}`, {
      context: taskName(ctx),
      lock: l.name,
    });
    return;
  }
  if (mode === 'read') l.readers.splice(i, 1);
  else l.owner = null;
  emitLock(sim, l.name, ctx, 'release', mode);
  grantHead(l);
}

/** read_lock / write_lock and their `_irq`, `_irqsave` (returns the saved flags), `_bh` variants. */
export function* rwlock_lock(l: RwLock, mode: RwlockMode, variant?: IrqVariant): Sim<IrqFlags | null> {
  const at = `${mode}_lock${variant ? `_${variant}` : ''}`;
  yield at;
  const flags = irqBeforeLock(l.lockdep, l.sim.current, variant, at);
  yield* rwlockAcquire(l, mode, at);
  return flags;
}

/** read_unlock / write_unlock and their `_irq`, `_irqrestore` (with the saved flags), `_bh` variants. */
export function* rwlock_unlock(l: RwLock, mode: RwlockMode, variant?: IrqVariant, flags: IrqFlags | null = null): Sim<void> {
  const at = `${mode}_unlock${variant === 'irqsave' ? '_irqrestore' : variant ? `_${variant}` : ''}`;
  yield at;
  yield* rwlockRelease(l, mode, at);
  irqAfterUnlock(l.lockdep, l.sim.current, variant, flags, at);
}

/** read_trylock / write_trylock: only where the lock would be taken at once. */
export function* rwlock_trylock(l: RwLock, mode: RwlockMode): Sim<boolean> {
  const at = `${mode}_trylock`;
  yield at;
  const sim = l.sim;
  const ctx = sim.current;
  checkAlive(l, sim, at);
  // queued_read_trylock fails under a waiting writer too (_QW_WMASK).
  const ok = mode === 'read' ? !l.owner && !l.waiters.some((w) => w.mode === 'write') : !l.isLocked() && l.waiters.length === 0;
  if (!ok) {
    emitLock(sim, l.name, ctx, 'trylock-fail', mode);
    return false;
  }
  preempt_disable(ctx);
  l.lockdep.acquire(ctx, l, mode, at, { trylock: true, read: readIsRecursive(l, inInterrupt(ctx.irq)) ? 2 : 1 });
  if (mode === 'read') l.readers.push(ctx);
  else l.owner = ctx;
  emitLock(sim, l.name, ctx, 'acquire', mode);
  return true;
}
