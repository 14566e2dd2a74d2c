/**
 * The fence: Jason Gunthorpe's proposed primitive (reply to the RFC, Jan 2020), built on an
 * rwsem so that it keeps the rwsem's writer bias and lockdep coverage — the two things the
 * open-coded "atomic count + completion" versions usually lack.
 *
 * Reader side, for work that outlives the context that starts it:
 *   tryBeginRead  → down_read_trylock: fails once a writer waits or holds (no new readers
 *                   after destruction began) and after the writer abandoned the object;
 *   exitReader    → lockdep forgets this context holds it; the lock stays read-held; returns
 *                   a token to hand to a workqueue, timer or interrupt;
 *   reenterReader → the other context takes over the hold (no new dependency, no IRQ usage);
 *   endReader     → up_read from that context.
 * Writer side, for destruction:
 *   beginWrite    → down_write: waits for every reader, wherever it is;
 *   abandonWriter → lockdep forgets the writer; the object may now be freed while
 *                   write-locked, and no trylock can ever succeed again.
 */
import type { Sim } from '../sim/sim.js';
import { UserError } from '../sim/errors.js';
import { taskName } from '../sim/context.js';
import { lockClass, type LockClass } from './lock-class.js';
import type { HandoffToken, Lockdep } from './lockdep.js';
import { RwSemaphore, down_read_trylock, down_write, emit, rwsem_exit_hold, rwsem_reenter_hold, up_read } from './rwsem.js';

export class Fence {
  readonly sem: RwSemaphore;

  constructor(lockdep: Lockdep, name: string, cls: LockClass = lockClass('fence')) {
    this.sem = new RwSemaphore(lockdep, name, cls);
  }

  /** The writer abandoned the object: locked for write forever, and free to be freed. */
  get abandoned(): boolean {
    return this.sem.freeable;
  }
}

export function tryBeginRead(f: Fence): Sim<boolean> {
  return down_read_trylock(f.sem);
}

export function exitReader(f: Fence): HandoffToken {
  return rwsem_exit_hold(f.sem, 'fence_exit_reader');
}

export function reenterReader(f: Fence, token: HandoffToken): void {
  rwsem_reenter_hold(f.sem, token, 'fence_reenter_reader');
}

export function endReader(f: Fence): Sim<void> {
  return up_read(f.sem);
}

export function beginWrite(f: Fence): Sim<void> {
  return down_write(f.sem);
}

export function* abandonWriter(f: Fence): Sim<void> {
  yield 'fence_abandon_writer';
  const sim = f.sem.sim;
  const ctx = sim.current;
  const writer = f.sem.writer;
  if (writer?.ctx !== ctx) {
    throw new UserError(`fence ${f.sem.name}: abandonWriter by ${taskName(ctx)}, which does not hold the writer side`);
  }
  f.sem.lockdep.release(ctx, f.sem, 'fence_abandon_writer');
  writer.ctx = null;
  writer.note = `abandoned by ${taskName(ctx)}`;
  // Write-held forever: no tryBeginRead can succeed again, and freeing it is the point.
  f.sem.freeable = true;
  emit(f.sem, ctx, 'abandon', 'write');
}
