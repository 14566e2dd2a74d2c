/**
 * The name space and open files: the VFS half of openat(2), unlinkat(2) and close(2), the last
 * reference's eviction (iput_final), and the files a scenario starts with. A file system takes
 * part only through its ops table (`->release`, `->evict_inode`); which task has which file
 * open is the caller's (scenario/runner.ts keeps a task's descriptors).
 *
 * Simplified: a path is a whole name (no directories), one dentry per inode, and an open file
 * is its inode's open count (SuperBlock.fileRefs), not a `struct file` of its own.
 */
import type { Sim } from '../sim/sim.js';
import { UserError } from '../sim/errors.js';
import type { Inode } from './inode.js';
import { EEXIST, ENOENT } from './kiocb.js';
import type { SuperBlock } from './superblock.js';

/**
 * The one eviction rule (iput_final): an inode goes when its last link and its last open
 * reference are gone. `refs` is the open count just read or changed by the caller.
 */
export function evictable(inode: Inode, refs: number): boolean {
  return refs === 0 && inode.nlink === 0 && inode.state === 'live';
}

/** Drops an open-file reference; true when it was the last of an unlinked inode, which must now be evicted. */
export function fput_last(sb: SuperBlock, inode: Inode): boolean {
  return evictable(inode, sb.fileRefs(inode, -1));
}

/** openat(2) without O_CREAT: looks the name up and takes a reference; null for -ENOENT. */
export function* vfs_open(sb: SuperBlock, path: string): Sim<Inode | null> {
  yield 'openat';
  const inode = sb.dentries.get(path);
  if (!inode) return null;
  sb.fileRefs(inode, 1);
  return inode;
}

/** openat(2) with O_CREAT|O_EXCL; `created` learns the new inode. The caller opens it after. */
export function* vfs_create(sb: SuperBlock, path: string, created: (inode: Inode) => void): Sim<number> {
  yield 'openat(O_CREAT|O_EXCL)';
  if (sb.dentries.has(path)) return EEXIST;
  created(sb.newInode(path));
  return 0;
}

/** unlinkat(2): the name goes at once; the inode goes with it unless a file still holds it open. */
export function* vfs_unlink(sb: SuperBlock, path: string): Sim<number> {
  yield 'unlinkat';
  const victim = sb.dentries.get(path);
  if (!victim) return ENOENT;
  sb.dentries.delete(path);
  victim.nlink = 0;
  if (evictable(victim, sb.fileRefs(victim, 0))) yield* sb.evict(victim);
  return 0;
}

/** __fput from close(2): ->release runs while the file still holds its reference; the last one evicts. */
export function* vfs_release(sb: SuperBlock, inode: Inode): Sim<number> {
  yield* sb.fs.release(inode);
  if (fput_last(sb, inode)) yield* sb.evict(inode);
  return 0;
}

/** A file the scenario starts with: `size` bytes, all `fill` (allocated and written) or sparse. */
export interface InitialFile {
  readonly path: string;
  readonly size: number;
  /** One repeated character; absent: a sparse file (holes up to `size`). */
  readonly fill?: string | undefined;
}

/** Creates an initial file before the run starts (no context runs yet: nothing is a step). */
export function createInitialFile(sb: SuperBlock, file: InitialFile): Inode {
  const inode = sb.newInode(file.path);
  sb.i_size_write(inode, file.size);
  if (!file.fill) return inode;
  // Described, not written: the blocks are allocated in one go (in the order block-by-block
  // allocation would give), mapped as extents of whole runs, and the device records their fill
  // byte; only a partial last block has bytes written (its zero tail).
  const bs = sb.blockSize;
  const count = Math.ceil(file.size / bs);
  const pieces = sb.alloc.allocRange({ ino: inode.ino, fileBlock: 0 }, count);
  if (pieces === null) throw new UserError(`files: ${file.path} does not fit on the device (geometry.blocks)`);
  const byte = file.fill.charCodeAt(0);
  let fb = 0;
  for (const [block, n] of pieces) {
    inode.extents.setRange(fb, n, { block, state: 'mapped' });
    sb.dev.describe(block, block + n, byte);
    fb += n;
  }
  const tail = file.size - (count - 1) * bs;
  if (tail < bs) sb.dev.fill(inode.extents.get(count - 1)!.block, tail, bs - tail, 0);
  return inode;
}
