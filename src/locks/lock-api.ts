/**
 * The kernel lock API a lock program may call (scenario format v1, `locks:` and lock ops): each
 * operation's kernel name, the lock types it applies to, and what it does — so the scenario
 * schema, its validation and the interpreter (scenario/lock-program.ts) read one table.
 */
import { OBJECT_API, OBJECT_TYPES, type ObjectAction, type ObjectTypeName } from './object-api.js';
import type { KernelLockType } from './simple-lock.js';

/**
 * `fence`, `atomic` and `completion` are the parts of the fenced-object pattern (object-api.ts):
 * Jason Gunthorpe's fence, or the open-coded count and completion it would replace.
 */
export type LockTypeName = 'rwsem' | KernelLockType | ObjectTypeName;
export const LOCK_TYPES: readonly LockTypeName[] = ['rwsem', 'mutex', 'spinlock', 'rwlock', 'raw_spinlock', ...OBJECT_TYPES];

export interface LockApiOp {
  readonly types: readonly LockTypeName[];
  /** What it does to the lock: take (possibly waiting), try, release, or downgrade. */
  readonly action: 'lock' | 'trylock' | 'unlock' | 'downgrade' | ObjectAction;
  readonly mode: 'read' | 'write';
  /** The irq state it changes around the lock: `_irq`, `_irqsave`/`_irqrestore`, `_bh`. */
  readonly irq?: 'irq' | 'irqsave' | 'bh';
  /** Takes a `subclass:` (the `_nested` variants). */
  readonly nested?: boolean;
  /** No lockdep tracking (down_read_non_owner / up_read_non_owner). */
  readonly nonOwner?: boolean;
}

export const LOCK_API = {
  down_read: { types: ['rwsem'], action: 'lock', mode: 'read' },
  down_read_nested: { types: ['rwsem'], action: 'lock', mode: 'read', nested: true },
  down_read_non_owner: { types: ['rwsem'], action: 'lock', mode: 'read', nonOwner: true },
  down_read_trylock: { types: ['rwsem'], action: 'trylock', mode: 'read' },
  down_write: { types: ['rwsem'], action: 'lock', mode: 'write' },
  down_write_nested: { types: ['rwsem'], action: 'lock', mode: 'write', nested: true },
  down_write_trylock: { types: ['rwsem'], action: 'trylock', mode: 'write' },
  downgrade_write: { types: ['rwsem'], action: 'downgrade', mode: 'write' },
  up_read: { types: ['rwsem'], action: 'unlock', mode: 'read' },
  up_read_non_owner: { types: ['rwsem'], action: 'unlock', mode: 'read', nonOwner: true },
  up_write: { types: ['rwsem'], action: 'unlock', mode: 'write' },
  mutex_lock: { types: ['mutex'], action: 'lock', mode: 'write' },
  mutex_lock_nested: { types: ['mutex'], action: 'lock', mode: 'write', nested: true },
  mutex_trylock: { types: ['mutex'], action: 'trylock', mode: 'write' },
  mutex_unlock: { types: ['mutex'], action: 'unlock', mode: 'write' },
  spin_lock: { types: ['spinlock'], action: 'lock', mode: 'write' },
  spin_lock_nested: { types: ['spinlock'], action: 'lock', mode: 'write', nested: true },
  spin_lock_irq: { types: ['spinlock'], action: 'lock', mode: 'write', irq: 'irq' },
  spin_lock_irqsave: { types: ['spinlock'], action: 'lock', mode: 'write', irq: 'irqsave' },
  spin_lock_bh: { types: ['spinlock'], action: 'lock', mode: 'write', irq: 'bh' },
  spin_trylock: { types: ['spinlock'], action: 'trylock', mode: 'write' },
  spin_unlock: { types: ['spinlock'], action: 'unlock', mode: 'write' },
  spin_unlock_irq: { types: ['spinlock'], action: 'unlock', mode: 'write', irq: 'irq' },
  spin_unlock_irqrestore: { types: ['spinlock'], action: 'unlock', mode: 'write', irq: 'irqsave' },
  spin_unlock_bh: { types: ['spinlock'], action: 'unlock', mode: 'write', irq: 'bh' },
  raw_spin_lock: { types: ['raw_spinlock'], action: 'lock', mode: 'write' },
  raw_spin_lock_nested: { types: ['raw_spinlock'], action: 'lock', mode: 'write', nested: true },
  raw_spin_lock_irq: { types: ['raw_spinlock'], action: 'lock', mode: 'write', irq: 'irq' },
  raw_spin_lock_irqsave: { types: ['raw_spinlock'], action: 'lock', mode: 'write', irq: 'irqsave' },
  raw_spin_lock_bh: { types: ['raw_spinlock'], action: 'lock', mode: 'write', irq: 'bh' },
  raw_spin_trylock: { types: ['raw_spinlock'], action: 'trylock', mode: 'write' },
  raw_spin_unlock: { types: ['raw_spinlock'], action: 'unlock', mode: 'write' },
  raw_spin_unlock_irq: { types: ['raw_spinlock'], action: 'unlock', mode: 'write', irq: 'irq' },
  raw_spin_unlock_irqrestore: { types: ['raw_spinlock'], action: 'unlock', mode: 'write', irq: 'irqsave' },
  raw_spin_unlock_bh: { types: ['raw_spinlock'], action: 'unlock', mode: 'write', irq: 'bh' },
  read_lock: { types: ['rwlock'], action: 'lock', mode: 'read' },
  read_lock_irq: { types: ['rwlock'], action: 'lock', mode: 'read', irq: 'irq' },
  read_lock_irqsave: { types: ['rwlock'], action: 'lock', mode: 'read', irq: 'irqsave' },
  read_lock_bh: { types: ['rwlock'], action: 'lock', mode: 'read', irq: 'bh' },
  read_trylock: { types: ['rwlock'], action: 'trylock', mode: 'read' },
  read_unlock: { types: ['rwlock'], action: 'unlock', mode: 'read' },
  read_unlock_irq: { types: ['rwlock'], action: 'unlock', mode: 'read', irq: 'irq' },
  read_unlock_irqrestore: { types: ['rwlock'], action: 'unlock', mode: 'read', irq: 'irqsave' },
  read_unlock_bh: { types: ['rwlock'], action: 'unlock', mode: 'read', irq: 'bh' },
  write_lock: { types: ['rwlock'], action: 'lock', mode: 'write' },
  write_lock_irq: { types: ['rwlock'], action: 'lock', mode: 'write', irq: 'irq' },
  write_lock_irqsave: { types: ['rwlock'], action: 'lock', mode: 'write', irq: 'irqsave' },
  write_lock_bh: { types: ['rwlock'], action: 'lock', mode: 'write', irq: 'bh' },
  write_trylock: { types: ['rwlock'], action: 'trylock', mode: 'write' },
  write_unlock: { types: ['rwlock'], action: 'unlock', mode: 'write' },
  write_unlock_irq: { types: ['rwlock'], action: 'unlock', mode: 'write', irq: 'irq' },
  write_unlock_irqrestore: { types: ['rwlock'], action: 'unlock', mode: 'write', irq: 'irqsave' },
  write_unlock_bh: { types: ['rwlock'], action: 'unlock', mode: 'write', irq: 'bh' },
  ...OBJECT_API,
} as const satisfies Record<string, LockApiOp>;

export type LockOpName = keyof typeof LOCK_API;
export const LOCK_OP_NAMES = Object.keys(LOCK_API) as [LockOpName, ...LockOpName[]];

/** Ops that change only the irq state (include/linux/irqflags.h, bottom_half.h). */
export const IRQ_FLAG_OPS = ['local_irq_disable', 'local_irq_enable', 'local_irq_save', 'local_irq_restore', 'local_bh_disable', 'local_bh_enable'] as const;
export type IrqFlagOpName = (typeof IRQ_FLAG_OPS)[number];

/** RCU read-side critical sections (include/linux/rcupdate.h): held for lockdep, checked for the wait context only. */
export const RCU_OPS = ['rcu_read_lock', 'rcu_read_unlock', 'rcu_read_lock_bh', 'rcu_read_unlock_bh', 'rcu_read_lock_sched', 'rcu_read_unlock_sched'] as const;
export type RcuOpName = (typeof RCU_OPS)[number];

/** Every op a lock program adds to the scenario format: lock operations, irq flags, interrupt blocks, kfree. */
export type LockProgramOpKind = LockOpName | IrqFlagOpName | RcuOpName | 'hardirq' | 'softirq' | 'queue_work' | 'kfree';

export function lockApi(op: LockOpName): LockApiOp {
  return LOCK_API[op];
}
