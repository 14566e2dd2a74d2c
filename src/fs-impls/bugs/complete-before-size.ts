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
import type { Sim } from '../../sim/sim.js';
import type { IomapDio } from '../../aio/iomap-dio.js';
import { Diocount, reportComplete } from '../diocount.js';

export class BugCompleteBeforeSize extends Diocount {
  override readonly name = 'bug-complete-before-size';

  override *updateSize(dio: IomapDio): Sim<void> {
    reportComplete(this.sb, dio);
    yield* super.updateSize(dio);
  }
}
