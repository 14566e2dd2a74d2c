/**
 * `fence` — the legacy locking with i_dio_count replaced by Jason Gunthorpe's fence (an rwsem
 * used as "in-flight I/O" tracker): every direct I/O takes the read side with tryBeginRead,
 * hands it to its completion (exitReader / reenterReader) and ends it there; inode_dio_wait()
 * becomes beginWrite + release; eviction does beginWrite + abandonWriter, so the inode can be
 * freed with the writer held. Same structure as `diocount`, but the tracking has the rwsem's
 * writer bias and full lockdep coverage: freeing an inode with I/O in flight is a lockdep splat,
 * not silent corruption.
 */
import { type HandoffToken } from '../locks/lockdep.js';
import { abandonWriter, beginWrite, endReader, exitReader, reenterReader, tryBeginRead } from '../locks/fence.js';
import { up_write } from '../locks/rwsem.js';
import { InvariantError } from '../sim/errors.js';
import type { Sim } from '../sim/sim.js';
import type { IomapDio } from '../aio/iomap-dio.js';
import type { Inode } from '../vfs/inode.js';
import { Diocount } from './diocount.js';

export class FenceFs extends Diocount {
  override readonly name: string = 'fence';

  override *drain(inode: Inode): Sim<void> {
    yield* beginWrite(inode.i_fence);
    yield* up_write(inode.i_fence.sem);
  }

  override *dio_begin(dio: IomapDio): Sim<void> {
    // Submitters hold i_rwsem and fence writers hold it exclusive, so no writer can be queued here.
    if (!(yield* tryBeginRead(dio.inode.i_fence))) throw new InvariantError(`fence of ino ${dio.inode.ino} refused a reader under i_rwsem`);
  }

  override *before_async_return(dio: IomapDio): Sim<void> {
    dio.fsPrivate.fenceToken = exitReader(dio.inode.i_fence);
  }

  override *dioEnd(dio: IomapDio): Sim<void> {
    const token = dio.fsPrivate.fenceToken as HandoffToken | undefined;
    if (token) reenterReader(dio.inode.i_fence, token);
    yield* endReader(dio.inode.i_fence);
  }

  override *evict_inode(inode: Inode): Sim<void> {
    yield* beginWrite(inode.i_fence);
    yield* abandonWriter(inode.i_fence);
    yield* super.evict_inode(inode);
  }
}
