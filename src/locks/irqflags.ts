/**
 * Interrupt and preemption control (include/linux/irqflags.h, bottom_half.h, preempt.h): what
 * the `_irq`, `_irqsave` and `_bh` lock variants and a lock program's local_irq_* / local_bh_*
 * ops do to the running context's irq state (sim/irq-state.ts), telling lockdep as
 * trace_hardirqs_on/off and lockdep_softirqs_on/off do.
 */
import type { Context } from '../sim/context.js';
import type { Lockdep } from './lockdep.js';

/** What local_irq_save() returns: whether hard interrupts were enabled. */
export interface IrqFlags {
  readonly hardirqsEnabled: boolean;
}

export function local_irq_disable(lockdep: Lockdep, ctx: Context, ip = 'local_irq_disable'): void {
  lockdep.hardirqsOff(ctx, ip);
}

export function local_irq_enable(lockdep: Lockdep, ctx: Context, ip = 'local_irq_enable'): void {
  lockdep.hardirqsOn(ctx, ip);
}

export function local_irq_save(lockdep: Lockdep, ctx: Context, ip = 'local_irq_save'): IrqFlags {
  const flags = { hardirqsEnabled: ctx.irq.hardirqsEnabled };
  lockdep.hardirqsOff(ctx, ip);
  return flags;
}

export function local_irq_restore(lockdep: Lockdep, ctx: Context, flags: IrqFlags, ip = 'local_irq_restore'): void {
  if (flags.hardirqsEnabled) lockdep.hardirqsOn(ctx, ip);
  else lockdep.hardirqsOff(ctx, ip);
}

/** local_bh_disable(): softirqs may not run on this CPU until the matching enable. */
export function local_bh_disable(lockdep: Lockdep, ctx: Context, ip = 'local_bh_disable'): void {
  if (ctx.irq.bhDisabled++ === 0) lockdep.softirqsOff(ctx, ip);
}

/** local_bh_enable(): the last one turns softirqs back on (pending ones then run: see lock-program.ts). */
export function local_bh_enable(lockdep: Lockdep, ctx: Context, ip = 'local_bh_enable'): void {
  if (ctx.irq.bhDisabled === 0) return;
  if (--ctx.irq.bhDisabled === 0 && ctx.irq.softirqContext === 0) lockdep.softirqsOn(ctx, ip);
}

export function preempt_disable(ctx: Context): void {
  ctx.irq.preemptCount++;
}

export function preempt_enable(ctx: Context): void {
  if (ctx.irq.preemptCount > 0) ctx.irq.preemptCount--;
}

/** A lock API variant's irq handling: `_irq`, `_irqsave`/`_irqrestore`, `_bh`, or none. */
export type IrqVariant = 'irq' | 'irqsave' | 'bh' | undefined;

/** What `<lock>_irq`, `_irqsave`, `_bh` do before taking the lock; `_irqsave` returns the flags to restore. */
export function irqBeforeLock(lockdep: Lockdep, ctx: Context, variant: IrqVariant, ip: string): IrqFlags | null {
  if (variant === 'irq') local_irq_disable(lockdep, ctx, ip);
  else if (variant === 'irqsave') return local_irq_save(lockdep, ctx, ip);
  else if (variant === 'bh') local_bh_disable(lockdep, ctx, ip);
  return null;
}

/** What the matching unlock variant does after releasing it. */
export function irqAfterUnlock(lockdep: Lockdep, ctx: Context, variant: IrqVariant, flags: IrqFlags | null, ip: string): void {
  if (variant === 'irq') local_irq_enable(lockdep, ctx, ip);
  else if (variant === 'irqsave') local_irq_restore(lockdep, ctx, flags ?? { hardirqsEnabled: true }, ip);
  else if (variant === 'bh') local_bh_enable(lockdep, ctx, ip);
}
