/** A mounted volume for the VFS and aio tests: a superblock on a small device, with lockdep. */
import { FenceInode } from '../../src/fs-impls/fence.js';
import { world } from '../helpers.js';
import type { Strategy } from '../../src/sim/strategy.js';
import type { FileSystemOps } from '../../src/vfs/fs-ops.js';
import type { Inode } from '../../src/vfs/inode.js';
import { SuperBlock } from '../../src/vfs/superblock.js';

export function volume(options: { blockSize?: number; blocks?: number; strategy?: Strategy } = {}) {
  const l = world(options.strategy);
  const sb = new SuperBlock(l.sim, l.lockdep, options.blockSize ?? 4096, options.blocks ?? 8);
  return { ...l, sb };
}

const unused = (what: string) => (): never => {
  throw new Error(`${what} is not used by this test`);
};

/**
 * A file system whose only op is ->evict_inode (free every block); `calls` records each eviction.
 * Its inodes carry a private part with a lock of their own (the fence scheme's), freed with them.
 */
export function evictingFs(sb: SuperBlock, calls: string[] = []): FileSystemOps {
  return {
    name: 'evict-only',
    alloc_inode: (ino) => new FenceInode(sb.lockdep, ino),
    write_iter: unused('write_iter'),
    read_iter: unused('read_iter'),
    setattr_size: unused('setattr_size'),
    fallocate: unused('fallocate'),
    fsync: unused('fsync'),
    release: unused('release'),
    *evict_inode(inode: Inode) {
      calls.push(`evict_inode ${inode.ino}`);
      yield 'evict_inode';
      sb.freeBlocksFrom(inode, 0);
    },
  };
}
