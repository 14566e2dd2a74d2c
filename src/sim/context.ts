/**
 * Execution contexts: the things the scheduler interleaves.
 *
 * A context is a generator (simulated kernel code) plus the state a kernel keeps for the
 * thing that runs it: what kind of context it is (a user task in a syscall, a hard-irq bio
 * completion, a workqueue kworker, a timer/softirq callback), whether it may sleep, and the
 * lockdep held-lock stack that `current->held_locks` is in the kernel.
 */
import { type IrqState, atomicState } from './irq-state.js';
import type { Sim } from './sim.js';

export type ContextKind = 'process' | 'irq' | 'worker' | 'timer';

/**
 * runnable: may be picked now. sleeping: waits for virtual time `wakeAt` (msleep, a device
 * latency, a timer). blocked: waits for another context to wake it (lock, wait queue).
 * done: returned.
 */
export type ContextState = 'runnable' | 'sleeping' | 'blocked' | 'done';

/** Something a context can block on; lets the scheduler draw the wait-for graph on deadlock. */
export interface Waitable {
  /** What is being waited for, e.g. "i_rwsem (ino 12) for write". */
  describeWait(waiter: Context): string;
  /** Names of the contexts (or in-flight things) the waiter waits for. */
  blockers(waiter: Context): string[];
}

/** One entry of a context's lockdep held-lock stack (kernel: struct held_lock). */
export interface HeldLock {
  /** The lock instance (opaque to the sim layer). */
  readonly lock: { readonly name: string; readonly className: string };
  readonly mode: 'read' | 'write';
  /** hlock->read: 0 exclusive, 1 non-recursive reader (down_read), 2 recursive reader (read_lock in an interrupt). */
  readonly read: 0 | 1 | 2;
  /** Function that took it, as lockdep prints "at: <ip>". */
  readonly at: string;
  /** Subclass for nested locking of one class (down_write_nested). */
  readonly subclass: number;
  /** Taken with a trylock: adds no dependency to it and marks no in-irq usage. */
  readonly trylock: boolean;
  /** hlock->irq_context: 0 process, 1 hard-irq, 2 softirq (a chain never crosses it). */
  readonly irqContext: number;
  /** hlock->hardirqs_off: hard interrupts were disabled when it was taken. */
  readonly hardirqsOff: boolean;
  /** hlock->check = 0: held, but not validated (rcu_read_lock: it counts for the wait context only). */
  readonly unchecked?: true;
  /** hlock->acquire_ip: the kernel function that called the lock API, when the model knows it (Context.caller). */
  readonly caller?: string;
}

export interface Context {
  readonly id: number;
  readonly name: string;
  readonly kind: ContextKind;
  state: ContextState;
  /** Virtual time (ns) at which a sleeping context becomes runnable. */
  wakeAt: number;
  blockedOn: Waitable | null;
  /** Label of the action this context performs when next scheduled (what its last yield said). */
  next: string;
  /** lockdep held-lock stack, innermost last (interrupt blocks run on it, as in the kernel). */
  readonly held: HeldLock[];
  /** The interrupt state lockdep tracks for this context (irq-state.ts). */
  readonly irq: IrqState;
  /**
   * The kernel function running in this context that calls the lock API, when the model knows
   * it (a lock program's task body, an interrupt handler): lockdep prints it as `at:`.
   */
  caller?: string;
  /** Name of the syscall this process context is inside, or null when in user space. */
  syscall: string | null;
  /** @internal the simulated code; advanced only by the Simulator. */
  readonly body: Sim<unknown>;
}

/**
 * Contexts that must not sleep now: hard-irq handlers and timer (softirq) callbacks, and any
 * context with interrupts or preemption disabled (a spinlock held, local_irq_disable, local_bh_disable).
 */
export function isAtomicContext(ctx: Context): boolean {
  return ctx.kind === 'irq' || ctx.kind === 'timer' || atomicState(ctx.irq);
}

/** The name lockdep and the reports print: comm/pid as in kernel splats. */
export function taskName(ctx: Context): string {
  return `${ctx.name}/${ctx.id}`;
}
