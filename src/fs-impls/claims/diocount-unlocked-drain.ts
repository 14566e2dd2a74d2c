/**
 * `diocount-unlocked-drain` — Jason Gunthorpe's claim 1 on the inode, open-coded: "lacking the
 * write favoring bias in the rwsem". Not a historic bug: a variant built to measure the claim
 * (scheme kind `claim`).
 *
 * i_dio_count has no writer bias of its own: in `diocount` the bias comes from i_rwsem, which
 * truncate holds exclusive around inode_dio_wait, so new submitters queue on i_rwsem behind it.
 * Here truncate first waits for i_dio_count to reach zero WITHOUT i_rwsem — "counter + wait
 * until zero" — and only then does the correct locked truncate (which drains again, so data
 * stays safe):
 *
 *   A: aio_write w1 submitted, i_dio_count 1
 *   B: truncate: inode_dio_wait() … sleeps
 *   A: aio_write w2, w3, w4: each inode_dio_begin gets in past B
 *
 * A steady stream of submitters keeps the count above zero, and B waits forever: the
 * starvation oracle reports it. Compare `diocount` and `fence` on drain-vs-aio-stream.
 *
 * The mistake: waiting for a count to drain without holding what stops new arrivals.
 */
import { inode_dio_wait } from '../../locks/dio-count.js';
import type { Sim } from '../../sim/sim.js';
import type { Inode } from '../../vfs/inode.js';
import { Diocount } from '../diocount.js';

export class DiocountUnlockedDrain extends Diocount {
  override readonly name: string = 'diocount-unlocked-drain';

  override *setattr_size(inode: Inode, size: number): Sim<number> {
    yield* inode_dio_wait(inode.i_dio);
    return yield* super.setattr_size(inode, size);
  }
}
