/** A simulator with lockdep attached: the smallest world in which locks can be used. */
import { Simulator, type SimulatorOptions } from '../sim/simulator.js';
import { Lockdep, type LockdepReporting } from './lockdep.js';

export interface Locking {
  readonly sim: Simulator;
  readonly lockdep: Lockdep;
}

/** The kernel configuration locks follow (scenario `kernel:`). */
export interface KernelConfig {
  /** CONFIG_HZ: the rwsem handoff deadline is in jiffies of 1/HZ s. */
  readonly hz: number;
  /** CONFIG_RWSEM_SPIN_ON_OWNER as the model has it: a queued-less spin window for writers (rwsem.ts). */
  readonly rwsem_spin: boolean;
  /** lockdep's reporting: each distinct problem once, or only the first (debug_locks_off). */
  readonly lockdep: LockdepReporting;
  /** lib/locking-selftest.c's force_read_lock_recursive: lockdep treats every rwlock_t reader as recursive. */
  readonly force_read_lock_recursive: boolean;
}

export const DEFAULT_KERNEL: KernelConfig = { hz: 1000, rwsem_spin: false, lockdep: 'all', force_read_lock_recursive: false };

export function createLocking(options: SimulatorOptions & { lockdep?: boolean; kernel?: KernelConfig }): Locking {
  const sim = new Simulator(options);
  const lockdep = new Lockdep(sim, options.kernel ?? DEFAULT_KERNEL);
  lockdep.enabled = options.lockdep ?? true;
  return { sim, lockdep };
}
