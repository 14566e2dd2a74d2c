/**
 * bug-unaligned-past-eof — ext4 372a03e01853 "ext4: fix data corruption caused by unaligned
 * direct AIO" (Lukas Czerner), 2019; reproducer by Frank Sorenson.
 *
 *   i_size is not block aligned (the EOF block is partly data)
 *   B: sub-block AIO write starting at i_size, inside the EOF block — not treated as
 *      unaligned, so it takes i_rwsem shared and drains nothing
 *   A: aligned AIO write of the whole EOF block, in flight at the same time
 *   B zeroes the rest of the EOF block past its data (the tail of an extending write);
 *   the zeroing lands after A's data → A's data zeroed
 *
 * The mistake: the "is this unaligned I/O?" test skipped writes starting at or past EOF.
 */
import type { Kiocb } from '../../vfs/kiocb.js';
import { Diocount } from '../diocount.js';

export class BugUnalignedPastEof extends Diocount {
  override readonly name = 'bug-unaligned-past-eof';

  override isUnalignedIo(iocb: Kiocb): boolean {
    return super.isUnalignedIo(iocb) && iocb.pos < iocb.inode.i_size;
  }
}
