/**
 * ki_complete(): the I/O is done as far as the submitter can tell. For AIO it posts the
 * completion event io_getevents() reaps; for a sync I/O it is the syscall's return. The step
 * at which it runs is the end of the operation's real-time interval for the linearizability
 * oracle.
 */
import { InvariantError } from '../sim/errors.js';
import type { Simulator } from '../sim/simulator.js';
import type { TraceEventBase } from '../sim/trace.js';
import type { Kiocb } from '../vfs/kiocb.js';

export interface AioCompleteEvent extends TraceEventBase {
  readonly type: 'ki_complete';
  readonly iocb: string;
  readonly result: number;
}

/** iocb->ki_complete: the I/O is done for user space. Exactly once per kiocb (aio_complete would post two events). */
export function ki_complete(sim: Simulator, iocb: Kiocb<unknown>, result: number): void {
  if (iocb.result !== null) throw new InvariantError(`ki_complete of ${iocb.id} twice`);
  iocb.result = result;
  iocb.completedStep = sim.steps;
  iocb.completedAt = sim.now;
  if (sim.trace.recording) sim.emit({ t: sim.now, ctx: sim.currentId, type: 'ki_complete', iocb: iocb.id, result } satisfies AioCompleteEvent);
  iocb.notify?.(iocb);
}
