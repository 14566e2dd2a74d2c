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

/** What lockdep needs from a lock object. */
export interface LockInstance {
  readonly name: string;
  readonly className: string;
  readonly cls: LockClass;
  /** True while anyone holds it, including holders lockdep no longer tracks (handed off, non-owner). */
  isLocked(): boolean;
  /** True once the object's memory was freed; any later operation is a use-after-free. */
  freed: boolean;
  /** May be freed while locked (lockdep's free check skips it): a fence whose writer was abandoned. */
  readonly freeable: boolean;
}
