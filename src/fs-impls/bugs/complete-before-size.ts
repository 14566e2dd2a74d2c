/**
 * bug-complete-before-size — the generic fs/direct-io.c completion, ~2006 (kernel bugzilla
 * 6831, Rafal Wijata); aio-dio-regress test aio-dio-extend-stat.
 *
 *   A: extending AIO write
 *   C: the completion reports the AIO done (aio_complete) before it updates i_size
 *   user: io_getevents() returns, then stat()/read sees the old size — a completed write
 *         that is not there yet
 *
 * The mistake: ki_complete() before the i_size update in the completion path.
 */
import { type CompletionStep, Diocount, type SchemeDio } from '../diocount.js';
import { type CompletionStart, type DioCompletion, KI_COMPLETE } from '../../aio/iomap-dio.js';

export class BugCompleteBeforeSize extends Diocount {
  override readonly name = 'bug-complete-before-size';

  /** A write is reported done between its conversion and its i_size update. */
  override completion(dio: SchemeDio, start: CompletionStart): DioCompletion<CompletionStep> {
    if (dio.iocb.dir !== 'write') return super.completion(dio, start);
    return { irq: [], complete: ['convert-unwritten', KI_COMPLETE, 'update-size', 'dio-end', 'release'] };
  }
}
