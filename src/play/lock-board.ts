/**
 * Every lock's state as the trace tells it: who holds it and in which mode (a hold handed off
 * to an I/O in flight is held by nobody in lockdep's sense, and says so), the wait queue in
 * order, and the handoff bit. Computed from lock events only, like the reports, so it shows any
 * lock that emits them, whatever object implements it.
 *
 * Where the trace is silent the board follows the rwsem's rules (src/locks/rwsem.ts): the handoff
 * bit clears when the queue empties or a waiter gets the lock; a release by a context that holds
 * no such hold releases a handed-off or untracked one (the completion's up_read).
 */
import type { TraceEvent } from '../scenario/trace-event.js';
import { unreachable } from '../sim/errors.js';

export type LockMode = 'read' | 'write';

export interface LockHold {
  /** The context that holds it, or that handed it off. */
  readonly ctx: number;
  readonly mode: LockMode;
  /** Handed off to an I/O in flight (lockdep's hand-off): no context holds it until the completion takes it over. */
  readonly inFlight: boolean;
  /** The fence writer abandoned the object: write-held forever. */
  readonly abandoned: boolean;
}

export interface LockWaiter {
  readonly ctx: number;
  readonly mode: LockMode;
}

export interface LockState {
  readonly name: string;
  readonly holders: readonly LockHold[];
  /** The wait queue, head first. */
  readonly waiters: readonly LockWaiter[];
  /** A waiting writer set the handoff bit: no stealing until the head of the queue has it. */
  readonly handoff: boolean;
  /** Index of the last event on this lock. */
  readonly last: number;
}

interface Mutable {
  holders: LockHold[];
  waiters: LockWaiter[];
  handoff: boolean;
  last: number;
  /** Readers the waker granted the lock to, whose own `acquire` (when they run) is still to come. */
  readonly granted: Set<number>;
}

/** The locks seen in `events[0, upTo)`, in order of first appearance. */
export function lockBoard(events: readonly TraceEvent[], upTo = events.length): LockState[] {
  const locks = new Map<string, Mutable>();
  for (let i = 0; i < upTo; i++) {
    const e = events[i]!;
    if (e.type !== 'lock') continue;
    let l = locks.get(e.lock);
    if (!l) locks.set(e.lock, (l = { holders: [], waiters: [], handoff: false, last: i, granted: new Set() }));
    l.last = i;
    const hold = (over: Partial<LockHold> = {}): LockHold => ({ ctx: e.ctx, mode: e.mode, inFlight: false, abandoned: false, ...over });
    const dequeue = (): void => {
      const w = l.waiters.findIndex((x) => x.ctx === e.ctx);
      if (w === 0) l.handoff = false; // the head got it
      if (w >= 0) l.waiters.splice(w, 1);
      if (l.waiters.length === 0) l.handoff = false;
    };
    const find = (pred: (h: LockHold) => boolean): number => l.holders.findIndex(pred);
    switch (e.op) {
      case 'contend':
        l.waiters.push({ ctx: e.ctx, mode: e.mode });
        break;
      case 'grant':
        dequeue();
        l.holders.push(hold());
        l.granted.add(e.ctx);
        break;
      case 'acquire':
        dequeue();
        // A granted reader's acquire, when it runs, is the grant it already had.
        if (e.mode === 'read' && l.granted.delete(e.ctx)) break;
        l.holders.push(hold());
        break;
      case 'steal':
        dequeue();
        l.holders.push(hold());
        break;
      case 'release': {
        let h = find((x) => x.ctx === e.ctx && x.mode === e.mode && !x.inFlight);
        if (h < 0) h = find((x) => x.mode === e.mode && x.inFlight);
        if (h < 0) h = find((x) => x.mode === e.mode);
        if (h >= 0) l.holders.splice(h, 1);
        break;
      }
      case 'downgrade': {
        const h = find((x) => x.mode === 'write');
        if (h >= 0) l.holders[h] = { ...l.holders[h]!, mode: 'read' };
        break;
      }
      case 'handoff-exit': {
        const h = find((x) => x.ctx === e.ctx && x.mode === e.mode && !x.inFlight);
        if (h >= 0) l.holders[h] = { ...l.holders[h]!, inFlight: true };
        break;
      }
      case 'handoff-enter': {
        const h = find((x) => x.mode === e.mode && x.inFlight);
        if (h >= 0) l.holders[h] = hold();
        break;
      }
      case 'abandon': {
        const h = find((x) => x.mode === 'write');
        if (h >= 0) l.holders[h] = { ...l.holders[h]!, abandoned: true };
        break;
      }
      case 'handoff-bit':
        l.handoff = true;
        break;
      case 'trylock-fail':
        break;
      default:
        unreachable(e, 'lock op');
    }
  }
  return [...locks].map(([name, l]) => ({ name, holders: l.holders, waiters: l.waiters, handoff: l.handoff, last: l.last }));
}
