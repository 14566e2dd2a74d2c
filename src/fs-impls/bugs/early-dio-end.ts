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
import { type CompletionStart, type DioCompletion, KI_COMPLETE } from '../../aio/iomap-dio.js';
import { type CompletionStep, Diocount, type SchemeDio } from '../diocount.js';

export class BugEarlyDioEnd extends Diocount {
  override readonly name = 'bug-early-dio-end';

  /** A completion that starts in the interrupt drops i_dio_count there, before the conversion work runs. */
  override completion(dio: SchemeDio, start: CompletionStart): DioCompletion<CompletionStep> {
    if (start !== 'irq') return super.completion(dio, start);
    return { irq: ['dio-end'], complete: ['convert-unwritten', 'update-size', 'release', KI_COMPLETE] };
  }
}
