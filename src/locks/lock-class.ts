/**
 * Lock classes and instances, as lockdep sees them. Validation is per class (kernel: a static
 * lock_class_key), so every inode's i_rwsem of one file system type shares one class
 * (`&sb->s_type->i_mutex_key`) and one dependency history, while each instance has its own
 * state and name.
 */
export interface LockClass {
  readonly name: string;
}

export function lockClass(name: string): LockClass {
  return { name };
}

/**
 * Wait types (include/linux/lockdep_types.h, enum lockdep_wait_type) for the wait-context check:
 * a lock may only be taken where its type may wait. LD_WAIT_CONFIG is spinlock_t's: it sleeps on
 * PREEMPT_RT, so with CONFIG_PROVE_RAW_LOCK_NESTING (default y where RT is supported, and what
 * aiosim models) it may not nest inside a raw_spinlock_t.
 */
export const LD_WAIT_INV = 0;
export const LD_WAIT_FREE = 1;
export const LD_WAIT_SPIN = 2;
export const LD_WAIT_CONFIG = 3;
export const LD_WAIT_SLEEP = 4;
export const LD_WAIT_MAX = 5;

/** What lockdep needs from a lock object. */
export interface LockInstance {
  readonly name: string;
  readonly className: string;
  readonly cls: LockClass;
  /** lockdep_map's wait_type_inner: what its holder may wait on (0: not checked). */
  readonly waitInner: number;
  /** wait_type_outer: what it may be taken under, when it differs from inner (0: the same). */
  readonly waitOuter?: number;
  /** True while anyone holds it, including holders lockdep no longer tracks (handed off, non-owner). */
  isLocked(): boolean;
  /** True once the object's memory was freed; any later operation is a use-after-free. */
  freed: boolean;
  /** May be freed while locked (lockdep's free check skips it): a fence whose writer was abandoned. */
  readonly freeable: boolean;
}
