/**
 * `hold-downgrade` — Jan Kara's mitigation in the RFC thread: take i_rwsem exclusive for
 * submission where the file system needs it (allocating/extending writes, EOF zeroing),
 * downgrade to shared once the bios are submitted, and release the shared hold at completion.
 * Other I/O can then run alongside; only the next exclusive user still waits for completion.
 *
 * Sub-block writes keep the exclusive hold until completion: their zeroing of the rest of the
 * block races any other direct write into that block, so downgrading them would bring back the
 * 2019 ext4/XFS corruption (bug-unaligned-submit-only). The RFC thread did not say this; the
 * model shows it (try `--fs hold-downgrade` with this exception removed).
 */
import { downgrade_write } from '../locks/rwsem.js';
import type { Sim } from '../sim/sim.js';
import { type SchemeDio, ioOf } from './diocount.js';
import { Hold } from './hold.js';

export class HoldDowngrade extends Hold {
  override readonly name: string = 'hold-downgrade';

  override *before_async_return(dio: SchemeDio): Sim<void> {
    const io = ioOf(dio.iocb);
    if (io.mode === 'write' && !io.unaligned) {
      yield* downgrade_write(dio.inode.i_rwsem);
      io.mode = 'read';
    }
    yield* super.before_async_return(dio);
  }
}
