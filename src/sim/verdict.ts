/**
 * Verdicts: what an oracle observed (design §6, a contract). A verdict names a consequence
 * someone could see on a real system — never "the scenario expected a bug".
 */
export type VerdictKind = 'lockdep' | 'deadlock' | 'step-limit' | 'use-after-free' | 'fsck' | 'freed-block-write' | 'stale-data' | 'not-linearizable';

export type LockdepSubkind =
  | 'held-at-user-return'
  | 'bad-unlock'
  | 'circular-dependency'
  | 'recursive-locking'
  | 'sleep-in-atomic'
  | 'inconsistent-irq-state'
  | 'freed-while-locked';

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
