import { rwsem_exit_hold, rwsem_reenter_hold } from '../locks/rwsem.js';
import { cpu } from '../aio/cpu-cost.js';
import { isPureOverwrite } from './block-ops.js';
import { Diocount, unlock } from './diocount.js';
export class Hold extends Diocount {
    name = 'hold';
    /** Exclusive holders of i_rwsem wait for every I/O in flight, because each one holds the lock. */
    *drain(_inode) { }
    *dio_begin(_dio) { }
    *dioEnd(_dio) { }
    /**
     * As the RFC's ext4 patch: only a pure overwrite (every block already written, nothing past
     * EOF, whole blocks) goes shared; every other write holds i_rwsem exclusive until it completes.
     */
    *dioWriteLockMode(iocb, unaligned) {
        yield 'ext4_overwrite_io';
        return !unaligned && isPureOverwrite(this.sb, iocb.inode, iocb.pos, iocb.count) ? 'read' : 'write';
    }
    /** -EIOCBQUEUED: tell lockdep the task no longer holds i_rwsem; the I/O does. */
    *before_async_return(dio) {
        yield* cpu(this.sb.sim, this.q.cpuCosts.handoff, 'lockdep hand-off (CPU)');
        dio.fsPrivate.token = rwsem_exit_hold(dio.inode.i_rwsem, 'iomap_dio_rw (-EIOCBQUEUED)');
    }
    /** Sync I/O is unlocked by the submitter as usual; async I/O by its completion. */
    *unlockAfterSubmit(iocb, mode) {
        if (iocb.sync)
            yield* unlock(iocb.inode, mode);
    }
    *releaseAfterIo(dio) {
        rwsem_reenter_hold(dio.inode.i_rwsem, dio.fsPrivate.token, 'iomap_dio_complete');
        yield* unlock(dio.inode, dio.fsPrivate.mode);
    }
}
