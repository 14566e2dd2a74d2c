/**
 * Block-level work every scheme shares, done synchronously under the caller's locks: zeroing
 * part of a block (truncate_page, EOF zeroing, punch), allocating for fallocate, unwritten
 * extent conversion, and the simple buffered path. None of this takes locks — the scheme that
 * calls it decides what it holds, which is the whole point of comparing schemes.
 *
 * Simplification: there is no page cache. Buffered I/O goes straight to the device under
 * i_rwsem (write-through, one block at a time); zeroing writes the device directly.
 */
import { lockdep_assert_held_write } from '../locks/assert.js';
import type { Sim } from '../sim/sim.js';
import type { Inode } from '../vfs/inode.js';
import { blockSegments } from '../vfs/segments.js';
import type { SuperBlock } from '../vfs/superblock.js';

/** Writes zeros over [from, to) of file block `fb` if it holds data (unwritten and holes read as zeros anyway). */
export function* zeroBlockRange(sb: SuperBlock, inode: Inode, fb: number, from: number, to: number, by: string): Sim<void> {
  if (to <= from) return;
  yield 'zero block range';
  const ext = inode.extents.get(fb);
  if (ext?.state !== 'mapped') return;
  sb.writeBlock({ block: ext.block, offset: from, length: to - from, intendedFor: { ino: inode.ino, fileBlock: fb }, by }, 0);
}

/** Zeros the byte range [start, end) in every block that holds data. */
export function* zeroRange(sb: SuperBlock, inode: Inode, start: number, end: number, by: string): Sim<void> {
  // xfs_zero_range / ext4_zero_partial_blocks: EOF zeroing and fallocate run with i_rwsem exclusive.
  lockdep_assert_held_write(inode.i_rwsem, 'iomap_zero_range');
  for (const seg of blockSegments(start, end, sb.blockSize)) yield* zeroBlockRange(sb, inode, seg.fileBlock, seg.from, seg.to, by);
}

/** Allocates an unwritten block for every hole in [start, end); false on -ENOSPC. */
export function* allocateRange(sb: SuperBlock, inode: Inode, start: number, end: number, fallocated: boolean): Sim<boolean> {
  const bs = sb.blockSize;
  for (let fb = Math.floor(start / bs); fb * bs < end; fb++) {
    yield 'xfs_alloc_file_space';
    if (inode.extents.has(fb)) continue;
    const block = sb.alloc.alloc({ ino: inode.ino, fileBlock: fb });
    if (block === null) return false;
    sb.noteModify(inode, 'block allocation');
    inode.extents.set(fb, { block, state: 'unwritten', fallocated });
  }
  return true;
}

/**
 * truncate_setsize + truncate the blocks: shrinking zeroes the tail of the new EOF block and
 * frees every block past it; growing only moves i_size (the new range is a hole).
 */
export function* setSize(sb: SuperBlock, inode: Inode, size: number): Sim<void> {
  // xfs_setattr_size: ASSERT(xfs_isilocked(ip, XFS_IOLOCK_EXCL)); i_size_write needs i_rwsem.
  lockdep_assert_held_write(inode.i_rwsem, 'xfs_setattr_size');
  // The sleeping points of xfs_setattr_size between the drain and freeing the extents.
  yield 'xfs_break_layouts';
  yield 'filemap_write_and_wait_range';
  yield 'truncate_setsize';
  const bs = sb.blockSize;
  if (size < inode.i_size) {
    if (size % bs) yield* zeroBlockRange(sb, inode, Math.floor(size / bs), size % bs, bs, 'truncate_page');
    sb.i_size_write(inode, size);
    yield 'truncate_pagecache';
    yield 'xfs_trans_alloc';
    yield 'xfs_itruncate_extents';
    sb.freeBlocksFrom(inode, Math.ceil(size / bs));
  } else {
    sb.i_size_write(inode, size);
  }
}

/**
 * Converts the unwritten extents an I/O wrote into mapped ones. If an extent is gone (it was
 * truncated while the conversion was pending) the mapping is created again, as ext4's
 * conversion did (ext4_map_blocks with the CREATE flag): a block past EOF, or one full of
 * whatever it held before — what a missing drain before truncate exposes.
 */
export function* convertUnwritten(sb: SuperBlock, inode: Inode, pos: number, count: number): Sim<void> {
  const bs = sb.blockSize;
  for (let fb = Math.floor(pos / bs); fb * bs < pos + count; fb++) {
    yield 'convert unwritten extent';
    sb.touch(inode, 'unwritten extent conversion');
    const ext = inode.extents.get(fb);
    sb.noteModify(inode, 'unwritten extent conversion');
    if (ext) {
      inode.extents.set(fb, { ...ext, state: 'mapped' });
      continue;
    }
    const block = sb.alloc.alloc({ ino: inode.ino, fileBlock: fb });
    if (block !== null) inode.extents.set(fb, { block, state: 'mapped' });
  }
}

/** Frees blocks past EOF that writes allocated (XFS speculative/post-EOF blocks); fallocated ones stay. */
export function* trimEofBlocks(sb: SuperBlock, inode: Inode): Sim<void> {
  // xfs_free_eofblocks runs under XFS_IOLOCK_EXCL (taken with a trylock by xfs_release).
  lockdep_assert_held_write(inode.i_rwsem, 'xfs_free_eofblocks');
  yield 'xfs_free_eofblocks';
  const firstPastEof = Math.ceil(inode.i_size / sb.blockSize);
  const runs = [...inode.extents.runs(firstPastEof)];
  for (let i = runs.length - 1; i >= 0; i--) {
    const { start, end, value: ext } = runs[i]!;
    if (ext.fallocated) continue;
    sb.noteModify(inode, 'post-EOF block trim');
    sb.alloc.releaseRange(ext.block, ext.block + (end - start));
    inode.extents.deleteRange(start, end);
  }
}

/**
 * A direct write that only overwrites written blocks and zeroes nothing: every block already
 * holds data, and the write does not end inside the EOF block's tail (which the DIO layer would
 * zero). iomap's IOMAP_DIO_OVERWRITE_ONLY test, and ext4's "overwrite" path.
 */
export function isPureOverwrite(sb: SuperBlock, inode: Inode, pos: number, count: number): boolean {
  const bs = sb.blockSize;
  const end = pos + count;
  if (!(end < inode.i_size || (end % bs === 0 && end <= inode.i_size))) return false;
  for (let fb = Math.floor(pos / bs); fb * bs < end; fb++) if (inode.extents.get(fb)?.state !== 'mapped') return false;
  return true;
}

export function hasEofBlocks(sb: SuperBlock, inode: Inode): boolean {
  const firstPastEof = Math.ceil(inode.i_size / sb.blockSize);
  for (const r of inode.extents.runs(firstPastEof)) if (!r.value.fallocated) return true;
  return false;
}

/** Buffered write, write-through: each block allocated as needed, new blocks zeroed around the data. */
export function* bufferedWrite(sb: SuperBlock, inode: Inode, pos: number, count: number, fill: number, by: string): Sim<number> {
  const bs = sb.blockSize;
  const end = pos + count;
  for (const { fileBlock: fb, from: a, to: b, pos: off } of blockSegments(pos, end, bs)) {
    yield 'iomap_write_iter';
    let ext = inode.extents.get(fb);
    if (!ext) {
      const block = sb.alloc.alloc({ ino: inode.ino, fileBlock: fb });
      if (block === null) return off > pos ? off - pos : -28;
      ext = { block, state: 'unwritten' };
      sb.noteModify(inode, 'block allocation');
      inode.extents.set(fb, ext);
    }
    const owner = { ino: inode.ino, fileBlock: fb };
    if (ext.state === 'unwritten') {
      // A new page is zeroed around the data before it is written back.
      sb.writeBlock({ block: ext.block, offset: 0, length: bs, intendedFor: owner, by: `${by} (zeroed page)` }, 0);
      inode.extents.set(fb, { ...ext, state: 'mapped' });
    }
    sb.writeBlock({ block: ext.block, offset: a, length: b - a, intendedFor: owner, by }, fill);
  }
  if (end > inode.i_size) sb.i_size_write(inode, end);
  return count;
}

/** Buffered read: clamped at EOF; holes and unwritten blocks read as zeros. */
export function* bufferedRead(sb: SuperBlock, inode: Inode, pos: number, count: number, into: Buffer): Sim<number> {
  yield 'i_size_read';
  const end = Math.min(pos + count, inode.i_size);
  for (const { fileBlock: fb, from: a, to: b, pos: off } of blockSegments(pos, end, sb.blockSize)) {
    yield 'filemap_read';
    const ext = inode.extents.get(fb);
    if (ext?.state === 'mapped') sb.readBlock(ext.block, a, b - a, into, off - pos);
  }
  return Math.max(0, end - pos);
}
