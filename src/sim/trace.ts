/**
 * The trace: a flat list of small typed records, the single source every report renders from
 * (design §2). Each layer defines its own event interfaces extending TraceEventBase; this file
 * holds the scheduler's own events, and src/scenario/trace-event.ts assembles them all into the
 * one union `TraceEvent` that every renderer switches on. Events are plain data so that JSON.stringify of a trace is
 * byte-identical across runs with the same choices.
 */
import type { ContextKind } from './context.js';
import type { Verdict } from './verdict.js';

export interface TraceEventBase {
  /** Virtual time in nanoseconds. */
  readonly t: number;
  /** Id of the context the event belongs to (-1 for the scheduler itself). */
  readonly ctx: number;
  readonly type: string;
}

export interface CtxStartEvent extends TraceEventBase {
  readonly type: 'ctx-start';
  readonly name: string;
  readonly kind: ContextKind;
}
export interface CtxExitEvent extends TraceEventBase {
  readonly type: 'ctx-exit';
}
/** The scheduler switched to another context (emitted only when the running context changes). */
export interface SwitchEvent extends TraceEventBase {
  readonly type: 'switch';
}
/** The running context went to sleep on something (a lock, a wait queue, an I/O). */
export interface CtxBlockEvent extends TraceEventBase {
  readonly type: 'block';
  readonly on: string;
}
export interface WakeEvent extends TraceEventBase {
  readonly type: 'wake';
  readonly by: number;
}
export interface SyscallEnterEvent extends TraceEventBase {
  readonly type: 'syscall-enter';
  readonly name: string;
}
export interface SyscallExitEvent extends TraceEventBase {
  readonly type: 'syscall-exit';
  readonly name: string;
  readonly ret: number;
}
export interface VerdictEvent extends TraceEventBase {
  readonly type: 'verdict';
  readonly verdict: Verdict;
}

/** The scheduler's own events; the whole union is assembled in scenario/trace-event.ts. */
export type SimEvent = CtxStartEvent | CtxExitEvent | SwitchEvent | CtxBlockEvent | WakeEvent | SyscallEnterEvent | SyscallExitEvent | VerdictEvent;

export class Trace {
  readonly events: TraceEventBase[] = [];

  /**
   * @param recording false drops events (benchmarks, exploration runs that only need verdicts);
   *   verdicts are kept by the Simulator either way.
   */
  constructor(readonly recording = true) {}

  /** Appends an event and returns its index (the `at` of verdicts). */
  emit<E extends TraceEventBase>(event: E): number {
    if (!this.recording) return -1;
    return this.events.push(event) - 1;
  }

  get length(): number {
    return this.events.length;
  }

  /** The canonical serialisation: what "byte-identical trace" means. */
  serialize(): string {
    return this.events.map((e) => JSON.stringify(e)).join('\n');
  }
}
