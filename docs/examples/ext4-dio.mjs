/**
 * ext4's direct-I/O write locking, as ext4_dio_write_iter() and ext4_dio_write_checks() do it
 * since the iomap conversion (Linux 5.5, 378f32bab371; fs/ext4/file.c), written as an aiosim
 * scheme file. docs/schemes.md walks through it.
 *
 *   aiosim explore truncate-vs-aio-write --fs docs/examples/ext4-dio.mjs --strategy dfs
 *
 * ext4, in short:
 * - start with i_rwsem shared (inode_lock_shared);
 * - ext4_dio_write_checks: a write that extends the file, or is not a pure overwrite of
 *   written blocks inside EOF (ext4_overwrite_io), needs i_rwsem exclusive: drop the shared
 *   lock, take it exclusive, and redo the checks (`goto restart`), since the file may have
 *   changed in between;
 * - a sub-block write that is not a pure overwrite waits for all direct I/O in flight first
 *   (inode_dio_wait), so two partial-block zeroings never race;
 * - sub-block and extending writes are made synchronous (IOMAP_DIO_FORCE_WAIT): the submitter
 *   waits for its own I/O before it drops i_rwsem, so i_size moves under the lock
 *   (ext4_handle_inode_extension has lockdep_assert_held_write(&inode->i_rwsem));
 * - truncate, fallocate, and so on: i_rwsem exclusive, then inode_dio_wait (as diocount).
 *
 * Where the model simplifies: the "wait for its own I/O" is a drain (inode_dio_wait) with
 * i_rwsem held exclusive, which also waits for I/O submitted earlier by others (ext4 waits only
 * for its own); the i_size update runs in the model's completion (as in ext4 since 6.7,
 * 91562895f803, ext4_dio_write_end_io), while the submitter still holds i_rwsem and waits.
 * ext4's journal, orphan list and IOCB_NOWAIT are not modelled.
 */
import { Diocount, exclusive, isPureOverwrite } from 'aiosim';

export default class Ext4Dio extends Diocount {
  static summary = "ext4's DIO write locking (ext4_dio_write_checks, 5.5+): shared only for overwrites inside EOF, sub-block and extending writes wait for their I/O";

  /** inode_lock_shared() first, unless the write obviously needs more (checked again under the lock). */
  *dioWriteLockMode(iocb, _unaligned) {
    yield 'ext4_overwrite_io';
    return isPureOverwrite(this.sb, iocb.inode, iocb.pos, iocb.count) ? 'read' : 'write';
  }

  /** ext4_dio_write_checks: under the lock, an extending or non-overwrite write restarts exclusive. */
  *writeChecks(iocb, held) {
    const mode = yield* super.writeChecks(iocb, held);
    if (mode === 'write') return mode;
    yield 'ext4_overwrite_io';
    if (isPureOverwrite(this.sb, iocb.inode, iocb.pos, iocb.count)) return mode;
    // inode_unlock_shared(); inode_lock(); goto restart;
    return yield* this.writeChecks(iocb, yield* exclusive(iocb.inode, mode));
  }

  /** Sub-block writes that are pure overwrites stay shared and concurrent; any other waits before and after. */
  unalignedSerialization(iocb) {
    return isPureOverwrite(this.sb, iocb.inode, iocb.pos, iocb.count) ? 'none' : 'drain-before-and-after';
  }

  /** IOMAP_DIO_FORCE_WAIT for extending writes: wait for the I/O before dropping i_rwsem. */
  *unlockAfterSubmit(iocb, mode) {
    if (!iocb.sync && iocb.dir === 'write' && mode === 'write') {
      yield 'i_size_read';
      if (iocb.pos + iocb.count > iocb.inode.i_size) yield* this.drain(iocb.inode);
    }
    yield* super.unlockAfterSubmit(iocb, mode);
  }
}
