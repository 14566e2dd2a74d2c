/**
 * The operations a file system plugs into the VFS (a merge of the kernel's file_operations,
 * inode_operations and super_operations, reduced to what aiosim exercises). Every scheme in
 * src/fs-impls implements this table; the VFS and the aio layer call only through it.
 */
import type { Sim } from '../sim/sim.js';
import type { Inode, InodePrivate } from './inode.js';
import type { Kiocb } from './kiocb.js';

export type FallocateMode = 'allocate' | 'keep_size' | 'punch_hole' | 'zero_range';

export interface FileSystemOps {
  readonly name: string;
  /** ->alloc_inode: the file system's own part of a new inode (null: none). Called once per inode. */
  alloc_inode(ino: number): InodePrivate | null;
  /** Direct or buffered write; returns bytes written, -errno, or EIOCBQUEUED for queued AIO. */
  write_iter(iocb: Kiocb, direct: boolean): Sim<number>;
  read_iter(iocb: Kiocb, direct: boolean): Sim<number>;
  /** truncate(2) / ftruncate(2): ->setattr with ATTR_SIZE. */
  setattr_size(inode: Inode, size: number): Sim<number>;
  fallocate(inode: Inode, mode: FallocateMode, offset: number, length: number): Sim<number>;
  fsync(inode: Inode): Sim<number>;
  /** ->release: the last close of one open file description. */
  release(inode: Inode): Sim<void>;
  /**
   * Where an AIO write's freeze protection ends: at its completion (the kernel since
   * 70fe2f48152e, the default) or when io_submit returns (before it: bug-aio-freeze). The
   * historic code was fs/aio.c's, which every file system shared; aiosim varies the kernel by
   * scheme, so the decision is a hook here.
   */
  aioWriteFreezeProtection?(): 'completion' | 'submission';
  /** Whether io_destroy waits for the context's requests in flight (since e02ba72aabfa; not: bug-io-destroy-nowait). Same reason for a hook here. */
  ioDestroyWaits?(): boolean;
  /** ->evict_inode: last link and last open gone; free the blocks, then the inode is freed. */
  evict_inode(inode: Inode): Sim<void>;
}
