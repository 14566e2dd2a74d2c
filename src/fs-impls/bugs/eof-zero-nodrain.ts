/**
 * bug-eof-zero-nodrain — xfs 3136e8bb3054 "xfs: always drain dio before extending aio write
 * submission" (Brian Foster) and 40c63fbc55a9 "xfs: direct IO EOF zeroing needs to drain AIO"
 * (Dave Chinner), 2015; fstests generic/114.
 *
 *   A: extending AIO write in flight; i_size moves only when it completes
 *   B: a write starting past EOF must zero from EOF to its start; it zeroes from the *stale*
 *      i_size, over the range A has written but not yet published
 *   C: A completes and raises i_size → A's data reads back as zeros (qcow2 guest corruption)
 *
 * The mistake: EOF zeroing without draining in-flight direct I/O first.
 */
import type { Sim } from '../../sim/sim.js';
import type { Inode } from '../../vfs/inode.js';
import { Diocount } from '../diocount.js';

export class BugEofZeroNodrain extends Diocount {
  override readonly name = 'bug-eof-zero-nodrain';

  override *eofZeroingDrain(_inode: Inode): Sim<void> {}
}
