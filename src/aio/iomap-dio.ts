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
 * Completion: each bio's end_io runs in hard-irq context; the last one completes the dio. The
 * file system says what completing means as an ordered list of steps (`completion`). An async
 * I/O whose last bio completes in the interrupt runs the `irq` steps there, then — if completion
 * work is needed (unwritten extent conversion, i_size update) — the `complete` steps in a
 * kworker, else in the interrupt. A sync I/O wakes its submitter, and an async one whose bios all
 * finished before submission ended is found done by it: the submitter then runs the steps. The one
 * step of this layer's own is `ki_complete` (iomap_dio_complete_work → iocb->ki_complete), which
 * every `complete` list holds exactly once: where it stands is where user space learns of it. The submitter holds a bias reference until it has submitted
 * everything, so a completion can never run before `before_async_return` (where a scheme that
 * holds i_rwsem hands it off); if the I/O already finished when the bias drops, the submitter
 * completes it inline and returns the byte count instead of -EIOCBQUEUED.
 *
 * Invariant the schemes rely on: every iomap_dio_rw() call runs its completion exactly once.
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

/** This layer's own completion step: report the I/O done to user space (iocb->ki_complete). */
export const KI_COMPLETE = 'ki_complete';

/** Where a completion starts: the last bio's end_io interrupt, or the submitter (it found the I/O done). */
export type CompletionStart = 'irq' | 'submitter';

/** A completion, in order. `S`: the file system's own steps (conversion, i_size, accounting, lock release). */
export interface DioCompletion<S extends string> {
  /** Run first, where the completion starts (the interrupt, before any deferral to a worker). */
  readonly irq: readonly S[];
  /** Run where the completion runs; holds KI_COMPLETE exactly once. */
  readonly complete: ReadonlyArray<S | typeof KI_COMPLETE>;
}

export interface IomapDioOps<P = unknown, S extends string = string> {
  /** Accounting when the I/O starts (inode_dio_begin, or a fence read side). */
  dio_begin(dio: IomapDio<P>): Sim<void>;
  /**
   * Async only: runs in the submitter after the last bio is submitted, while the bias still
   * keeps the completion from running (lock downgrade and hand-off go here).
   */
  before_async_return(dio: IomapDio<P>): Sim<void>;
  /** The steps of this I/O's completion, in order (the file system's end_io, spelled out). */
  completion(dio: IomapDio<P>, start: CompletionStart): DioCompletion<S>;
  /** Runs one of the file system's own completion steps. */
  end_io_step(step: S, dio: IomapDio<P>): Sim<void>;
}

export interface IomapDio<P = unknown> {
  readonly iocb: Kiocb<P>;
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
  readonly wait: WaitQueue;
}

export function needsCompletionWork(dio: IomapDio<unknown>): boolean {
  return dio.iocb.dir === 'write' && (dio.unwritten || dio.extending);
}

/** `remaining` and `biased` are recorded by whoever counts (see counted, bioSubmitted and dio_bio_end_io). */
const DIO_UNTRACKED: ReadonlySet<keyof IomapDio> = new Set<keyof IomapDio>(['iocb', 'inode', 'wait', 'remaining', 'biased', 'countKey']);

/** The DIO, as its submitter touches the count (dropping its bias, or waiting for zero): exclusive. */
function counted<D extends IomapDio<unknown>>(sb: SuperBlock, dio: D): D {
  sb.sim.access(dio.countKey);
  return dio;
}

/**
 * One more bio in flight. The submitter still holds its bias, so the count cannot reach zero
 * before the bias drop (an exclusive access) whatever the order of these increments and the
 * completions' decrements: they commute.
 */
function bioSubmitted(sb: SuperBlock, dio: IomapDio<unknown>): void {
  dio.remaining++;
  countAccess(sb.sim, dio.countKey, true);
}

export function* iomap_dio_rw<P, S extends string>(sb: SuperBlock, q: RequestQueue, iocb: Kiocb<P>, ops: IomapOps, dops: IomapDioOps<P, S>): Sim<number> {
  const inode = iocb.inode;
  const bs = sb.blockSize;
  const write = iocb.dir === 'write';
  // Keyed like its kiocb: one I/O, one object to footprints (the scheme's state is on the kiocb).
  const dio = shared<IomapDio<P>>(
    sb.sim,
    {
      iocb,
      inode,
      pos: iocb.pos,
      count: iocb.count,
      remaining: 1,
      biased: true,
      countKey: sb.sim.footprints ? `iocb:${iocb.id}:remaining` : '',
      unwritten: false,
      extending: false,
      error: 0,
      wait: new WaitQueue(sb.sim, `dio ${iocb.id} to complete`, () => [`bios of ${iocb.id} (in flight)`]),
    },
    `iocb:${iocb.id}`,
    DIO_UNTRACKED,
  );
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
  if (--dio.remaining > 0) {
    // drop the submitter's bias
    if (!iocb.sync) return EIOCBQUEUED;
    yield* wait_event(dio.wait, () => counted(sb, dio).remaining === 0, 'iomap_dio_rw: wait for completion (sleeping)');
  }
  // All bios are done: the submitter completes the I/O itself.
  const steps = dops.completion(dio, 'submitter');
  yield* dio_steps(dio, dops, steps.irq);
  return yield* dio_complete(sb, q, dio, dops, steps.complete);
}

/** Runs the file system's own steps of a completion. */
function* dio_steps<P, S extends string>(dio: IomapDio<P>, dops: IomapDioOps<P, S>, steps: readonly S[]): Sim<void> {
  for (let i = 0; i < steps.length; i++) yield* dops.end_io_step(steps[i]!, dio);
}

/**
 * One block of the I/O (kernel: iomap_iter → iomap_dio_bio_iter): map it, then submit its bios —
 * a sub-block write into a new or unwritten block also zeroes the rest of it. False on ENOSPC.
 * (A function of its own: the submitter's frame stays small while bios are queued.)
 */
function* iomap_dio_bio_iter(
  sb: SuperBlock,
  q: RequestQueue,
  dio: IomapDio,
  segment: Segment,
  ops: IomapOps,
  bioDone: (bio: Bio) => Sim<void>,
  size: number,
): Sim<boolean> {
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
      yield* submit_bio(q, {
        op: 'read',
        block: map.block,
        offset: a,
        length: b - a,
        fill: 0,
        dest: { buffer: iocb.buffer, offset: off - dio.pos },
        intendedFor: owner,
        by: iocb.id,
        end_io: bioDone,
      });
    } // holes and unwritten blocks read as zeros: the buffer already is
    return true;
  }
  const needZeroout = map.isNew || map.state === 'unwritten';
  if (needZeroout) dio.unwritten = true;
  const bios: Bio[] = [];
  if (needZeroout && a > 0)
    bios.push({ op: 'write', block: map.block, offset: 0, length: a, fill: 0, intendedFor: owner, by: `${iocb.id} (zero head)`, end_io: bioDone });
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

/** iomap_dio_complete: the file system's `complete` steps in order, ki_complete among them. */
function* dio_complete<P, S extends string>(
  sb: SuperBlock,
  q: RequestQueue,
  dio: IomapDio<P>,
  dops: IomapDioOps<P, S>,
  steps: DioCompletion<S>['complete'],
): Sim<number> {
  yield* cpu(sb.sim, q.cpuCosts.completion, 'iomap_dio_complete (CPU)');
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i]!;
    if (step !== KI_COMPLETE) yield* dops.end_io_step(step, dio);
    else ki_complete(sb.sim, dio.iocb, dio.error || dio.count);
  }
  return dio.error || dio.count;
}

function* dio_complete_work<P, S extends string>(
  sb: SuperBlock,
  q: RequestQueue,
  dio: IomapDio<P>,
  dops: IomapDioOps<P, S>,
  steps: DioCompletion<S>['complete'],
): Sim<void> {
  yield 'iomap_dio_complete_work';
  yield* dio_complete(sb, q, dio, dops, steps);
}

function* dio_bio_end_io<P, S extends string>(sb: SuperBlock, q: RequestQueue, dio: IomapDio<P>, dops: IomapDioOps<P, S>, _bio: Bio): Sim<void> {
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
  const steps = dops.completion(dio, 'irq');
  yield* dio_steps(dio, dops, steps.irq);
  if (needsCompletionWork(dio)) {
    queue_work(sb.sim, `dio-complete ${dio.iocb.id}`, dio_complete_work(sb, q, dio, dops, steps.complete));
  } else {
    yield* dio_complete(sb, q, dio, dops, steps.complete);
  }
}
