/**
 * bug-eofblocks-trim — xfs e4229d6b0bc9 "xfs: fix eofblocks race with file extending async dio
 * writes" (Brian Foster), ~2018; generic/299 (intermittent).
 *
 *   A: extending AIO write allocated blocks past EOF (i_size moves only at completion)
 *   B: the file is closed; xfs_release → xfs_free_eofblocks trims "speculative" blocks past
 *      the (stale) i_size — A's blocks
 *   C: A's bios land in blocks the file no longer owns, and its completion finds a hole
 *
 * The mistake: trimming post-EOF blocks without waiting for in-flight direct I/O.
 */
import type { Sim } from '../../sim/sim.js';
import type { Inode } from '../../vfs/inode.js';
import { Diocount } from '../diocount.js';

export class BugEofblocksTrim extends Diocount {
  override readonly name = 'bug-eofblocks-trim';

  override *freeEofblocksDrain(_inode: Inode): Sim<void> {}
}
