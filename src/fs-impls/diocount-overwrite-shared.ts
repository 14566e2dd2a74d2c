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
import { isPureOverwrite } from './block-ops.js';
import { Diocount, type UnalignedSerialization } from './diocount.js';

export class DiocountOverwriteShared extends Diocount {
  override readonly name: string = 'diocount-overwrite-shared';

  override unalignedSerialization(iocb: Kiocb): UnalignedSerialization {
    return isPureOverwrite(this.sb, iocb.inode, iocb.pos, iocb.count) ? 'none' : super.unalignedSerialization(iocb);
  }
}
