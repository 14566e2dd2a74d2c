/**
 * bug-unaligned-submit-only — ext4 57a0da28ced8 "ext4: fix data corruption caused by
 * overlapping unaligned and aligned IO" and xfs 2032a8a27b5c "xfs: serialize unaligned dio
 * writes against all other dio writes" (Lukas Czerner, Brian Foster), 2019; generic/538.
 *
 *   A: sub-block AIO write: i_rwsem exclusive, drain in-flight DIO, submit, unlock → in flight
 *   B: aligned AIO write overlapping A's block: i_rwsem shared, nothing waits for A
 *   A's zeroing of the rest of the block lands after B's data → B's data lost
 *
 * The mistake: the unaligned write drained other I/O before submitting but not its own I/O
 * after, so a later aligned write could overlap it. The fix waits after submission too.
 */
import type { Kiocb } from '../../vfs/kiocb.js';
import { Diocount, type UnalignedSerialization } from '../diocount.js';

export class BugUnalignedSubmitOnly extends Diocount {
  override readonly name = 'bug-unaligned-submit-only';

  override unalignedSerialization(_iocb: Kiocb): UnalignedSerialization {
    return 'drain-before';
  }
}
