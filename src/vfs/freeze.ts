/**
 * Freeze protection (fs/super.c, include/linux/fs.h): `sb->s_writers`, one percpu_rw_semaphore
 * per freeze level. Every path that modifies the file system holds a level's read side while
 * it does (sb_start_write for write(2), truncate, fallocate; sb_start_intwrite for a file
 * system's internal transactions); freeze_super takes every level for write, in order, so it
 * waits for the modifications in progress and blocks new ones until thaw_super.
 *
 * An AIO write holds SB_FREEZE_WRITE from submission until its completion (kiocb_start_write
 * / kiocb_end_write, Jan Kara's 70fe2f48152e, 2016): the submitter tells lockdep at once that
 * it released it (__sb_writers_release) — it returns to user space with the I/O in flight —
 * and the completion tells lockdep it holds it again (__sb_writers_acquired) before
 * sb_end_write. That is the kernel's own hold-until-complete, with the lockdep hand-off the
 * RFC copied for i_rwsem.
 *
 * Where the model simplifies:
 * - Levels SB_FREEZE_WRITE and SB_FREEZE_FS are modelled. SB_FREEZE_PAGEFAULT is not: nothing
 *   in the model faults pages in. freeze_super's sync_filesystem between the levels has no
 *   work: the model has no dirty page cache (a buffered write reaches its blocks at once).
 * - Who takes SB_FREEZE_FS's read side: the model's metadata changes are not journalled
 *   transactions; the post-EOF trim at close and inode eviction take it, as xfs_trans_alloc
 *   does under xfs_free_eofblocks and xfs_inactive. The unwritten-extent conversion of an AIO
 *   completion does not (XFS's transaction would; ext4's conversion is what 70fe2f48152e's
 *   reproducer caught): it is covered by the AIO's SB_FREEZE_WRITE hold, which is the point.
 * - s_umount, freeze holders (kernel vs user space) and nested freezes are not modelled: a
 *   freeze of a frozen file system is -EBUSY and a thaw of a thawed one -EINVAL, as for
 *   FIFREEZE/FITHAW.
 */
import { lockClass } from '../locks/lock-class.js';
import type { HandoffToken, Lockdep } from '../locks/lockdep.js';
import {
  PercpuRwSemaphore,
  percpu_down_read,
  percpu_down_write,
  percpu_rwsem_acquire,
  percpu_rwsem_release,
  percpu_up_read,
  percpu_up_write,
} from '../locks/percpu-rwsem.js';
import type { Sim } from '../sim/sim.js';
import type { Simulator } from '../sim/simulator.js';
import type { TraceEventBase } from '../sim/trace.js';
import { EBUSY, EINVAL, type Kiocb } from './kiocb.js';

/** enum sb_freeze_level (SB_FREEZE_PAGEFAULT, 2, is not modelled). */
export const SB_UNFROZEN = 0;
export const SB_FREEZE_WRITE = 1;
export const SB_FREEZE_FS = 3;
export const SB_FREEZE_COMPLETE = 4;
export type SbFreezeLevel = typeof SB_UNFROZEN | typeof SB_FREEZE_WRITE | typeof SB_FREEZE_FS | typeof SB_FREEZE_COMPLETE;

/** The modelled levels, in the order freeze_super takes them. */
const LEVELS = [SB_FREEZE_WRITE, SB_FREEZE_FS] as const;
type Level = (typeof LEVELS)[number];

/** The file system's freeze state changed (freeze_super returned, or thaw_super began). */
export interface FreezeEvent extends TraceEventBase {
  readonly type: 'freeze';
  readonly frozen: boolean;
}

/** struct sb_writers. */
export class SbWriters {
  /** sb->s_writers.frozen. */
  frozen: SbFreezeLevel = SB_UNFROZEN;
  readonly write: PercpuRwSemaphore;
  readonly fs: PercpuRwSemaphore;
  /** lockdep_sb_freeze_release's hand-offs, re-entered by whoever thaws (ownership goes to the thawer). */
  frozenBy: HandoffToken[] = [];

  constructor(
    readonly sim: Simulator,
    lockdep: Lockdep,
  ) {
    // The kernel's names (sb_writers_name[]) and one lock class per level and file system type.
    this.write = new PercpuRwSemaphore(lockdep, 'sb_writers', lockClass('sb_writers'));
    this.fs = new PercpuRwSemaphore(lockdep, 'sb_internal', lockClass('sb_internal'));
  }

  level(l: Level): PercpuRwSemaphore {
    return l === SB_FREEZE_WRITE ? this.write : this.fs;
  }

  /** Reads or changes `frozen`: the frozen-write oracle reads it in every step that modifies the file system. */
  access(change: boolean): void {
    if (this.sim.footprints) this.sim.access('sb:frozen', change ? '' : 'read');
  }
}

/** Anything with the superblock's freeze protection (the SuperBlock; kept structural to avoid a cycle). */
export interface Freezable {
  readonly s_writers: SbWriters;
}

/** sb_start_write(): waits while the file system is frozen (or being frozen). */
export function sb_start_write(sb: Freezable): Sim<void> {
  return percpu_down_read(sb.s_writers.write, 'sb_start_write');
}

export function sb_end_write(sb: Freezable): void {
  percpu_up_read(sb.s_writers.write, 'sb_end_write');
}

/** sb_start_intwrite(): a file system's internal modification (a transaction). */
export function sb_start_intwrite(sb: Freezable): Sim<void> {
  return percpu_down_read(sb.s_writers.fs, 'sb_start_intwrite');
}

export function sb_end_intwrite(sb: Freezable): void {
  percpu_up_read(sb.s_writers.fs, 'sb_end_intwrite');
}

/**
 * kiocb_start_write(): sb_start_write, then __sb_writers_release — lockdep forgets the hold at
 * once, because the submitter returns to user space while the write may still be in flight.
 * The token rides on the kiocb (IOCB_WRITE_STARTED) to kiocb_end_write.
 */
export function* kiocb_start_write(sb: Freezable, iocb: Kiocb): Sim<void> {
  yield* sb_start_write(sb);
  iocb.writeStarted = percpu_rwsem_release(sb.s_writers.write, '__sb_writers_release');
}

/** kiocb_end_write(): __sb_writers_acquired in the completing context, then sb_end_write. Never sleeps. */
export function kiocb_end_write(sb: Freezable, iocb: Kiocb): void {
  const token = iocb.writeStarted;
  if (!token) return;
  iocb.writeStarted = null;
  percpu_rwsem_acquire(sb.s_writers.write, token, '__sb_writers_acquired');
  sb_end_write(sb);
}

/** freeze_super() for FIFREEZE: 0, or -EBUSY when already frozen. */
export function* freeze_super(sb: Freezable): Sim<number> {
  yield 'freeze_super';
  const w = sb.s_writers;
  w.access(true);
  if (w.frozen !== SB_UNFROZEN) return EBUSY;
  for (const level of LEVELS) {
    // sb_wait_write(): new modifications at this level block, then the ones in progress drain.
    w.frozen = level;
    yield* percpu_down_write(w.level(level), 'sb_wait_write');
    w.access(true);
  }
  // ->freeze_fs has nothing to write back in the model. From here the file system is frozen.
  w.frozen = SB_FREEZE_COMPLETE;
  emitFreeze(w, true);
  // lockdep_sb_freeze_release(): user space owns the freeze now; lockdep forgets the holds.
  w.frozenBy = [...LEVELS].reverse().map((level) => percpu_rwsem_release(w.level(level), 'lockdep_sb_freeze_release'));
  return 0;
}

/** thaw_super() for FITHAW: 0, or -EINVAL when not frozen. Any task may thaw. */
export function* thaw_super(sb: Freezable): Sim<number> {
  yield 'thaw_super';
  const w = sb.s_writers;
  w.access(true);
  if (w.frozen !== SB_FREEZE_COMPLETE) return EINVAL;
  // lockdep_sb_freeze_acquire(): the thawing task takes over the holds.
  for (const token of w.frozenBy) percpu_rwsem_acquire(token.lock as PercpuRwSemaphore, token, 'lockdep_sb_freeze_acquire');
  w.frozenBy = [];
  w.frozen = SB_UNFROZEN;
  emitFreeze(w, false);
  // sb_freeze_unlock(): the levels in reverse order.
  for (const level of [...LEVELS].reverse()) yield* percpu_up_write(w.level(level), 'sb_freeze_unlock');
  return 0;
}

function emitFreeze(w: SbWriters, frozen: boolean): void {
  if (w.sim.trace.recording) w.sim.emit({ t: w.sim.now, ctx: w.sim.currentId, type: 'freeze', frozen } satisfies FreezeEvent);
}
