/**
 * bug-unlocked-read — ext4 1c9114f9c0f1 "ext4: serialize unlocked dio reads with truncate"
 * (Dmitry Monakhov) and btrfs 2e60a51e6218 "Btrfs: serialize unlocked dio reads with
 * truncate" (Miao Xie), ~2012–2013.
 *
 *   B: truncate takes i_rwsem exclusive; inode_dio_wait() finds nothing in flight
 *   A: a direct read without i_rwsem (ext4 dioread_nolock) maps the file's blocks
 *   B: truncate frees the blocks; another file is given them and writes its data
 *   A: the read's bios complete → A returns the other file's data (information leak)
 *
 * The mistake: a direct read that does not take i_rwsem, so truncate's drain cannot see it.
 */
import type { Sim } from '../../sim/sim.js';
import type { Inode } from '../../vfs/inode.js';
import { Diocount } from '../diocount.js';

export class BugUnlockedRead extends Diocount {
  override readonly name = 'bug-unlocked-read';

  override *dioReadLock(_inode: Inode): Sim<boolean> {
    return false;
  }
}
