/**
 * What the kernel's other lock types share in the model — struct mutex, spinlock_t,
 * raw_spinlock_t, rwlock_t: an owner (or readers), a FIFO queue of waiters, lockdep's view of
 * the instance, the wait-for graph, trace events, and use-after-free. Each type's rules are in
 * its own file (mutex.ts, spinlock.ts, rwlock.ts); the rwsem keeps its own richer model.
 *
 * A spinning waiter is modelled as a blocked context: it takes no steps while it spins, and a
 * lock that can never be released shows up as a deadlock with the wait-for graph (on a real
 * machine, a CPU spinning forever: a hard lockup).
 */
import { type Context, type Waitable, taskName } from '../sim/context.js';
import { shared } from '../sim/footprint.js';
import type { Simulator } from '../sim/simulator.js';
import type { LockEvent, LockOp } from './events.js';
import type { LockClass, LockInstance } from './lock-class.js';
import type { Lockdep } from './lockdep.js';

export interface LockWaiter {
  readonly ctx: Context;
  readonly mode: 'read' | 'write';
  /** Set by the releaser that handed the lock to this waiter. */
  granted: boolean;
}

export type KernelLockType = 'mutex' | 'spinlock' | 'raw_spinlock' | 'rwlock';

const UNTRACKED = new Set(['sim', 'lockdep', 'name', 'cls', 'type', 'waitInner', 'sleeps']);

export abstract class SimpleLock implements LockInstance, Waitable {
  /** The exclusive holder (mutex, spinlock, rwlock writer). */
  owner: Context | null = null;
  /** rwlock_t readers. */
  readonly readers: Context[] = [];
  readonly waiters: LockWaiter[] = [];
  freed = false;
  readonly freeable = false;
  readonly sim: Simulator;
  abstract readonly type: KernelLockType;
  abstract readonly waitInner: number;
  /** A sleeping lock (mutex) rather than a spinning one. */
  abstract readonly sleeps: boolean;

  constructor(
    readonly lockdep: Lockdep,
    readonly name: string,
    readonly cls: LockClass,
  ) {
    this.sim = lockdep.sim;
  }

  /** The object as the run sees it: wrapped so that dfs records every access (footprint.ts). */
  protected recorded(): this {
    return shared(this.sim, this, `lock:${this.name}`, UNTRACKED as ReadonlySet<keyof this>);
  }

  get className(): string {
    return this.cls.name;
  }

  isLocked(): boolean {
    return this.owner !== null || this.readers.length > 0;
  }

  describeWait(waiter: Context): string {
    const w = this.waiters.find((x) => x.ctx === waiter);
    return `${this.name} for ${w?.mode ?? 'write'}${this.sleeps ? '' : ' (spinning)'}`;
  }

  blockers(waiter: Context): string[] {
    const names = [this.owner, ...this.readers].filter((c): c is Context => c !== null).map(taskName);
    const me = this.waiters.findIndex((w) => w.ctx === waiter);
    if (names.length === 0 && me > 0) names.push(`${taskName(this.waiters[0]!.ctx)} (first waiter)`);
    return names;
  }
}

/** Appends a lock event (nothing when the trace is off). */
export function emitLock(sim: Simulator, lock: string, ctx: Context, op: LockOp, mode: 'read' | 'write'): void {
  if (!sim.trace.recording) return;
  sim.emit({ t: sim.now, ctx: ctx.id, type: 'lock', op, lock, mode } satisfies LockEvent);
}

/** Any operation on freed memory is a use-after-free (KASAN would report it). */
export function checkAlive(lock: LockInstance, sim: Simulator, at: string): void {
  if (!lock.freed) return;
  const ctx = sim.current;
  sim.report('use-after-free', `${taskName(ctx)} called ${at} on ${lock.name} after its memory was freed`, {
    context: taskName(ctx),
    lock: lock.name,
    call: at,
  });
}

/** A WARN from the lock's own debugging code (DEBUG_MUTEXES, DEBUG_SPINLOCK, DEBUG_RWSEMS): not lockdep's. */
export function lockWarn(sim: Simulator, check: string, message: string, details: Record<string, unknown>): void {
  sim.report('warn', `${check}: ${message}`, { check, ...details });
}
