/**
 * `diocount` — the correct legacy scheme, as XFS does it since 2019: i_rwsem for submission,
 * i_dio_count across the I/O, and every size- or layout-changing path drains in-flight direct
 * I/O with inode_dio_wait() while holding i_rwsem exclusive.
 *
 * - Aligned direct writes and all direct reads: i_rwsem shared for submission only.
 * - Sub-block (unaligned) direct writes: i_rwsem exclusive, drain before submitting, and after
 *   submitting wait for the I/O itself (2032a8a27b5c), so nothing overlaps their zeroing.
 * - A write starting past EOF: take i_rwsem exclusive, drain, then zero from the old EOF
 *   (xfs_file_write_checks; 3136e8bb3054).
 * - truncate, fallocate, closing (post-EOF block trim): exclusive + drain first.
 *
 * Every place a historic bug lived is a method of its own; each `bug-*` scheme overrides exactly
 * one of them, so reading a bug scheme is reading the bug. The locking schemes (`hold`,
 * `fence`, …) override the lock and accounting methods below the line "how the I/O is
 * tracked".
 */
import { down_read, down_write, down_write_trylock, up_read, up_write } from '../locks/rwsem.js';
import { inode_dio_begin, inode_dio_end, inode_dio_wait } from '../locks/dio-count.js';
import { lockdep_assert_held_write } from '../locks/assert.js';
import type { Sim } from '../sim/sim.js';
import {
  type CompletionStart,
  type DioCompletion,
  type IomapDio,
  type IomapDioOps,
  type IomapMapping,
  type IomapOps,
  KI_COMPLETE,
  iomap_dio_rw,
} from '../aio/iomap-dio.js';
import type { HandoffToken } from '../locks/lockdep.js';
import { InvariantError, unreachable } from '../sim/errors.js';
import type { RequestQueue } from '../aio/blk-queue.js';
import type { FallocateMode, FileSystemOps } from '../vfs/fs-ops.js';
import type { Inode, InodePrivate } from '../vfs/inode.js';
import { EIOCBQUEUED, ENOSPC, type Kiocb } from '../vfs/kiocb.js';
import type { SuperBlock } from '../vfs/superblock.js';
import { sb_end_intwrite, sb_start_intwrite } from '../vfs/freeze.js';
import { allocateRange, bufferedRead, bufferedWrite, convertUnwritten, hasEofBlocks, setSize, trimEofBlocks, zeroRange } from './block-ops.js';

export type LockMode = 'read' | 'write';
/** How a sub-block direct write is kept apart from other direct I/O. */
export type UnalignedSerialization = 'none' | 'drain-before' | 'drain-before-and-after';

/** The schemes' state of one direct I/O, on its kiocb (kiocb->private), set by read_iter/write_iter. */
export interface SchemeIo {
  /** How the submitter took i_rwsem (null: it did not); hold-downgrade lowers 'write' to 'read'. */
  mode: LockMode | null;
  /** A sub-block write, whose zeroing must not race other direct I/O. */
  readonly unaligned: boolean;
  /** The lockdep hand-off the I/O carries from its submitter to its completion (hold: i_rwsem; fence: its read side). */
  handoff: HandoffToken | null;
}
export type SchemeKiocb = Kiocb<SchemeIo>;
export type SchemeDio = IomapDio<SchemeIo>;

/** The schemes' own completion steps (iomap_dio_complete's ->end_io, spelled out). */
export type CompletionStep = 'convert-unwritten' | 'update-size' | 'dio-end' | 'release';

/**
 * The correct order: convert the written extents, move i_size, drop the in-flight count, release
 * what the I/O held — and only then tell user space (ki_complete).
 */
const COMPLETION: DioCompletion<CompletionStep> = { irq: [], complete: ['convert-unwritten', 'update-size', 'dio-end', 'release', KI_COMPLETE] };

/** The scheme's state of a direct I/O it has taken on. */
export function ioOf(iocb: SchemeKiocb): SchemeIo {
  const io = iocb.private;
  if (!io) throw new InvariantError(`kiocb ${iocb.id} has no scheme state: read_iter/write_iter did not take it on`);
  return io;
}

/** The mode a locking I/O holds i_rwsem in (every direct I/O under the hold schemes locks). */
export function heldMode(io: SchemeIo, id: string): LockMode {
  const mode = io.mode;
  if (!mode) throw new InvariantError(`${id} holds no i_rwsem to release`);
  return mode;
}

export class Diocount implements FileSystemOps, IomapOps, IomapDioOps<SchemeIo, CompletionStep> {
  readonly name: string = 'diocount';

  constructor(
    readonly sb: SuperBlock,
    readonly q: RequestQueue,
  ) {}

  /** No per-inode fields of its own: i_rwsem and i_dio_count are the VFS inode's. */
  alloc_inode(_ino: number): InodePrivate | null {
    return null;
  }

  // ── Hooks where the historic bugs lived (a bug-* scheme overrides exactly one) ─────────────

  /** Is this direct write sub-block, so that its zeroing must not race other direct I/O? */
  isUnalignedIo(iocb: Kiocb): boolean {
    return iocb.pos % this.sb.blockSize !== 0 || iocb.count % this.sb.blockSize !== 0;
  }

  /** What a sub-block direct write does to keep other direct I/O out of its block. */
  unalignedSerialization(_iocb: Kiocb): UnalignedSerialization {
    return 'drain-before-and-after';
  }

  /** Before zeroing from a stale EOF, in-flight extending writes must finish (they move i_size). */
  *eofZeroingDrain(inode: Inode): Sim<void> {
    yield* this.drain(inode);
  }

  /** truncate must not free blocks that in-flight direct I/O still reads or writes. */
  *setattrDrain(inode: Inode): Sim<void> {
    yield* this.drain(inode);
  }

  /** fallocate's new size must be computed from the i_size in-flight appends leave behind. */
  *fallocateNewSize(inode: Inode, mode: FallocateMode, offset: number, length: number): Sim<number> {
    yield* this.drain(inode);
    return grownSize(this.sb, inode, mode, offset, length);
  }

  /** Trimming post-EOF blocks on close must wait for extending writes that own them. */
  *freeEofblocksDrain(inode: Inode): Sim<void> {
    yield* this.drain(inode);
  }

  /** Where an AIO write's freeze protection ends (FileSystemOps.aioWriteFreezeProtection): at its completion. */
  aioWriteFreezeProtection(): 'completion' | 'submission' {
    return 'completion';
  }

  /** Whether io_destroy waits for the context's requests in flight (FileSystemOps.ioDestroyWaits): it does. */
  ioDestroyWaits(): boolean {
    return true;
  }

  /** A direct read takes i_rwsem shared so truncate cannot free what it maps. Returns whether it locked. */
  *dioReadLock(inode: Inode): Sim<boolean> {
    yield* down_read(inode.i_rwsem);
    return true;
  }

  /**
   * The completion, step by step: what the bio-completion interrupt does first (async only),
   * then what the completion does, with ki_complete where user space learns of it.
   */
  completion(_dio: SchemeDio, _start: CompletionStart): DioCompletion<CompletionStep> {
    return COMPLETION;
  }

  /** The i_size update at completion. */
  *updateSize(dio: SchemeDio): Sim<void> {
    yield 'i_size_write';
    const end = dio.pos + dio.count;
    if (!dio.error && end > dio.inode.i_size) this.sb.i_size_write(dio.inode, end);
  }

  // ── How the I/O is tracked and how the lock is held (the locking schemes override these) ──

  /** inode_dio_wait(): wait until no direct I/O is in flight. */
  *drain(inode: Inode): Sim<void> {
    yield* inode_dio_wait(inode.i_dio);
  }

  *dio_begin(dio: SchemeDio): Sim<void> {
    yield* inode_dio_begin(dio.inode.i_dio, dio.iocb.id);
  }

  /** inode_dio_end(). */
  *dioEnd(dio: SchemeDio): Sim<void> {
    yield* inode_dio_end(dio.inode.i_dio, dio.iocb.id);
  }

  /** Which mode a direct write takes i_rwsem in for submission. */
  *dioWriteLockMode(iocb: SchemeKiocb, unaligned: boolean): Sim<LockMode> {
    return unaligned && this.unalignedSerialization(iocb) !== 'none' ? 'write' : 'read';
  }

  *before_async_return(_dio: SchemeDio): Sim<void> {}

  /** After submission: the legacy scheme drops i_rwsem here; the I/O goes on unlocked. */
  *unlockAfterSubmit(iocb: SchemeKiocb, mode: LockMode): Sim<void> {
    yield* unlock(iocb.inode, mode);
  }

  /** After completion: nothing to release in the legacy scheme. */
  *releaseAfterIo(_dio: SchemeDio): Sim<void> {}

  *evict_inode(inode: Inode): Sim<void> {
    yield 'evict';
    this.sb.freeBlocksFrom(inode, 0);
  }

  // ── The VFS entry points ─────────────────────────────────────────────────────────────────

  *write_iter(iocb: SchemeKiocb, direct: boolean): Sim<number> {
    const inode = iocb.inode;
    this.sb.touch(inode, 'write_iter');
    if (!direct) return yield* this.bufferedWriteIter(iocb);
    const unaligned = this.isUnalignedIo(iocb);
    let mode = yield* this.dioWriteLockMode(iocb, unaligned);
    yield* lock(inode, mode);
    mode = yield* this.writeChecks(iocb, mode);
    const serialize = unaligned ? this.unalignedSerialization(iocb) : 'none';
    // Decided under the shared lock that it must serialize after all (XFS: -EAGAIN, retry exclusive).
    if (serialize !== 'none') mode = yield* exclusive(inode, mode);
    if (serialize !== 'none') yield* this.drain(inode);
    iocb.private = { mode, unaligned, handoff: null };
    const ret = yield* iomap_dio_rw(this.sb, this.q, iocb, this, this);
    if (ret === EIOCBQUEUED && serialize === 'drain-before-and-after') yield* this.drain(inode);
    // Read back: a hand-off to the completion may have changed how the I/O holds the lock.
    yield* this.unlockAfterSubmit(iocb, heldMode(ioOf(iocb), iocb.id));
    return ret;
  }

  *read_iter(iocb: SchemeKiocb, direct: boolean): Sim<number> {
    const inode = iocb.inode;
    this.sb.touch(inode, 'read_iter');
    if (!direct) return yield* this.bufferedReadIter(iocb);
    const locked = yield* this.dioReadLock(inode);
    iocb.private = { mode: locked ? 'read' : null, unaligned: false, handoff: null };
    const ret = yield* iomap_dio_rw(this.sb, this.q, iocb, this, this);
    if (locked) yield* this.unlockAfterSubmit(iocb, 'read');
    return ret;
  }

  *bufferedWriteIter(iocb: SchemeKiocb): Sim<number> {
    const inode = iocb.inode;
    yield* down_write(inode.i_rwsem);
    yield* this.writeChecks(iocb, 'write');
    const n = yield* bufferedWrite(this.sb, inode, iocb.pos, iocb.count, iocb.fill, iocb.id);
    yield* up_write(inode.i_rwsem);
    return n;
  }

  *bufferedReadIter(iocb: SchemeKiocb): Sim<number> {
    const inode = iocb.inode;
    yield* down_read(inode.i_rwsem);
    const n = yield* bufferedRead(this.sb, inode, iocb.pos, iocb.count, iocb.buffer);
    yield* up_read(inode.i_rwsem);
    return n;
  }

  /**
   * xfs_file_write_checks: a write that starts past EOF must zero the gap from the old EOF,
   * which needs i_rwsem exclusive (the lock is cycled if held shared) and a drain first.
   */
  *writeChecks(iocb: SchemeKiocb, held: LockMode): Sim<LockMode> {
    const inode = iocb.inode;
    yield 'i_size_read';
    if (iocb.pos <= inode.i_size) return held;
    const mode = yield* exclusive(inode, held);
    yield* this.eofZeroingDrain(inode);
    yield 'i_size_read';
    if (iocb.pos > inode.i_size) yield* zeroRange(this.sb, inode, inode.i_size, iocb.pos, `${iocb.id} (EOF zeroing)`);
    return mode;
  }

  *iomap_begin(inode: Inode, fileBlock: number, write: boolean, _dio: IomapDio<unknown>): Sim<IomapMapping | null> {
    yield 'iomap_begin';
    this.sb.touch(inode, 'iomap_begin');
    const ext = inode.extents.get(fileBlock);
    if (ext) return { state: ext.state, block: ext.block, isNew: false };
    if (!write) return { state: 'hole', block: -1, isNew: false };
    const block = this.sb.alloc.alloc({ ino: inode.ino, fileBlock });
    if (block === null) return null;
    this.sb.noteModify(inode, 'block allocation');
    inode.extents.set(fileBlock, { block, state: 'unwritten' });
    return { state: 'unwritten', block, isNew: true };
  }

  *end_io_step(step: CompletionStep, dio: SchemeDio): Sim<void> {
    const write = dio.iocb.dir === 'write';
    switch (step) {
      case 'convert-unwritten':
        if (write && dio.unwritten) yield* convertUnwritten(this.sb, dio.inode, dio.pos, dio.count);
        return;
      case 'update-size':
        if (write) yield* this.updateSize(dio);
        return;
      case 'dio-end':
        return yield* this.dioEnd(dio);
      case 'release':
        // A sync I/O is unlocked by its submitter once the completion has run.
        if (!dio.iocb.sync) yield* this.releaseAfterIo(dio);
        return;
      default:
        unreachable(step, 'completion step');
    }
  }

  *setattr_size(inode: Inode, size: number): Sim<number> {
    yield* down_write(inode.i_rwsem);
    this.sb.touch(inode, 'setattr');
    yield* this.setattrDrain(inode);
    yield* setSize(this.sb, inode, size);
    yield* up_write(inode.i_rwsem);
    return 0;
  }

  *fallocate(inode: Inode, mode: FallocateMode, offset: number, length: number): Sim<number> {
    yield* down_write(inode.i_rwsem);
    this.sb.touch(inode, 'fallocate');
    const newSize = yield* this.fallocateNewSize(inode, mode, offset, length);
    const end = offset + length;
    const bs = this.sb.blockSize;
    let ret = 0;
    if (mode === 'allocate' || mode === 'keep_size') {
      if (!(yield* allocateRange(this.sb, inode, offset, end, true))) ret = ENOSPC;
    } else {
      // Partial blocks at the edges are zeroed; whole blocks are freed (punch) or made unwritten (zero).
      const firstWhole = Math.ceil(offset / bs);
      const endWhole = Math.floor(end / bs);
      yield* zeroRange(this.sb, inode, offset, Math.min(end, firstWhole * bs), `fallocate ${mode}`);
      yield* zeroRange(this.sb, inode, Math.max(offset, endWhole * bs), end, `fallocate ${mode}`);
      // xfs_free_file_space: the blocks go with i_rwsem (and the mmap lock) held exclusive.
      lockdep_assert_held_write(inode.i_rwsem, `fallocate(${mode})`);
      if (mode === 'punch_hole') this.sb.freeBlocksFrom(inode, firstWhole, endWhole);
      else {
        for (let fb = firstWhole; fb < endWhole; fb++) {
          const ext = inode.extents.get(fb);
          if (!ext) continue;
          this.sb.noteModify(inode, 'extent state change');
          inode.extents.set(fb, { ...ext, state: 'unwritten' });
        }
        if (!(yield* allocateRange(this.sb, inode, firstWhole * bs, endWhole * bs, true))) ret = ENOSPC;
      }
    }
    if (ret === 0 && newSize > 0) yield* setSize(this.sb, inode, newSize);
    yield* up_write(inode.i_rwsem);
    return ret;
  }

  *fsync(inode: Inode): Sim<number> {
    yield 'fsync';
    this.sb.touch(inode, 'fsync');
    return 0;
  }

  *release(inode: Inode): Sim<void> {
    yield 'xfs_release';
    if (inode.state !== 'live' || !hasEofBlocks(this.sb, inode)) return;
    // XFS only trims when it gets the lock without waiting.
    if (!(yield* down_write_trylock(inode.i_rwsem))) return;
    yield* this.freeEofblocksDrain(inode);
    // xfs_free_eofblocks's transaction (xfs_trans_alloc) takes the internal freeze level.
    yield* sb_start_intwrite(this.sb);
    yield* trimEofBlocks(this.sb, inode);
    sb_end_intwrite(this.sb);
    yield* up_write(inode.i_rwsem);
  }
}

/**
 * The size fallocate sets (0: unchanged): modes that extend the file grow it to the range end.
 * The i_size it compares with is sampled (traced as `i_size-read`): what it decides holds only
 * while nothing moves i_size, which is why it must come after the drain.
 */
export function grownSize(sb: SuperBlock, inode: Inode, mode: FallocateMode, offset: number, length: number): number {
  if (mode === 'keep_size' || mode === 'punch_hole') return 0;
  return offset + length > sb.i_size_read(inode, 'fallocate (its new size)') ? offset + length : 0;
}

/**
 * Makes sure i_rwsem is held exclusive: a shared hold is dropped and retaken for write (rwsems
 * cannot be upgraded in place, so whoever does this must redo its checks after).
 */
export function* exclusive(inode: Inode, held: LockMode): Sim<'write'> {
  if (held === 'read') {
    yield* up_read(inode.i_rwsem);
    yield* down_write(inode.i_rwsem);
  }
  return 'write';
}

export function* lock(inode: Inode, mode: LockMode): Sim<void> {
  yield* mode === 'write' ? down_write(inode.i_rwsem) : down_read(inode.i_rwsem);
}

export function* unlock(inode: Inode, mode: LockMode): Sim<void> {
  yield* mode === 'write' ? up_write(inode.i_rwsem) : up_read(inode.i_rwsem);
}
