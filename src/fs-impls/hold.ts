/**
 * `hold` — Christoph Hellwig's RFC (Jan 2020): hold i_rwsem until the AIO completes, and let
 * the completion release it.
 *
 * Every direct I/O keeps i_rwsem — shared for reads and pure overwrites, exclusive for every
 * other write, as the RFC's ext4 patch did — from submission until its end_io; an async one hands the hold to
 * its completion with a lockdep hand-off (released from lockdep at -EIOCBQUEUED, re-entered in
 * the completion, which may be a kworker or the hard-irq bio completion). Because an I/O in
 * flight holds the lock, whoever takes i_rwsem exclusive already knows nothing is in flight:
 * the lock *is* the drain, so every inode_dio_wait() and i_dio_count disappear (RFC patches
 * 8–12). The price (Jan Kara): exclusive holders keep the lock for the whole I/O.
 */
import { rwsem_exit_hold, rwsem_reenter_hold } from '../locks/rwsem.js';
import type { Sim } from '../sim/sim.js';
import { cpu } from '../aio/cpu-cost.js';
import type { Inode } from '../vfs/inode.js';
import { isPureOverwrite } from './block-ops.js';
import { InvariantError } from '../sim/errors.js';
import { Diocount, type LockMode, type SchemeDio, type SchemeKiocb, heldMode, ioOf, unlock } from './diocount.js';

export class Hold extends Diocount {
  override readonly name: string = 'hold';

  /** Exclusive holders of i_rwsem wait for every I/O in flight, because each one holds the lock. */
  override *drain(_inode: Inode): Sim<void> {}
  override *dio_begin(_dio: SchemeDio): Sim<void> {}
  override *dioEnd(_dio: SchemeDio): Sim<void> {}

  /**
   * As the RFC's ext4 patch: only a pure overwrite (every block already written, nothing past
   * EOF, whole blocks) goes shared; every other write holds i_rwsem exclusive until it completes.
   */
  override *dioWriteLockMode(iocb: SchemeKiocb, unaligned: boolean): Sim<LockMode> {
    yield 'ext4_overwrite_io';
    return !unaligned && isPureOverwrite(this.sb, iocb.inode, iocb.pos, iocb.count) ? 'read' : 'write';
  }

  /** -EIOCBQUEUED: tell lockdep the task no longer holds i_rwsem; the I/O does. */
  override *before_async_return(dio: SchemeDio): Sim<void> {
    yield* cpu(this.sb.sim, this.q.cpuCosts.handoff, 'lockdep hand-off (CPU)');
    ioOf(dio.iocb).handoff = rwsem_exit_hold(dio.inode.i_rwsem, 'iomap_dio_rw (-EIOCBQUEUED)');
  }

  /** Sync I/O is unlocked by the submitter as usual; async I/O by its completion. */
  override *unlockAfterSubmit(iocb: SchemeKiocb, mode: LockMode): Sim<void> {
    if (iocb.sync) yield* unlock(iocb.inode, mode);
  }

  override *releaseAfterIo(dio: SchemeDio): Sim<void> {
    const io = ioOf(dio.iocb);
    const token = io.handoff;
    if (!token) throw new InvariantError(`${dio.iocb.id}: an async hold completes without its hand-off`);
    rwsem_reenter_hold(dio.inode.i_rwsem, token, 'iomap_dio_complete');
    yield* unlock(dio.inode, heldMode(io, dio.iocb.id));
  }
}
