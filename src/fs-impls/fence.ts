/**
 * `fence` — the legacy locking with i_dio_count replaced by Jason Gunthorpe's fence (an rwsem
 * used as "in-flight I/O" tracker): every direct I/O takes the read side with tryBeginRead,
 * hands it to its completion (exitReader / reenterReader) and ends it there; inode_dio_wait()
 * becomes beginWrite + release; eviction does beginWrite + abandonWriter, so the inode can be
 * freed with the writer held. Same structure as `diocount`, but the tracking has the rwsem's
 * writer bias and full lockdep coverage: freeing an inode with I/O in flight is a lockdep splat,
 * not silent corruption.
 *
 * The fence is this scheme's own field of the inode (FENCE_I, as container_of reaches an
 * fs-private inode), not a field of the VFS inode every scheme carries.
 */
import { abandonWriter, beginWrite, endReader, exitReader, Fence, reenterReader, tryBeginRead } from '../locks/fence.js';
import { lockClass } from '../locks/lock-class.js';
import type { Lockdep } from '../locks/lockdep.js';
import { up_write } from '../locks/rwsem.js';
import { InvariantError } from '../sim/errors.js';
import type { Sim } from '../sim/sim.js';
import type { Inode, InodePrivate } from '../vfs/inode.js';
import { Diocount, type SchemeDio, ioOf } from './diocount.js';

/** The fence scheme's part of an inode. */
export class FenceInode implements InodePrivate {
  readonly i_fence: Fence;

  constructor(lockdep: Lockdep, ino: number) {
    this.i_fence = new Fence(lockdep, `i_fence (ino ${ino})`, lockClass('&ei->i_fence'));
  }

  get locks(): InodePrivate['locks'] {
    return [this.i_fence.sem];
  }
}

/** The fence of an inode of this file system. */
export function FENCE_I(inode: Inode): Fence {
  const own = inode.i_private;
  if (!(own instanceof FenceInode)) throw new InvariantError(`inode ${inode.ino} was not allocated by the fence scheme`);
  return own.i_fence;
}

export class FenceFs extends Diocount {
  override readonly name: string = 'fence';

  override alloc_inode(ino: number): InodePrivate {
    return new FenceInode(this.sb.lockdep, ino);
  }

  override *drain(inode: Inode): Sim<void> {
    const fence = FENCE_I(inode);
    yield* beginWrite(fence);
    yield* up_write(fence.sem);
  }

  override *dio_begin(dio: SchemeDio): Sim<void> {
    // Submitters hold i_rwsem and fence writers hold it exclusive, so no writer can be queued here.
    if (!(yield* tryBeginRead(FENCE_I(dio.inode)))) throw new InvariantError(`fence of ino ${dio.inode.ino} refused a reader under i_rwsem`);
  }

  override *before_async_return(dio: SchemeDio): Sim<void> {
    ioOf(dio.iocb).handoff = exitReader(FENCE_I(dio.inode));
  }

  override *dioEnd(dio: SchemeDio): Sim<void> {
    const fence = FENCE_I(dio.inode);
    // An async I/O's read side was handed off at submission; a sync one's is still the submitter's.
    const token = ioOf(dio.iocb).handoff;
    if (token) reenterReader(fence, token);
    yield* endReader(fence);
  }

  override *evict_inode(inode: Inode): Sim<void> {
    const fence = FENCE_I(inode);
    yield* beginWrite(fence);
    yield* abandonWriter(fence);
    yield* super.evict_inode(inode);
  }
}
