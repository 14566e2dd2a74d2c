/**
 * Kernel lockdep reports, line for line from the print_* functions of kernel/locking/lockdep.c
 * (and __might_resched in kernel/sched/core.c, process_one_work in kernel/workqueue.c,
 * DEBUG_RWSEMS_WARN_ON in kernel/locking/rwsem.c): banner rules of the kernel's own lengths,
 * held locks as ` #N: <addr> (class){usage}-{outer:inner}, at: fn+off/size`, usage characters
 * from the class's accumulated usage, chains from the held lock down to `-> #0`, the "Chain
 * exists of:" and unsafe-scenario tables with `rlock(` for read holds, irq state tags and event
 * stamps, and "stack backtrace:". Workshop attendees who learn to read these read dmesg.
 *
 * What a simulation cannot know prints as a stable placeholder (docs/locks.md lists them):
 * - lock addresses: `ffff8880` + 8 hex digits numbering the lock instance in creation order;
 * - code offsets: every symbol prints `+0x0/0x0`; `[<ffffffff...>]` addresses are omitted;
 * - print_kernel_ident: `6.18.0-aiosim #1 Not tainted`;
 * - the call stack of "stack backtrace:" is the model's: the kernel function that called the
 *   lock operation, the syscall or work item around it, and the kernel's entry frames.
 */
import type { HeldLock } from '../sim/context.js';

/** What a splat needs from lockdep's state; lockdep.ts implements it. */
export interface SplatPrinter {
  /** "comm/pid" of the context the report is about (current). */
  readonly task: string;
  /** print_lock(): "<addr> (class){usage}-{o:i}, at: fn+0x0/0x0" (no leading space). */
  lock(h: HeldLock): string;
  /** print_lock_name() of a class key without an instance: " (class){usage}-{o:i}". */
  className(key: string): string;
  /** __print_lock_name(): the bare class name ("&x->lock/1"). */
  bare(key: string): string;
  /** lockdep_print_held_locks(current) */
  heldLocks(): string[];
  /** print_irqtrace_events(current) */
  irqEvents(): string[];
  /** "[HC0[0]:SC0[0]:HE1:SE1]" */
  irqTag(): string;
  /** print_lock_trace() of a recorded trace, indented. */
  trace(stack: readonly string[], spaces: number): string[];
  /** "\nstack backtrace:" and dump_stack() of current, the report's lockdep frames on top (the blank line first, as most print_* have it). */
  backtrace(report: ReportKind): string[];
}

export const KERNEL_RELEASE = '6.19.0-aiosim #1';
export const KERNEL_TAINT = 'Not tainted';
/** print_kernel_ident(): release, version, print_tainted(). */
export const KERNEL_IDENT = `${KERNEL_RELEASE} ${KERNEL_TAINT}`;
export const PREEMPT_MODEL = 'PREEMPT(voluntary)';
export const HARDWARE_NAME = 'aiosim simulated machine';

/**
 * Frames lockdep adds above the simulated stack in "stack backtrace:", per report, as an x86-64
 * 6.19 build prints them (static helpers such as check_prevs_add, validate_chain and mark_usage
 * are inlined; inlining varies with the compiler: approximate).
 */
export const REPORT_FRAMES = {
  deadlock: ['dump_stack_lvl', 'print_deadlock_bug', '__lock_acquire', 'lock_acquire'],
  circular: ['dump_stack_lvl', 'print_circular_bug', 'check_noncircular', 'check_prev_add', '__lock_acquire', 'lock_acquire'],
  badIrq: ['dump_stack_lvl', 'print_bad_irq_dependency', 'check_irq_usage', 'check_prev_add', '__lock_acquire', 'lock_acquire'],
  usage: ['dump_stack_lvl', 'print_usage_bug', 'mark_lock', '__lock_acquire', 'lock_acquire'],
  inversion: ['dump_stack_lvl', 'print_irq_inversion_bug', 'check_usage_forwards', 'mark_lock', '__lock_acquire', 'lock_acquire'],
  invalidWait: ['dump_stack_lvl', 'print_lock_invalid_wait_context', '__lock_acquire', 'lock_acquire'],
  unlockImbalance: ['dump_stack_lvl', 'print_unlock_imbalance_bug', 'lock_release'],
  freed: ['dump_stack_lvl', 'debug_check_no_locks_freed'],
  heldAtExit: ['dump_stack_lvl', 'debug_check_no_locks_held'],
  workqueue: ['dump_stack_lvl', 'process_one_work'],
  mightResched: ['dump_stack_lvl', '__might_resched'],
} as const;
export type ReportKind = keyof typeof REPORT_FRAMES;

/** pr_warn("\n"); the rule; the title; print_kernel_ident(); the dashes — rule lengths are the kernel's literal strings. */
function header(rule: number, title: string): string[] {
  return ['', '='.repeat(rule), title, KERNEL_IDENT, '-'.repeat(rule)];
}

export function recursiveSplat(p: SplatPrinter, next: HeldLock, prev: HeldLock): string {
  return [
    ...header(44, 'WARNING: possible recursive locking detected'),
    `${p.task} is trying to acquire lock:`,
    p.lock(next),
    '',
    'but task is already holding lock:',
    p.lock(prev),
    '',
    'other info that might help us debug this:',
    ' Possible unsafe locking scenario:',
    '',
    '       CPU0',
    '       ----',
    `  lock(${p.bare(classKeyOf(prev))});`,
    `  lock(${p.bare(classKeyOf(next))});`,
    '',
    ' *** DEADLOCK ***',
    '',
    ' May be due to missing lock nesting notation',
    '',
    ...p.heldLocks(),
    ...p.backtrace('deadlock'),
  ].join('\n');
}

/** One link of a circular chain, from the held lock (#depth) down to the new one (#0). */
export interface ChainLink {
  /** The class this entry prints. */
  readonly key: string;
  /** Where the dependency into it was recorded. */
  readonly stack: readonly string[];
  readonly task: string;
}

export function circularSplat(p: SplatPrinter, next: HeldLock, prev: HeldLock, links: readonly ChainLink[], parentKey: string): string {
  const entries = links.flatMap((l, i) => ['', `-> #${links.length - 1 - i}${p.className(l.key)}:`, ...p.trace(l.stack, 6)]);
  const src = classKeyOf(next);
  const tgt = classKeyOf(prev);
  return [
    ...header(54, 'WARNING: possible circular locking dependency detected'),
    `${p.task} is trying to acquire lock:`,
    p.lock(next),
    '',
    'but task is already holding lock:',
    p.lock(prev),
    '',
    'which lock already depends on the new lock.',
    '',
    '',
    'the existing dependency chain (in reverse order) is:',
    ...entries,
    '',
    'other info that might help us debug this:',
    '',
    ...(parentKey !== src ? ['Chain exists of:', `  ${p.bare(src)} --> ${p.bare(parentKey)} --> ${p.bare(tgt)}`, ''] : []),
    ' Possible unsafe locking scenario:',
    '',
    '       CPU0                    CPU1',
    '       ----                    ----',
    `  ${prev.read ? 'rlock' : 'lock'}(${p.bare(tgt)});`,
    `                               lock(${p.bare(parentKey)});`,
    `                               lock(${p.bare(tgt)});`,
    `  ${next.read ? 'rlock' : 'lock'}(${p.bare(src)});`,
    '',
    ' *** DEADLOCK ***',
    '',
    ...p.heldLocks(),
    ...p.backtrace('circular'),
  ].join('\n');
}

export function badUnlockSplat(p: SplatPrinter, lockName: string, at: string): string {
  return [
    ...header(37, 'WARNING: bad unlock balance detected!'),
    `${p.task} is trying to release lock (${lockName}) at:`,
    p.trace([at], 0)[0]!,
    'but there are no more locks to release!',
    '',
    'other info that might help us debug this:',
    ...p.heldLocks(),
    ...p.backtrace('unlockImbalance'),
  ].join('\n');
}

export function userReturnSplat(p: SplatPrinter): string {
  return [...header(48, 'WARNING: lock held when returning to user space!'), `${p.task} is leaving the kernel with locks still held!`, ...p.heldLocks()].join(
    '\n',
  );
}

export function heldAtExitSplat(p: SplatPrinter): string {
  return [...header(36, `WARNING: ${p.task} still has locks held!`), ...p.heldLocks(), ...p.backtrace('heldAtExit')].join('\n');
}

export function heldFreedSplat(p: SplatPrinter, what: string, held: HeldLock): string {
  return [
    ...header(25, 'WARNING: held lock freed!'),
    `${p.task} is freeing memory ${what}, with a lock still held there!`,
    p.lock(held),
    ...p.heldLocks(),
    ...p.backtrace('freed'),
  ].join('\n');
}

/** __might_resched(): not a lockdep report, but it comes with lockdep's held-lock list. */
export function sleepInAtomicSplat(p: SplatPrinter, at: string, inAtomic: boolean, irqsDisabled: boolean, preemptCount: string): string {
  return [
    `BUG: sleeping function called from invalid context at ${sleepSite(at)}`,
    `in_atomic(): ${inAtomic ? 1 : 0}, irqs_disabled(): ${irqsDisabled ? 1 : 0}, non_block: 0, pid: ${p.task.split('/').pop()}, name: ${p.task.split('/')[0]}`,
    `preempt_count: ${preemptCount}, expected: 0`,
    'RCU nest depth: 0, expected: 0',
    ...p.heldLocks(),
    ...p.irqEvents(),
    ...p.backtrace('mightResched').slice(1),
  ].join('\n');
}

/** The source line might_sleep() names, by the sleeping primitive that called it. */
function sleepSite(at: string): string {
  if (at.startsWith('mutex')) return 'kernel/locking/mutex.c:580';
  if (at.includes('wait_for_completion')) return 'kernel/sched/completion.c:115';
  if (at.includes('inode_dio_wait')) return 'fs/inode.c:2512';
  return 'kernel/locking/rwsem.c:1523';
}

export function inconsistentSplat(p: SplatPrinter, h: HeldLock, prevUsage: string, newUsage: string, registered: readonly string[]): string {
  const name = p.bare(classKeyOf(h));
  return [
    ...header(32, 'WARNING: inconsistent lock state'),
    `inconsistent {${prevUsage}} -> {${newUsage}} usage.`,
    `${p.task} ${p.irqTag()} takes:`,
    p.lock(h),
    `{${prevUsage}} state was registered at:`,
    ...p.trace(registered, 1),
    ...p.irqEvents(),
    '',
    'other info that might help us debug this:',
    ' Possible unsafe locking scenario:',
    '',
    '       CPU0',
    '       ----',
    `  lock(${name});`,
    '  <Interrupt>',
    `    lock(${name});`,
    '',
    ' *** DEADLOCK ***',
    '',
    ...p.heldLocks(),
    ...p.backtrace('usage'),
  ].join('\n');
}

/** print_irq_lock_scenario(): the CPU0/CPU1 table of an irq-safe → irq-unsafe problem. */
function irqLockScenario(p: SplatPrinter, safe: string, unsafe: string, middle: string): string[] {
  return [
    ...(middle !== unsafe ? ['Chain exists of:', `  ${p.bare(safe)} --> ${p.bare(middle)} --> ${p.bare(unsafe)}`, ''] : []),
    ' Possible interrupt unsafe locking scenario:',
    '',
    '       CPU0                    CPU1',
    '       ----                    ----',
    `  lock(${p.bare(unsafe)});`,
    '                               local_irq_disable();',
    `                               lock(${p.bare(safe)});`,
    `                               lock(${p.bare(middle)});`,
    '  <Interrupt>',
    `    lock(${p.bare(safe)});`,
    '',
    ' *** DEADLOCK ***',
    '',
  ];
}

export interface IrqDependency {
  readonly irqclass: string;
  readonly safe: { readonly key: string; readonly became: readonly string[] };
  readonly unsafe: { readonly key: string; readonly became: readonly string[] };
  readonly prev: HeldLock;
  readonly next: HeldLock;
}

export function badIrqDependencySplat(p: SplatPrinter, d: IrqDependency): string {
  const c = d.irqclass;
  const middle = d.safe.key === classKeyOf(d.prev) ? classKeyOf(d.next) : classKeyOf(d.prev);
  return [
    ...header(53, `WARNING: ${c}-safe -> ${c}-unsafe lock order detected`),
    `${p.task} ${p.irqTag()} is trying to acquire:`,
    p.lock(d.next),
    '',
    'and this task is already holding:',
    p.lock(d.prev),
    'which would create a new lock dependency:',
    `${p.className(classKeyOf(d.prev))} ->${p.className(classKeyOf(d.next))}`,
    '',
    `but this new dependency connects a ${c}-irq-safe lock:`,
    p.className(d.safe.key),
    '',
    `... which became ${c}-irq-safe at:`,
    ...p.trace(d.safe.became, 1),
    '',
    `to a ${c}-irq-unsafe lock:`,
    p.className(d.unsafe.key),
    '',
    `... which became ${c}-irq-unsafe at:`,
    '...',
    ...p.trace(d.unsafe.became, 1),
    '',
    'other info that might help us debug this:',
    '',
    ...irqLockScenario(p, d.safe.key, d.unsafe.key, middle),
    ...p.heldLocks(),
    ...p.backtrace('badIrq'),
  ].join('\n');
}

export interface IrqInversion {
  readonly irqclass: string;
  /** This lock took another, unsafe one (forwards) or was taken by a safe one (backwards). */
  readonly forwards: boolean;
  readonly other: string;
  /** Class keys of the safe lock, the unsafe lock, and the middle of the chain. */
  readonly safe: string;
  readonly unsafe: string;
  readonly middle: string;
}

export function irqInversionSplat(p: SplatPrinter, h: HeldLock, inv: IrqInversion): string {
  return [
    ...header(56, 'WARNING: possible irq lock inversion dependency detected'),
    `${p.task} just changed the state of lock:`,
    p.lock(h),
    inv.forwards
      ? `but this lock took another, ${inv.irqclass}-unsafe lock in the past:`
      : `but this lock was taken by another, ${inv.irqclass}-safe lock in the past:`,
    p.className(inv.other),
    '',
    '',
    'and interrupts could create inverse lock ordering between them.',
    '',
    '',
    'other info that might help us debug this:',
    ...irqLockScenario(p, inv.safe, inv.unsafe, inv.middle),
    ...p.heldLocks(),
    ...p.backtrace('inversion'),
  ].join('\n');
}

export function invalidWaitContextSplat(p: SplatPrinter, h: HeldLock, currInner: number): string {
  return [
    ...header(29, '[ BUG: Invalid wait context ]'),
    `${p.task} is trying to lock:`,
    p.lock(h),
    'other info that might help us debug this:',
    `context-{${currInner}:${currInner}}`,
    ...p.heldLocks(),
    ...p.backtrace('invalidWait').slice(1),
  ].join('\n');
}

/** process_one_work(): a work function returned with locks held (pr_err, then the held locks). */
export function workqueueLeakSplat(p: SplatPrinter, worker: string, before: number, after: number, workfn: string): string {
  const [comm, pid] = [worker.split('/').slice(0, -1).join('/'), worker.split('/').pop()];
  return [
    `BUG: workqueue leaked atomic, lock or RCU: ${comm}[${pid}]`,
    `     preempt=0x00000000 lock=${before}->${after} RCU=0->0 workfn=${workfn}`,
    ...p.heldLocks(),
    ...p.backtrace('workqueue').slice(1),
  ].join('\n');
}

function classKeyOf(h: HeldLock): string {
  return h.subclass ? `${h.lock.className}/${h.subclass}` : h.lock.className;
}
