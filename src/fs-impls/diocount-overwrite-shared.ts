/**
 * `diocount-overwrite-shared` — `diocount` with XFS's 2021 change ed1128c2d0c8 "xfs: reduce
 * exclusive locking on unaligned dio" (with 213f627104da, IOMAP_DIO_OVERWRITE_ONLY): a sub-block
 * write that only overwrites already-written blocks inside EOF needs no zeroing, so it can take
 * i_rwsem shared and skip the drains like an aligned write. Anything else — a hole, an
 * unwritten extent, a write reaching the EOF block's tail — still serializes (decided under the
 * lock; the lock is upgraded if the mapping changed). The changelog measured ~18k → ~150k IOPS
 * for 512-byte random overwrites; `aiosim bench subblock-overwrite` shows the same effect.
 */
import type { Kiocb } from '../vfs/kiocb.js';
import { Diocount, type UnalignedSerialization } from './diocount.js';

export class DiocountOverwriteShared extends Diocount {
  override readonly name: string = 'diocount-overwrite-shared';

  override unalignedSerialization(iocb: Kiocb): UnalignedSerialization {
    return this.isPureOverwrite(iocb) ? 'none' : super.unalignedSerialization(iocb);
  }

  /** Every block already written, and no zeroing of a tail past EOF (iomap's OVERWRITE_ONLY test). */
  private isPureOverwrite(iocb: Kiocb): boolean {
    const bs = this.sb.blockSize;
    const end = iocb.pos + iocb.count;
    const size = iocb.inode.i_size;
    if (!(end < size || (end % bs === 0 && end <= size))) return false;
    for (let fb = Math.floor(iocb.pos / bs); fb * bs < end; fb++) if (iocb.inode.extents.get(fb)?.state !== 'mapped') return false;
    return true;
  }
}
