/**
 * The VFS halves of ftruncate(2) and fallocate(2): freeze protection around the file system's
 * ->setattr and ->fallocate (do_sys_ftruncate takes sb_start_write before do_truncate;
 * vfs_fallocate takes file_start_write). write(2) and io_submit's writes take theirs in
 * src/aio/aio.ts, where the kernel's vfs_write and aio_write are.
 */
import type { Sim } from '../sim/sim.js';
import { sb_end_write, sb_start_write } from './freeze.js';
import type { FallocateMode } from './fs-ops.js';
import type { Inode } from './inode.js';
import type { SuperBlock } from './superblock.js';

/** do_sys_ftruncate(): sb_start_write, then do_truncate → ->setattr(ATTR_SIZE). */
export function* do_sys_ftruncate(sb: SuperBlock, inode: Inode, size: number): Sim<number> {
  yield* sb_start_write(sb);
  const ret = yield* sb.fs.setattr_size(inode, size);
  sb_end_write(sb);
  return ret;
}

/** vfs_fallocate(): file_start_write, ->fallocate, file_end_write. */
export function* vfs_fallocate(sb: SuperBlock, inode: Inode, mode: FallocateMode, offset: number, length: number): Sim<number> {
  yield* sb_start_write(sb);
  const ret = yield* sb.fs.fallocate(inode, mode, offset, length);
  sb_end_write(sb);
  return ret;
}
