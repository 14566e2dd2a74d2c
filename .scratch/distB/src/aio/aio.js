import { syscall } from '../sim/syscall.js';
import { WaitQueue, wait_event, wake_up_all } from '../sim/waitqueue.js';
import { queue_work } from '../sim/workqueue.js';
import { EIOCBQUEUED } from '../vfs/kiocb.js';
export class Kioctx {
    sb;
    task;
    submitted = [];
    /** Called once per kiocb when it completes (the scenario runner records the op's end). */
    onComplete = new Map();
    wq;
    constructor(sb, task) {
        this.sb = sb;
        this.task = task;
        this.wq = new WaitQueue(sb.sim, `io_getevents of ${task.name}`, () => this.pending().map((k) => `aio ${k.id} (in flight)`));
    }
    pending() {
        return this.submitted.filter((k) => k.result === null);
    }
}
/** A write's kiocb carries no buffer (its payload is `fill`); they all share this empty one. */
const NO_BUFFER = Buffer.alloc(0);
export function newKiocb(task, req, sync, notify) {
    return {
        id: req.id, task, inode: req.inode, pos: req.pos, count: req.count, dir: req.dir, fill: req.fill,
        buffer: req.dir === 'read' ? Buffer.alloc(req.count) : NO_BUFFER, sync, result: null, completedStep: -1, completedAt: -1, fsPrivate: {}, notify,
    };
}
/**
 * io_submit(2) of one iocb; returns the kiocb (result set once it completes). The kiocb holds a
 * reference to the file until it completes (fs/aio.c; "aio: hold an extra file reference over
 * AIO read/write operations", 2016), so closing or unlinking the file while the I/O is in
 * flight defers eviction to the completion's fput — which runs it from a kworker, as
 * delayed_fput does for an fput from interrupt context.
 */
export function* io_submit(ctx, req) {
    const sb = ctx.sb;
    req.inode.openCount++;
    const iocb = newKiocb(ctx.task, req, false, (done) => {
        ctx.onComplete.get(done)?.();
        wake_up_all(ctx.wq);
        fput(sb, done.inode);
    });
    ctx.submitted.push(iocb);
    const fs = ctx.sb.fs;
    yield* syscall(ctx.sb.sim, 'io_submit', (function* () {
        const ret = req.dir === 'write' ? yield* fs.write_iter(iocb, req.direct) : yield* fs.read_iter(iocb, req.direct);
        // A file system may complete an AIO synchronously (forced sync, error before queuing).
        if (ret !== EIOCBQUEUED && iocb.result === null) {
            iocb.result = ret;
            iocb.completedStep = ctx.sb.sim.steps;
            iocb.completedAt = ctx.sb.sim.now;
            iocb.notify?.(iocb);
        }
        return 1;
    })());
    return iocb;
}
/** Drops a file reference; the last one of an unlinked inode evicts it from a kworker. */
export function fput(sb, inode) {
    inode.openCount--;
    if (inode.openCount === 0 && inode.nlink === 0 && inode.state === 'live') {
        queue_work(sb.sim, `delayed_fput ino ${inode.ino}`, sb.evict(inode));
    }
}
/** io_getevents(2): sleeps until every kiocb in `which` has completed. */
export function* io_getevents(ctx, which) {
    return yield* syscall(ctx.sb.sim, 'io_getevents', (function* () {
        yield* wait_event(ctx.wq, () => which.every((k) => k.result !== null), 'io_getevents (sleeping)');
        return which.length;
    })());
}
/** pread(2)/pwrite(2): a sync kiocb through the same file system entry points. */
export function* sync_rw(sb, task, req) {
    const iocb = newKiocb(task, req, true, null);
    const fs = sb.fs;
    yield* syscall(sb.sim, req.dir === 'write' ? 'pwrite64' : 'pread64', (function* () {
        const ret = req.dir === 'write' ? yield* fs.write_iter(iocb, req.direct) : yield* fs.read_iter(iocb, req.direct);
        if (iocb.result === null) {
            iocb.result = ret;
            iocb.completedStep = sb.sim.steps;
            iocb.completedAt = sb.sim.now;
        }
        return ret;
    })());
    return iocb;
}
