/**
 * bug-fallocate-isize — xfs 249bd9087a52 "xfs: properly serialise fallocate against AIO+DIO"
 * (Dave Chinner), 2019 (5.5); fstests generic/586. Hit QEMU's qcow2 (Max Reitz).
 *
 *   A: AIO write beyond i_size submitted; i_rwsem dropped
 *   B: fallocate takes i_rwsem, sees offset+len > i_size and records new_size; then
 *      inode_dio_wait() blocks
 *   C: A completes, raises i_size past new_size, i_dio_count → 0
 *   B: wakes and sets the size to new_size — now *smaller* than i_size → truncates A's data
 *
 * The mistake: sampling i_size before draining in-flight direct I/O.
 */
import type { Sim } from '../../sim/sim.js';
import type { FallocateMode } from '../../vfs/fs-ops.js';
import type { Inode } from '../../vfs/inode.js';
import { Diocount, grownSize } from '../diocount.js';

export class BugFallocateIsize extends Diocount {
  override readonly name = 'bug-fallocate-isize';

  override *fallocateNewSize(inode: Inode, mode: FallocateMode, offset: number, length: number): Sim<number> {
    const newSize = grownSize(this.sb, inode, mode, offset, length);
    yield* this.drain(inode);
    return newSize;
  }
}
