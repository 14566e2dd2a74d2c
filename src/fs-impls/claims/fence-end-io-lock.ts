/**
 * `fence-end-io-lock` — claim 2 on the fence: the program of `diocount-end-io-lock` with the
 * in-flight I/O tracked by Gunthorpe's fence (the `fence` scheme). The completion work re-enters
 * the reader as it starts (fence_reenter_reader: a lockdep re-acquire in the context that
 * finishes the work) and then takes i_rwsem shared for the i_size update; truncate takes
 * i_rwsem exclusive and drains with beginWrite. lockdep records fence → i_rwsem in the kworker
 * and i_rwsem → fence in truncate, and reports the circular dependency on every schedule where
 * both happen — also where the kworker finished first and nothing hung. The deadlock itself is
 * the same as the open-coded one's; what the fence adds is the prediction.
 */
import { reenterReader } from '../../locks/fence.js';
import { down_read, up_read } from '../../locks/rwsem.js';
import type { Sim } from '../../sim/sim.js';
import { type SchemeDio, ioOf } from '../diocount.js';
import { FENCE_I, FenceFs } from '../fence.js';

export class FenceEndIoLock extends FenceFs {
  override readonly name: string = 'fence-end-io-lock';

  override *updateSize(dio: SchemeDio): Sim<void> {
    if (this.sb.sim.current.kind !== 'worker') return yield* super.updateSize(dio);
    const io = ioOf(dio.iocb);
    // Re-enter the reader here, so that the lock below is taken inside it; dioEnd then ends it.
    if (io.handoff) {
      reenterReader(FENCE_I(dio.inode), io.handoff);
      io.handoff = null;
    }
    yield* down_read(dio.inode.i_rwsem);
    yield* super.updateSize(dio);
    yield* up_read(dio.inode.i_rwsem);
  }
}
