/**
 * The AIO syscalls (fs/aio.c): io_submit() builds a kiocb and calls the file system's
 * read_iter/write_iter; a queued direct I/O returns -EIOCBQUEUED and completes later through
 * ki_complete(), which posts an event; io_getevents() sleeps until the events it wants are
 * posted. One Kioctx per task (io_setup is implicit). Synchronous pread/pwrite use the same
 * kiocb with `sync` set.
 */
import { fput_last } from '../vfs/namespace.js';
import type { Context } from '../sim/context.js';
import type { Sim } from '../sim/sim.js';
import { shared } from '../sim/footprint.js';
import { ki_complete } from './ki-complete.js';
import type { Simulator } from '../sim/simulator.js';
import { syscall } from '../sim/syscall.js';
import { WaitQueue, wait_event, wake_up_all } from '../sim/waitqueue.js';
import { queue_work } from '../sim/workqueue.js';
import type { Inode } from '../vfs/inode.js';
import { EINVAL, EIOCBQUEUED, type Kiocb } from '../vfs/kiocb.js';
import type { SuperBlock } from '../vfs/superblock.js';
import { kiocb_end_write, kiocb_start_write, sb_end_write, sb_start_write } from '../vfs/freeze.js';

const KIOCTX_UNTRACKED: ReadonlySet<keyof Kioctx> = new Set<keyof Kioctx>(['sb', 'task', 'wq', 'name']);

export class Kioctx {
  readonly submitted: Kiocb[] = [];
  /** ctx->dead: kill_ioctx ran; no new request may be submitted. */
  dead = false;
  /** io_destroy (or exit_aio) returned: the application may free the memory of this context's requests. */
  destroyed = false;
  /**
   * Called once per kiocb, by request id, when it completes (the scenario runner records the
   * op's end). Set before io_submit: the I/O may complete before io_submit returns.
   */
  readonly onComplete = new Map<string, (iocb: Kiocb) => void>();
  readonly wq: WaitQueue;

  /**
   * @param name the scenario's name of an io_setup context; '' for the task's implicit one
   */
  constructor(
    readonly sb: SuperBlock,
    readonly task: Context,
    readonly name = '',
  ) {
    const what = name ? `${name} of ${task.name}` : task.name;
    this.wq = new WaitQueue(sb.sim, `io_getevents of ${what}`, () => this.pending().map((k) => `aio ${k.id} (in flight)`));
    return shared(sb.sim, this, name ? `kioctx:${task.name}:${name}` : `kioctx:${task.name}`, KIOCTX_UNTRACKED);
  }

  pending(): Kiocb[] {
    return this.submitted.filter((k) => k.result === null);
  }
}

export interface IoRequest {
  readonly id: string;
  readonly inode: Inode;
  readonly dir: 'read' | 'write';
  readonly pos: number;
  readonly count: number;
  readonly fill: number;
  readonly direct: boolean;
}

/** A write's kiocb carries no buffer (its payload is `fill`); they all share this empty one. */
const NO_BUFFER = Buffer.alloc(0);

/** A kiocb's fields that never change; the result, completion and private state do. */
const KIOCB_UNTRACKED: ReadonlySet<keyof Kiocb> = new Set<keyof Kiocb>(['id', 'task', 'inode', 'pos', 'count', 'dir', 'fill', 'sync', 'notify']);

export function newKiocb(sim: Simulator, task: Context, req: IoRequest, sync: boolean, notify: ((iocb: Kiocb) => void) | null): Kiocb {
  return shared<Kiocb>(
    sim,
    {
      id: req.id,
      task,
      inode: req.inode,
      pos: req.pos,
      count: req.count,
      dir: req.dir,
      fill: req.fill,
      buffer: req.dir === 'read' ? Buffer.alloc(req.count) : NO_BUFFER,
      sync,
      result: null,
      completedStep: -1,
      completedAt: -1,
      private: null,
      writeStarted: null,
      notify,
    },
    `iocb:${req.id}`,
    KIOCB_UNTRACKED,
  );
}

/**
 * io_submit(2) of one iocb; returns the kiocb (result set once it completes). The kiocb holds a
 * reference to the file until it completes (fs/aio.c; "aio: hold an extra file reference over
 * AIO read/write operations", 2016), so closing or unlinking the file while the I/O is in
 * flight defers eviction to the completion's fput — which runs it from a kworker, as
 * delayed_fput does for an fput from interrupt context.
 */
export function* io_submit(ctx: Kioctx, req: IoRequest): Sim<Kiocb> {
  const sb = ctx.sb;
  sb.fileRefs(req.inode, 1);
  const iocb = newKiocb(sb.sim, ctx.task, req, false, (done) => {
    // aio_complete_rw: the write's freeze protection ends before the event is posted.
    kiocb_end_write(sb, done);
    if (ctx.destroyed) reportDestroyedCompletion(ctx, done);
    ctx.onComplete.get(done.id)?.(done);
    wake_up_all(ctx.wq);
    fput(sb, done.inode);
  });
  ctx.submitted.push(iocb);
  yield* syscall(ctx.sb.sim, 'io_submit', aio_rw(sb, iocb, req.direct));
  return iocb;
}

/**
 * aio_read/aio_write: the file system's read_iter/write_iter with an async kiocb. (Kernel paths
 * are module-level generator functions, not generator expressions inside other generators: in
 * V8 those kept whole executions alive past young-generation collections, measured at a third
 * of the exploration's time in GC.)
 */
function* aio_rw(sb: SuperBlock, iocb: Kiocb, direct: boolean): Sim<number> {
  // aio_write: freeze protection from here until the completion (aio_complete_rw → kiocb_end_write).
  if (iocb.dir === 'write') yield* kiocb_start_write(sb, iocb);
  const ret = yield* rw_iter(sb, iocb, direct);
  // Before 70fe2f48152e the submitter ended it here, with the I/O still in flight.
  if (iocb.dir === 'write' && sb.fs.aioWriteFreezeProtection?.() === 'submission') kiocb_end_write(sb, iocb);
  // A file system may complete an AIO at once (forced sync, an error before queuing): then
  // io_submit completes it itself (fs/aio.c aio_rw_done).
  if (ret !== EIOCBQUEUED && iocb.result === null) ki_complete(sb.sim, iocb, ret);
  return 1;
}

/** ->write_iter or ->read_iter, by the kiocb's direction. */
function rw_iter(sb: SuperBlock, iocb: Kiocb, direct: boolean): Sim<number> {
  return iocb.dir === 'write' ? sb.fs.write_iter(iocb, direct) : sb.fs.read_iter(iocb, direct);
}

/** Drops a file reference; the last one of an unlinked inode evicts it from a kworker. */
export function fput(sb: SuperBlock, inode: Inode): void {
  if (fput_last(sb, inode)) {
    queue_work(sb.sim, `delayed_fput ino ${inode.ino}`, sb.evict(inode));
  }
}

/**
 * kill_ioctx() and the wait of io_destroy(2) / exit_aio(): the context is marked dead (no new
 * request), then the caller waits until its in-flight requests have completed. The kernel's
 * wait is the open-coded count + completion Jason Gunthorpe described: percpu_ref_kill of
 * ctx->reqs, whose release (free_ioctx_reqs) does complete(&ctx->rq_wait->comp) once the last
 * request is done; the model waits on the context's event queue until nothing is pending, which
 * every completion wakes. Returns 0, or -EINVAL for a context already dead.
 */
export function* kill_ioctx(ctx: Kioctx, wait = true): Sim<number> {
  yield 'kill_ioctx';
  if (ctx.dead) return EINVAL;
  ctx.dead = true;
  if (wait) yield* wait_event(ctx.wq, () => ctx.pending().length === 0, 'wait_for_completion(&wait.comp) (sleeping)');
  ctx.destroyed = true;
  return 0;
}

/** io_destroy(2). (exit_aio always waits, as "aio: block exit_aio() until all context requests are completed", 2014, made it; the model does not show the exit without it.) */
export function io_destroy(ctx: Kioctx): Sim<number> {
  return syscall(ctx.sb.sim, 'io_destroy', kill_ioctx(ctx, ctx.sb.fs.ioDestroyWaits?.() ?? true));
}

/**
 * A request of a destroyed context completed: io_destroy promised (man 2 io_destroy, and the
 * kernel since e02ba72aabfa) that it returns only once all of them have, so the application
 * may already have freed the request's buffer, which the I/O has just used.
 */
function reportDestroyedCompletion(ctx: Kioctx, iocb: Kiocb): void {
  const sim = ctx.sb.sim;
  sim.report(
    'use-after-free',
    `aio ${iocb.id} of ${ctx.name || 'the AIO context'} (${ctx.task.name}) completed after io_destroy returned: its ${iocb.dir === 'read' ? 'read filled' : 'write read'} a buffer the application was free to free`,
    { iocb: iocb.id, context: ctx.name, task: ctx.task.name },
  );
}

/** io_getevents(2): sleeps until every kiocb in `which` has completed. */
export function io_getevents(ctx: Kioctx, which: readonly Kiocb[]): Sim<number> {
  return syscall(ctx.sb.sim, 'io_getevents', read_events(ctx, which));
}

function* read_events(ctx: Kioctx, which: readonly Kiocb[]): Sim<number> {
  yield* wait_event(ctx.wq, () => which.every((k) => k.result !== null), 'io_getevents (sleeping)');
  return which.length;
}

/** pread(2)/pwrite(2): a sync kiocb through the same file system entry points. */
export function* sync_rw(sb: SuperBlock, task: Context, req: IoRequest): Sim<Kiocb> {
  const iocb = newKiocb(sb.sim, task, req, true, null);
  yield* syscall(sb.sim, req.dir === 'write' ? 'pwrite64' : 'pread64', sync_rw_iter(sb, iocb, req.direct));
  return iocb;
}

/** A sync kiocb's result is the syscall's return (no completion event). */
function* sync_rw_iter(sb: SuperBlock, iocb: Kiocb, direct: boolean): Sim<number> {
  // vfs_write: file_start_write … file_end_write around ->write_iter.
  const write = iocb.dir === 'write';
  if (write) yield* sb_start_write(sb);
  const ret = yield* rw_iter(sb, iocb, direct);
  if (write) sb_end_write(sb);
  if (iocb.result === null) {
    iocb.result = ret;
    iocb.completedStep = sb.sim.steps;
    iocb.completedAt = sb.sim.now;
  }
  return ret;
}
