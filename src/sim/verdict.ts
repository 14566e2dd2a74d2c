/**
 * Verdicts: what an oracle observed (design §6, a contract). A verdict names a consequence
 * someone could see on a real system — never "the scenario expected a bug".
 */
export type VerdictKind =
  | 'lockdep'
  | 'deadlock'
  | 'step-limit'
  | 'use-after-free'
  | 'fsck'
  | 'freed-block-write'
  | 'stale-data'
  | 'not-linearizable'
  /** A lock freed while another context or an in-flight I/O holds it (aiosim's check beyond lockdep's own). */
  | 'freed-while-held'
  /** The file system's data or metadata changed while it was frozen (between freeze_super's return and thaw). */
  | 'frozen-write'
  /** A WARN_ON-style check of the kernel's own fired (DEBUG_RWSEMS_WARN_ON, WARN_ON_ONCE, lockdep_assert_held). */
  | 'warn'
  /** A sleeping first waiter passed over by `starvation.after` later arrivals that took what it waits for without queuing (liveness). */
  | 'starvation';

export type LockdepSubkind =
  | 'held-at-user-return'
  | 'bad-unlock'
  | 'circular-dependency'
  | 'recursive-locking'
  | 'sleep-in-atomic'
  | 'inconsistent-irq-state'
  | 'freed-while-locked'
  /** HARDIRQ-safe -> HARDIRQ-unsafe lock order detected (check_irq_usage) */
  | 'irq-safe-unsafe'
  /** possible irq lock inversion dependency detected (check_usage_forwards/backwards) */
  | 'irq-lock-inversion'
  /** [ BUG: Invalid wait context ] (check_wait_context) */
  | 'invalid-wait-context'
  /** still has locks held! (debug_check_no_locks_held at task exit) */
  | 'held-at-exit'
  /** BUG: workqueue leaked atomic, lock or RCU (process_one_work) */
  | 'workqueue-leak';

/** A predicate for verdicts of the same kind and subkind as `verdict` (what shrinking must keep). */
export function sameKindAs(verdict: Verdict): (v: Verdict) => boolean {
  return (v) => v.kind === verdict.kind && v.subkind === verdict.subkind;
}

export interface Verdict {
  readonly kind: VerdictKind;
  /** For lockdep: which check fired. */
  readonly subkind?: LockdepSubkind;
  /** One or two sentences a person can act on. */
  readonly message: string;
  /** Index of the trace event at which it was observed (step number when not recording). */
  readonly at: number;
  /** Structured facts behind the message (splat text, wait-for graph, offsets, …). */
  readonly details: Record<string, unknown>;
}
