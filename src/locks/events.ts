/** Trace events of the lock layer (rendered by reports; plain data). */
import type { TraceEventBase } from '../sim/trace.js';

export type LockOp =
  /** the context now holds the lock */
  | 'acquire'
  /** the fast path failed; the context queues */
  | 'contend'
  /** a reader took a free lock past queued waiters (rwsem reader optimistic lock stealing) */
  | 'steal'
  /** a waker granted the lock to a queued reader (`ctx` is the reader) */
  | 'grant'
  | 'release'
  | 'downgrade'
  /** a trylock failed */
  | 'trylock-fail'
  /** a waiting writer set the handoff bit: no more stealing until it gets the lock */
  | 'handoff-bit'
  /** lockdep tracking left this context; the lock stays held (exit reader / release at submit) */
  | 'handoff-exit'
  /** another context took over a handed-off hold (re-enter reader / acquire at completion) */
  | 'handoff-enter'
  /** the fence's writer abandoned the object: it may be freed, every later tryBeginRead fails */
  | 'abandon';

export interface LockEvent extends TraceEventBase {
  readonly type: 'lock';
  readonly op: LockOp;
  readonly lock: string;
  readonly mode: 'read' | 'write';
}
