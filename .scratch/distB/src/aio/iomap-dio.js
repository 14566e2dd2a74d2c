import { WaitQueue, wait_event, wake_up_all } from '../sim/waitqueue.js';
import { queue_work } from '../sim/workqueue.js';
import { EIOCBQUEUED, ENOSPC } from '../vfs/kiocb.js';
import { blockSegments } from '../vfs/segments.js';
import { submit_bio } from './blk-queue.js';
import { cpu } from './cpu-cost.js';
import { ki_complete } from './ki-complete.js';
export function needsCompletionWork(dio) {
    return dio.iocb.dir === 'write' && (dio.unwritten || dio.extending);
}
export function* iomap_dio_rw(sb, q, iocb, ops, dops) {
    const inode = iocb.inode;
    const bs = sb.blockSize;
    const write = iocb.dir === 'write';
    const dio = {
        iocb, inode, pos: iocb.pos, count: iocb.count, remaining: 1, unwritten: false, extending: false, error: 0, done: false,
        wait: new WaitQueue(sb.sim, `dio ${iocb.id} to complete`, () => [`bios of ${iocb.id} (in flight)`]),
        fsPrivate: iocb.fsPrivate,
    };
    yield 'i_size_read';
    sb.touch(inode, 'iomap_dio_rw');
    const size = inode.i_size;
    if (!write)
        dio.count = Math.max(0, Math.min(iocb.count, size - iocb.pos));
    else
        dio.extending = iocb.pos + iocb.count > size;
    yield* dops.dio_begin(dio);
    const bioDone = (bio) => dio_bio_end_io(sb, q, dio, dops, bio);
    for (const segment of blockSegments(dio.pos, dio.pos + dio.count, bs)) {
        if (!(yield* iomap_dio_bio_iter(sb, q, dio, segment, ops, bioDone, size)))
            break;
    }
    if (!iocb.sync)
        yield* dops.before_async_return(dio);
    dio.remaining--; // drop the submitter's bias
    if (dio.remaining > 0) {
        if (!iocb.sync)
            return EIOCBQUEUED;
        yield* wait_event(dio.wait, () => dio.remaining === 0, 'iomap_dio_rw: wait for completion (sleeping)');
    }
    // All bios are done: the submitter completes the I/O itself.
    return yield* dio_complete(sb, q, dio, dops);
}
/**
 * One block of the I/O (kernel: iomap_iter → iomap_dio_bio_iter): map it, then submit its bios —
 * a sub-block write into a new or unwritten block also zeroes the rest of it. False on ENOSPC.
 * (A function of its own: the submitter's frame stays small while bios are queued.)
 */
function* iomap_dio_bio_iter(sb, q, dio, segment, ops, bioDone, size) {
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
            dio.remaining++;
            yield* submit_bio(q, { op: 'read', block: map.block, offset: a, length: b - a, fill: 0, dest: { buffer: iocb.buffer, offset: off - dio.pos }, intendedFor: owner, by: iocb.id, end_io: bioDone });
        } // holes and unwritten blocks read as zeros: the buffer already is
        return true;
    }
    const needZeroout = map.isNew || map.state === 'unwritten';
    if (needZeroout)
        dio.unwritten = true;
    const bios = [];
    if (needZeroout && a > 0)
        bios.push({ op: 'write', block: map.block, offset: 0, length: a, fill: 0, intendedFor: owner, by: `${iocb.id} (zero head)`, end_io: bioDone });
    bios.push({ op: 'write', block: map.block, offset: a, length: b - a, fill: iocb.fill, intendedFor: owner, by: iocb.id, end_io: bioDone });
    if (b < bs && (needZeroout || fb * bs + b >= size)) {
        bios.push({ op: 'write', block: map.block, offset: b, length: bs - b, fill: 0, intendedFor: owner, by: `${iocb.id} (zero tail)`, end_io: bioDone });
    }
    for (const bio of bios) {
        dio.remaining++;
        yield* submit_bio(q, bio);
    }
    return true;
}
function* dio_complete(sb, q, dio, dops) {
    yield* cpu(sb.sim, q.cpuCosts.completion, 'iomap_dio_complete (CPU)');
    yield* dops.end_io(dio);
    const result = dio.error || dio.count;
    dio.done = true;
    if (dio.iocb.result === null)
        ki_complete(sb.sim, dio.iocb, result);
    return result;
}
function* dio_bio_end_io(sb, q, dio, dops, _bio) {
    dio.remaining--;
    if (dio.remaining > 0)
        return;
    if (dio.iocb.sync) {
        wake_up_all(dio.wait);
        return;
    }
    yield* dops.end_io_irq(dio);
    if (needsCompletionWork(dio)) {
        queue_work(sb.sim, `dio-complete ${dio.iocb.id}`, (function* () {
            yield 'iomap_dio_complete_work';
            yield* dio_complete(sb, q, dio, dops);
        })());
    }
    else {
        yield* dio_complete(sb, q, dio, dops);
    }
}
