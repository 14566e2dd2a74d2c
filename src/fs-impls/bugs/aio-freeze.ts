/**
 * bug-aio-freeze — fs/aio.c 70fe2f48152e "aio: fix freeze protection of aio writes" (Jan Kara,
 * forward-ported by Christoph Hellwig, via Al Viro), 2016. Reported by Dmitry Monakhov: an
 * fsfreeze loop against fio libaio random writes.
 *
 *   A: io_submit of an AIO direct write into a hole: sb_start_write, ->write_iter queues the
 *      bios (the extent is unwritten) and returns -EIOCBQUEUED; sb_end_write right after
 *   B: FIFREEZE: freeze_super finds no writer at SB_FREEZE_WRITE and returns: frozen
 *   C: A's bio completes; its completion converts the unwritten extent and moves i_size —
 *      on a frozen file system (ext4 hit it as a journal start while frozen)
 *
 * The historic code was fs/aio.c's (aio_run_iocb: file_start_write, iter_op, file_end_write),
 * shared by every file system; aiosim varies the kernel by scheme, so the decision is the
 * scheme's `aioWriteFreezeProtection` hook (FileSystemOps).
 *
 * The mistake: freeze protection of an AIO write dropped when io_submit returns, not when the
 * write completes.
 */
import { Diocount } from '../diocount.js';

export class BugAioFreeze extends Diocount {
  override readonly name = 'bug-aio-freeze';

  override aioWriteFreezeProtection(): 'completion' | 'submission' {
    return 'submission';
  }
}
