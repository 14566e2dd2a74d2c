/**
 * The interrupt state of the CPU a context runs on, as lockdep tracks it (kernel: the per-CPU
 * `hardirqs_enabled`, `current->softirqs_enabled`, `current->hardirq_context` and
 * `->softirq_context`, `preempt_count()` and `current->irqtrace`).
 *
 * A hard-irq or softirq block of a lock program runs in the interrupted task's own context,
 * as it does in the kernel (`current` is the interrupted task, its held-lock stack is shared):
 * entering it saves this state and exiting restores it. Contexts the model spawns as
 * interrupts of their own (bio completions, timers) start in that state instead.
 *
 * Simplifications: one CPU per context (an interrupt fires on the CPU of the task it
 * interrupts); no NMIs; irq event stamps count this context's transitions only (the kernel
 * counts per task, which is the same thing here).
 */

/** Where and when lockdep last saw one kind of transition (print_irqtrace_events). */
export interface IrqTraceEvent {
  /** The stamp (0: never). */
  event: number;
  /** The function that made it. */
  ip: string;
}

export interface IrqState {
  /** Hard interrupts enabled on this CPU (local_irq_enable / local_irq_disable). */
  hardirqsEnabled: boolean;
  /** current->softirqs_enabled: false under local_bh_disable and inside a softirq. */
  softirqsEnabled: boolean;
  /** Nesting of hard-irq handlers being run (lockdep_hardirq_context()). */
  hardirqContext: number;
  /**
   * The running hard-irq handler would be threaded under force_irqthreads (lockdep_hardirq_threaded():
   * every handler without IRQF_NO_THREAD), so it may take spinlock_t (LD_WAIT_CONFIG), not only raw ones.
   */
  hardirqThreaded: boolean;
  /** Nesting of softirq handlers being run (current->softirq_context). */
  softirqContext: number;
  /** local_bh_disable() nesting (softirq_count() >> SOFTIRQ_SHIFT, besides a running softirq). */
  bhDisabled: number;
  /** preempt_disable() nesting: one per spinning lock held (spin_lock, read_lock, write_lock). */
  preemptCount: number;
  /** irq event stamps (curr->irqtrace): a counter bumped at each transition, and the last of each kind. */
  irqEvents: number;
  readonly hardirqOn: IrqTraceEvent;
  readonly hardirqOff: IrqTraceEvent;
  readonly softirqOn: IrqTraceEvent;
  readonly softirqOff: IrqTraceEvent;
}

/** The state a context of `kind` starts in: a hard-irq handler runs with interrupts off, a softirq with hard interrupts on. */
export function initialIrqState(kind: 'process' | 'irq' | 'worker' | 'timer'): IrqState {
  const hardirq = kind === 'irq';
  const softirq = kind === 'timer';
  return {
    hardirqsEnabled: !hardirq,
    softirqsEnabled: !hardirq && !softirq,
    hardirqContext: hardirq ? 1 : 0,
    hardirqThreaded: true,
    softirqContext: softirq ? 1 : 0,
    bhDisabled: 0,
    preemptCount: 0,
    irqEvents: 0,
    hardirqOn: { event: 0, ip: '' },
    hardirqOff: { event: 0, ip: '' },
    softirqOn: { event: 0, ip: '' },
    softirqOff: { event: 0, ip: '' },
  };
}

/** in_interrupt(): in a hard-irq or softirq handler, or with softirqs disabled by local_bh_disable. */
export function inInterrupt(s: IrqState): boolean {
  return s.hardirqContext > 0 || s.softirqContext > 0 || s.bhDisabled > 0;
}

/** Whether code here must not sleep (__might_resched: preempt_count() != 0 || irqs_disabled()). */
export function atomicState(s: IrqState): boolean {
  return !s.hardirqsEnabled || inInterrupt(s) || s.preemptCount > 0;
}

/** task_irq_context(): which chain of held locks an acquisition belongs to (LOCK_CHAIN_HARDIRQ/SOFTIRQ_CONTEXT). */
export function irqContextOf(s: IrqState): number {
  return (s.hardirqContext > 0 ? 1 : 0) + (s.softirqContext > 0 ? 2 : 0);
}
