/**
 * The generic direct-I/O layer, modelled on fs/iomap/direct-io.c (iomap_dio_rw).
 *
 * One IomapDio per I/O. Submission asks the file system for a mapping of each block
 * (iomap_begin, which allocates unwritten blocks for writes into holes), builds bios, and for
 * a write into a new or unwritten block zeroes the parts of the block the write does not cover
 * (iomap_dio_zero): the head when the block is new/unwritten, the tail also when the write
 * ends at or beyond EOF. Those zeroing bios are the source of the historic unaligned-write
 * corruptions: two sub-block writes into one new block each zero the other's bytes.
 *
 * Completion: each bio's end_io runs in hard-irq context; the last one completes the dio. A
 * sync I/O wakes its submitter, which runs the completion itself. An async I/O runs the file
 * system's `end_io_irq` in the interrupt, then — if completion work is needed (unwritten
 * extent conversion, i_size update) — defers `end_io` to a kworker, else runs it in the
 * interrupt; then ki_complete. The submitter holds a bias reference until it has submitted
 * everything, so a completion can never run before `before_async_return` (where a scheme that
 * holds i_rwsem hands it off); if the I/O already finished when the bias drops, the submitter
 * completes it inline and returns the byte count instead of -EIOCBQUEUED.
 *
 * Invariant the schemes rely on: every iomap_dio_rw() call ends in exactly one end_io().
 * This layer never names a lock: the file system passes its own completion (Dave Chinner's
 * review point on the RFC).
 *
 * Simplifications: one bio per block segment; no merging, plugging, or REQ_FUA/O_DSYNC.
 */
import { countAccess, shared } from '../sim/footprint.js';
import type { Sim } from '../sim/sim.js';
import { WaitQueue, wait_event, wake_up_all } from '../sim/waitqueue.js';
import { queue_work } from '../sim/workqueue.js';
import { EIOCBQUEUED, ENOSPC, type Kiocb } from '../vfs/kiocb.js';
import type { Inode } from '../vfs/inode.js';
import { blockSegments, type Segment } from '../vfs/segments.js';
import type { SuperBlock } from '../vfs/superblock.js';
import { type Bio, type RequestQueue, submit_bio } from './blk-queue.js';
import { cpu } from './cpu-cost.js';
import { ki_complete } from './ki-complete.js';

export interface IomapMapping {
  readonly state: 'hole' | 'unwritten' | 'mapped';
  readonly block: number;
  /** Allocated for this I/O (IOMAP_F_NEW). */
  readonly isNew: boolean;
}

export interface IomapOps {
  /** Maps one file block; for writes, allocates an unwritten block for a hole (null: -ENOSPC). */
  iomap_begin(inode: Inode, fileBlock: number, write: boolean, dio: IomapDio): Sim<IomapMapping | null>;
}

export interface IomapDioOps {
  /** Accounting when the I/O starts (inode_dio_begin, or a fence read side). */
  dio_begin(dio: IomapDio): Sim<void>;
  /**
   * Async only: runs in the submitter after the last bio is submitted, while the bias still
   * keeps the completion from running (lock downgrade and hand-off go here).
   */
  before_async_return(dio: IomapDio): Sim<void>;
  /** The hard-irq part of an async completion, before any deferral to a worker. */
  end_io_irq(dio: IomapDio): Sim<void>;
  /** Completion work: conversion, i_size, accounting, lock release. */
  end_io(dio: IomapDio): Sim<void>;
}

export interface IomapDio {
  readonly iocb: Kiocb;
  readonly inode: Inode;
  readonly pos: number;
  /** Bytes this I/O covers (a read is clamped at EOF when it starts). */
  count: number;
  /** Bias + bios in flight. */
  remaining: number;
  /** The submitter still holds its bias (one count of `remaining`): no completion can be the last. */
  biased: boolean;
  /** Footprint key of `remaining` ('' when the run records no footprints: built once, not per bio). */
  readonly countKey: string;
  /** Wrote into unwritten/new blocks: needs conversion at completion. */
  unwritten: boolean;
  /** Write ending beyond i_size when submitted: needs an i_size update at completion. */
  extending: boolean;
  error: number;
  done: boolean;
  readonly wait: WaitQueue;
  readonly fsPrivate: Record<string, unknown>;
}

export function needsCompletionWork(dio: IomapDio): boolean {
  return dio.iocb.dir === 'write' && (dio.unwritten || dio.extending);
}

/** `remaining` and `biased` are recorded by whoever counts (see counted, bioSubmitted and dio_bio_end_io). */
const DIO_UNTRACKED: ReadonlySet<PropertyKey> = new Set(['iocb', 'inode', 'wait', 'remaining', 'biased', 'countKey']);

/** The DIO, as its submitter touches the count (dropping its bias, or waiting for zero): exclusive. */
function counted(sb: SuperBlock, dio: IomapDio): IomapDio {
  sb.sim.access(dio.countKey);
  return dio;
}

/**
 * One more bio in flight. The submitter still holds its bias, so the count cannot reach zero
 * before the bias drop (an exclusive access) whatever the order of these increments and the
 * completions' decrements: they commute.
 */
function bioSubmitted(sb: SuperBlock, dio: IomapDio): void {
  dio.remaining++;
  countAccess(sb.sim, dio.countKey, true);
}

export function* iomap_dio_rw(sb: SuperBlock, q: RequestQueue, iocb: Kiocb, ops: IomapOps, dops: IomapDioOps): Sim<number> {
  const inode = iocb.inode;
  const bs = sb.blockSize;
  const write = iocb.dir === 'write';
  // Keyed like its kiocb: both reach the same fsPrivate state.
  const dio = shared<IomapDio>(sb.sim, {
    iocb, inode, pos: iocb.pos, count: iocb.count, remaining: 1, biased: true, countKey: sb.sim.footprints ? `iocb:${iocb.id}:remaining` : '', unwritten: false, extending: false, error: 0, done: false,
    wait: new WaitQueue(sb.sim, `dio ${iocb.id} to complete`, () => [`bios of ${iocb.id} (in flight)`]),
    fsPrivate: iocb.fsPrivate,
  }, `iocb:${iocb.id}`, DIO_UNTRACKED);
  yield 'i_size_read';
  sb.touch(inode, 'iomap_dio_rw');
  const size = inode.i_size;
  if (!write) dio.count = Math.max(0, Math.min(iocb.count, size - iocb.pos));
  else dio.extending = iocb.pos + iocb.count > size;
  yield* dops.dio_begin(dio);

  const bioDone = (bio: Bio): Sim<void> => dio_bio_end_io(sb, q, dio, dops, bio);
  for (const segment of blockSegments(dio.pos, dio.pos + dio.count, bs)) {
    if (!(yield* iomap_dio_bio_iter(sb, q, dio, segment, ops, bioDone, size))) break;
  }

  if (!iocb.sync) yield* dops.before_async_return(dio);
  counted(sb, dio).biased = false;
  if (--dio.remaining > 0) { // drop the submitter's bias
    if (!iocb.sync) return EIOCBQUEUED;
    yield* wait_event(dio.wait, () => counted(sb, dio).remaining === 0, 'iomap_dio_rw: wait for completion (sleeping)');
  }
  // All bios are done: the submitter completes the I/O itself.
  return yield* dio_complete(sb, q, dio, dops);
}

/**
 * One block of the I/O (kernel: iomap_iter → iomap_dio_bio_iter): map it, then submit its bios —
 * a sub-block write into a new or unwritten block also zeroes the rest of it. False on ENOSPC.
 * (A function of its own: the submitter's frame stays small while bios are queued.)
 */
function* iomap_dio_bio_iter(sb: SuperBlock, q: RequestQueue, dio: IomapDio, segment: Segment, ops: IomapOps, bioDone: (bio: Bio) => Sim<void>, size: number): Sim<boolean> {
  const { fileBlock: fb, from: a, to: b, pos: off } = segment;
  const { iocb, inode } = dio;
  const write = iocb.dir === 'write';
  const bs = sb.blockSize;
  const map = yield* ops.iomap_begin(inode, fb, write, dio);
  const owner = { ino: inode.ino, fileBlock: fb };
  if (!map) {
    dio.error = ENOSPC;
    return false;
  }
  if (!write) {
    if (map.state === 'mapped') {
      bioSubmitted(sb, dio);
      yield* submit_bio(q, { op: 'read', block: map.block, offset: a, length: b - a, fill: 0, dest: { buffer: iocb.buffer, offset: off - dio.pos }, intendedFor: owner, by: iocb.id, end_io: bioDone });
    } // holes and unwritten blocks read as zeros: the buffer already is
    return true;
  }
  const needZeroout = map.isNew || map.state === 'unwritten';
  if (needZeroout) dio.unwritten = true;
  const bios: Bio[] = [];
  if (needZeroout && a > 0) bios.push({ op: 'write', block: map.block, offset: 0, length: a, fill: 0, intendedFor: owner, by: `${iocb.id} (zero head)`, end_io: bioDone });
  bios.push({ op: 'write', block: map.block, offset: a, length: b - a, fill: iocb.fill, intendedFor: owner, by: iocb.id, end_io: bioDone });
  if (b < bs && (needZeroout || fb * bs + b >= size)) {
    bios.push({ op: 'write', block: map.block, offset: b, length: bs - b, fill: 0, intendedFor: owner, by: `${iocb.id} (zero tail)`, end_io: bioDone });
  }
  for (const bio of bios) {
    bioSubmitted(sb, dio);
    yield* submit_bio(q, bio);
  }
  return true;
}

function* dio_complete(sb: SuperBlock, q: RequestQueue, dio: IomapDio, dops: IomapDioOps): Sim<number> {
  yield* cpu(sb.sim, q.cpuCosts.completion, 'iomap_dio_complete (CPU)');
  yield* dops.end_io(dio);
  const result = dio.error || dio.count;
  dio.done = true;
  if (dio.iocb.result === null) ki_complete(sb.sim, dio.iocb, result);
  return result;
}

function* dio_complete_work(sb: SuperBlock, q: RequestQueue, dio: IomapDio, dops: IomapDioOps): Sim<void> {
  yield 'iomap_dio_complete_work';
  yield* dio_complete(sb, q, dio, dops);
}

function* dio_bio_end_io(sb: SuperBlock, q: RequestQueue, dio: IomapDio, dops: IomapDioOps, _bio: Bio): Sim<void> {
  dio.remaining--;
  // Completions commute with each other and with the submitter's increments as long as none
  // could become the last: while the submitter holds its bias, or when a decrement leaves at
  // least 2 (one that leaves 1 or 0 — the next one, or this one, completes the I/O — is exclusive).
  countAccess(sb.sim, dio.countKey, dio.biased || dio.remaining >= 2);
  if (dio.remaining > 0) return;
  if (dio.iocb.sync) {
    wake_up_all(dio.wait);
    return;
  }
  yield* dops.end_io_irq(dio);
  if (needsCompletionWork(dio)) {
    queue_work(sb.sim, `dio-complete ${dio.iocb.id}`, dio_complete_work(sb, q, dio, dops));
  } else {
    yield* dio_complete(sb, q, dio, dops);
  }
}
