/**
 * bug-truncate-nowait — xfs 2cf7f0da3ae2 "[XFS] Wait for all I/O on truncate to zero file
 * size" (Lachlan McIlroy), 2008.
 *
 *   A: AIO direct write in flight (blocks mapped, bios queued)
 *   B: truncate takes i_rwsem exclusive but does not wait for in-flight direct I/O;
 *      it frees the blocks, and another file is given them
 *   C: A's bios complete into blocks the file no longer owns → another file's data
 *      overwritten (the 2008 report: a queued ioend processed after the inode was reclaimed)
 *
 * The mistake: ->setattr(ATTR_SIZE) without inode_dio_wait().
 */
import type { Sim } from '../../sim/sim.js';
import type { Inode } from '../../vfs/inode.js';
import { Diocount } from '../diocount.js';

export class BugTruncateNowait extends Diocount {
  override readonly name = 'bug-truncate-nowait';

  override *setattrDrain(_inode: Inode): Sim<void> {}
}
