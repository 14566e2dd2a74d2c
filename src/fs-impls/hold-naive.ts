/**
 * `hold-naive` — hold-until-complete without telling lockdep: the completion calls plain
 * up_read()/up_write() on a lock the submitting task took, and the task returns to user space
 * still holding it in lockdep's books. Data stays as safe as under `hold`; lockdep reports
 * `held-at-user-return` and `bad-unlock` — the two lock rules the RFC said it breaks. For
 * teaching: compare its splats with `hold`, which does the same with a hand-off.
 */
import type { Sim } from '../sim/sim.js';
import { type SchemeDio, heldMode, ioOf, unlock } from './diocount.js';
import { Hold } from './hold.js';

export class HoldNaive extends Hold {
  override readonly name: string = 'hold-naive';

  override *before_async_return(_dio: SchemeDio): Sim<void> {}

  override *releaseAfterIo(dio: SchemeDio): Sim<void> {
    yield* unlock(dio.inode, heldMode(ioOf(dio.iocb), dio.iocb.id));
  }
}
