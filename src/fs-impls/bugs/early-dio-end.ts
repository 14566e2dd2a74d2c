/**
 * bug-early-dio-end — ext4 266991b13890 "ext4: fix race between unwritten extent conversion
 * and truncate" (Jeff Moyer) and 3889fd57ea3c "ext4: flush the i_completed_io_list during
 * ext4_truncate" (Jiaying Zhang), ~2010–2012.
 *
 *   A: AIO write into unwritten blocks completes; its end_io drops i_dio_count in the
 *      interrupt and queues the unwritten-extent conversion to a workqueue
 *   B: truncate's inode_dio_wait() sees zero and returns; truncate frees the blocks
 *   C: the conversion runs after the truncate and maps the range again: a block past EOF
 *      (or one holding whatever it held before) → fsck finds the file inconsistent
 *
 * The mistake: inode_dio_end() before the completion work it was supposed to cover.
 */
import type { Sim } from '../../sim/sim.js';
import type { IomapDio } from '../../aio/iomap-dio.js';
import { Diocount } from '../diocount.js';

export class BugEarlyDioEnd extends Diocount {
  override readonly name = 'bug-early-dio-end';

  override *end_io_irq(dio: IomapDio): Sim<void> {
    yield* this.dioEnd(dio);
  }
}
