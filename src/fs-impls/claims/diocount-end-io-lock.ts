/**
 * `diocount-end-io-lock` — Jason Gunthorpe's claim 2 on the inode, open-coded: "lacking any
 * lockdep tracking on the naked completion". Not a historic bug: a variant built to measure
 * the claim (scheme kind `claim`).
 *
 * The in-flight count is i_dio_count, as in `diocount`: a counter and a wait queue, no lockdep
 * map. The one change: the deferred completion work (the kworker that updates i_size) takes
 * i_rwsem shared around the update. truncate holds i_rwsem exclusive while it waits for
 * i_dio_count to drain, so:
 *
 *   A: aio_write extending the file; submitted, i_rwsem dropped, i_dio_count 1
 *   B: truncate: down_write(i_rwsem); inode_dio_wait() … sleeps
 *   C: kworker (dio-complete of A): down_read(i_rwsem) … sleeps: a deadlock
 *
 * Only the schedule that hangs shows it; when C runs before B, lockdep has seen i_rwsem taken
 * by B and by C, never nested with anything, and says nothing. Compare `fence-end-io-lock`.
 *
 * Where the submitter finds its I/O already done and runs the completion itself, it still holds
 * i_rwsem and updates the size under it, as `diocount` does: only the kworker takes the lock.
 *
 * The mistake: a destroyer (truncate's drain) waits for in-flight work while holding a lock the
 * work's completion needs, and the wait is on a counter lockdep cannot see.
 */
import { down_read, up_read } from '../../locks/rwsem.js';
import type { Sim } from '../../sim/sim.js';
import { Diocount, type SchemeDio } from '../diocount.js';

export class DiocountEndIoLock extends Diocount {
  override readonly name: string = 'diocount-end-io-lock';

  override *updateSize(dio: SchemeDio): Sim<void> {
    if (this.sb.sim.current.kind !== 'worker') return yield* super.updateSize(dio);
    yield* down_read(dio.inode.i_rwsem);
    yield* super.updateSize(dio);
    yield* up_read(dio.inode.i_rwsem);
  }
}
