/**
 * bug-unaligned-race — ext4 e9e3bcecf44c "ext4: serialize unaligned asynchronous DIO" (Eric
 * Sandeen) and xfs eda77982729b "xfs: serialise unaligned direct IOs" (Dave Chinner), 2011;
 * fstests generic/240.
 *
 *   A: sub-block AIO write into a hole; the block is allocated, still "new"
 *   B: another sub-block AIO write into the same block, also sees it new/unwritten
 *   both zero the parts of the block they do not write; A's zeroing lands after B's data
 *   → zeros over written data (first seen as qemu installs on misaligned raw images)
 *
 * The mistake: sub-block direct writes were not serialized at all.
 */
import type { Kiocb } from '../../vfs/kiocb.js';
import { Diocount, type UnalignedSerialization } from '../diocount.js';

export class BugUnalignedRace extends Diocount {
  override readonly name = 'bug-unaligned-race';

  override unalignedSerialization(_iocb: Kiocb): UnalignedSerialization {
    return 'none';
  }
}
