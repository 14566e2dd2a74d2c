/**
 * struct kiocb (include/linux/fs.h): one I/O request as the file system sees it. io_submit
 * builds one per iocb; synchronous read/write build a sync one (is_sync_kiocb). The file
 * system keeps its own per-I/O state in `private` (kiocb->private: which lock mode it holds,
 * its lockdep hand-off token), typed by the scheme (`P`); null until the file system sets it.
 */
import type { HandoffToken } from '../locks/lockdep.js';
import type { Context } from '../sim/context.js';
import type { Inode } from './inode.js';

/** -EIOCBQUEUED: the I/O was queued and will complete asynchronously (include/linux/errno.h: 529). */
export const EIOCBQUEUED = -529;
export const ENOSPC = -28;
export const EEXIST = -17;
export const ENOENT = -2;
export const EBADF = -9;
export const EBUSY = -16;
export const EINVAL = -22;

export interface Kiocb<P = unknown> {
  /** The scenario op id, or a generated one ("app#2"). */
  readonly id: string;
  /** The task that submitted it. */
  readonly task: Context;
  readonly inode: Inode;
  readonly pos: number;
  readonly count: number;
  readonly dir: 'read' | 'write';
  /** Byte written (the op's fill character); reads ignore it. */
  readonly fill: number;
  /** Read destination: `count` bytes. */
  readonly buffer: Buffer;
  /** is_sync_kiocb(): the submitter waits for completion. */
  readonly sync: boolean;
  /** Set by ki_complete: bytes transferred or -errno. */
  result: number | null;
  /** Step at which ki_complete ran (the completion's real-time point), and its virtual time (ns). */
  completedStep: number;
  completedAt: number;
  /** The file system's state of this I/O, set when its read_iter/write_iter takes the I/O on. */
  private: P | null;
  /** IOCB_WRITE_STARTED: the AIO write's freeze protection, handed from kiocb_start_write to kiocb_end_write. */
  writeStarted: HandoffToken | null;
  /** Called by ki_complete (the aio layer posts the event and wakes io_getevents). */
  readonly notify: ((iocb: Kiocb) => void) | null;
}
