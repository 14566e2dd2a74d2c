/**
 * bug-io-destroy-nowait — fs/aio.c e02ba72aabfa "aio: block io_destroy() until all context
 * requests are completed" (Anatol Pomozov, via Benjamin LaHaise), 2014 (Linux 3.15). The aio
 * rework of 3.11 made io_destroy return while requests were still in flight, though the man
 * page promises it blocks until they complete.
 *
 *   A: io_submit: a direct read of /a into the application's buffer, in flight
 *   A: io_destroy: kill_ioctx marks the context dead and returns at once;
 *      the application frees the buffer (it may: the context is gone)
 *   C: the read completes into the freed buffer (memory someone else may own by now)
 *
 * The historic code was fs/aio.c's; as for bug-aio-freeze, the decision is a FileSystemOps hook
 * (`ioDestroyWaits`) because aiosim varies the kernel by scheme. The fix is the kernel's
 * open-coded count + completion: ctx->rq_wait, completed by free_ioctx_reqs when the last
 * request is done.
 *
 * The mistake: io_destroy without waiting for the context's requests in flight.
 */
import { Diocount } from '../diocount.js';

export class BugIoDestroyNowait extends Diocount {
  override readonly name = 'bug-io-destroy-nowait';

  override ioDestroyWaits(): boolean {
    return false;
  }
}
