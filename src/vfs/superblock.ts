/**
 * The mounted file system: device, allocator, the name space (path → inode), the file
 * system's ops table, and the helpers every scheme shares — i_size updates, extent mapping,
 * writing and freeing blocks, eviction, and the use-after-free check on inodes.
 *
 * Oracles observe the VFS through hooks (`onDeviceWrite`, `onDeviceRead`) so the VFS never
 * knows which checks run.
 */
import { DioCount } from '../locks/dio-count.js';
import { kfree } from '../locks/kfree.js';
import { lockClass } from '../locks/lock-class.js';
import type { Lockdep } from '../locks/lockdep.js';
import { RwSemaphore } from '../locks/rwsem.js';
import { taskName } from '../sim/context.js';
import { clearOfZero, countAccess, shared, touchBlock } from '../sim/footprint.js';
import type { Simulator } from '../sim/simulator.js';
import { BlockAllocator, type BlockOwner } from './block-allocator.js';
import { BlockDevice, type DiskArena } from './block-device.js';
import { ExtentMap } from './extent-map.js';
import { SbWriters, sb_end_intwrite, sb_start_intwrite } from './freeze.js';
import type { FileSystemOps } from './fs-ops.js';
import type { Inode, SizeEvent, SizeReadEvent } from './inode.js';

/** A transfer that reaches the device: who meant it for which (inode, file block). */
export interface DeviceAccess {
  readonly block: number;
  readonly offset: number;
  readonly length: number;
  readonly intendedFor: BlockOwner;
  /** Op id of the I/O ("w1"), or a description of the kernel path ("eof-zeroing"). */
  readonly by: string;
}

/** An inode's fields that never change (its extent map and locks record their own accesses), and its open count (see fileRefs). */
const INODE_UNTRACKED: ReadonlySet<keyof Inode> = new Set<keyof Inode>(['ino', 'path', 'extents', 'i_rwsem', 'i_dio', 'i_private', 'openCount']);

export class SuperBlock {
  readonly dev: BlockDevice;
  readonly alloc: BlockAllocator;
  readonly iRwsemClass = lockClass('&sb->s_type->i_mutex_key');
  readonly dentries: Map<string, Inode>;
  readonly inodes: Inode[];
  /** Called just before a write reaches the device (the ownership oracle listens). */
  readonly onDeviceWrite: Array<(access: DeviceAccess) => void> = [];
  /** Called when a file's metadata changes: its size or its extent map (the frozen-write oracle listens). */
  readonly onModify: Array<(inode: Inode, what: string) => void> = [];
  /** Freeze protection (sb->s_writers). */
  readonly s_writers: SbWriters;
  fs!: FileSystemOps;
  private nextIno = 12;
  private readonly uafReported = new Set<number>();

  constructor(
    readonly sim: Simulator,
    readonly lockdep: Lockdep,
    blockSize: number,
    blocks: number,
    arena?: DiskArena,
  ) {
    this.dev = new BlockDevice(blockSize, blocks, arena);
    this.alloc = new BlockAllocator(sim, blocks);
    this.s_writers = new SbWriters(sim, lockdep);
    this.dentries = shared(sim, new Map(), 'namespace');
    this.inodes = shared(sim, [], 'namespace');
  }

  get blockSize(): number {
    return this.dev.blockSize;
  }

  newInode(path: string): Inode {
    const ino = this.nextIno++;
    const inode = shared<Inode>(
      this.sim,
      {
        ino,
        path,
        i_size: 0,
        extents: new ExtentMap(this.sim, this.sim.footprints ? `ino:${ino}.extents` : ''),
        i_rwsem: new RwSemaphore(this.lockdep, `i_rwsem (ino ${ino})`, this.iRwsemClass),
        i_dio: new DioCount(this.lockdep, `i_dio_count (ino ${ino})`),
        // A bare superblock (unit tests of the VFS and the oracles) has no file system mounted yet.
        i_private: this.fs ? this.fs.alloc_inode(ino) : null,
        nlink: 1,
        openCount: 0,
        state: 'live',
      },
      `ino:${ino}`,
      INODE_UNTRACKED,
      true,
    );
    this.inodes.push(inode);
    this.dentries.set(path, inode);
    return inode;
  }

  /**
   * Takes (+1) or drops (-1) a reference to an open file of `inode`, or only looks (0); returns
   * the count. Only zero of an unlinked inode decides anything (eviction), so these commute:
   * changes while the inode is linked (they read `nlink`, which unlink writes), and changes
   * and looks that leave the count at 2 or more on both sides (moving one past others shifts
   * the count by 1, never to zero).
   */
  fileRefs(inode: Inode, delta: -1 | 0 | 1): number {
    const before = inode.openCount;
    inode.openCount = before + delta;
    if (this.sim.footprints) countAccess(this.sim, `ino:${inode.ino}.openCount`, (delta !== 0 && inode.nlink > 0) || clearOfZero(before, before + delta));
    return inode.openCount;
  }

  /** Touching an inode after it was freed is a use-after-free (KASAN's report), once per inode. */
  touch(inode: Inode, what: string): void {
    if (inode.state !== 'freed' || this.uafReported.has(inode.ino)) return;
    this.uafReported.add(inode.ino);
    const who = this.sim.currentId >= 0 ? taskName(this.sim.current) : 'the kernel';
    this.sim.report('use-after-free', `${who} touched inode ${inode.ino} (${inode.path}) in ${what} after it was evicted and freed`, {
      ino: inode.ino,
      path: inode.path,
      call: what,
    });
  }

  /** A change of `inode`'s size or extents, for the hooks (no-op without listeners). */
  noteModify(inode: Inode, what: string): void {
    for (const hook of this.onModify) hook(inode, what);
  }

  i_size_write(inode: Inode, size: number): void {
    this.touch(inode, 'i_size_write');
    this.noteModify(inode, 'i_size_write');
    const old = inode.i_size;
    inode.i_size = size;
    if (this.sim.trace.recording) this.sim.emit({ t: this.sim.now, ctx: this.sim.currentId, type: 'i_size', ino: inode.ino, size, old } satisfies SizeEvent);
  }

  /** i_size_read() of a value kept for later (fallocate's new size): traced as `i_size-read`, see SizeReadEvent. */
  i_size_read(inode: Inode, by: string): number {
    const size = inode.i_size;
    if (this.sim.trace.recording)
      this.sim.emit({ t: this.sim.now, ctx: this.sim.currentId, type: 'i_size-read', ino: inode.ino, size, by } satisfies SizeReadEvent);
    return size;
  }

  /** Writes `access.length` copies of `byte` into a block: bio completions, zeroing, buffered writes. */
  writeBlock(access: DeviceAccess, byte: number): void {
    touchBlock(this.sim, access.block);
    for (const hook of this.onDeviceWrite) hook(access);
    this.dev.fill(access.block, access.offset, access.length, byte);
  }

  /** A transfer from the device into memory (a read bio, a buffered read). */
  readBlock(block: number, offset: number, length: number, into: Buffer, intoOffset: number): void {
    touchBlock(this.sim, block);
    this.dev.readInto(block, offset, length, into, intoOffset);
  }

  /** Frees every block of `inode` from file block `from` on (truncate, punch, evict), last block first. */
  freeBlocksFrom(inode: Inode, from: number, to = Infinity): void {
    const runs = [...inode.extents.runs(from, to)];
    for (let i = runs.length - 1; i >= 0; i--) {
      const r = runs[i]!;
      this.noteModify(inode, 'freeing blocks');
      this.alloc.releaseRange(r.value.block, r.value.block + (r.end - r.start));
      inode.extents.deleteRange(r.start, r.end);
    }
  }

  /** The last reference is gone: the file system frees the blocks, then the inode memory. */
  *evict(inode: Inode): Generator<string, void, void> {
    if (inode.state !== 'live') return;
    inode.state = 'freeing';
    // Freeing the blocks is a transaction of the file system's (xfs_inactive → xfs_trans_alloc).
    yield* sb_start_intwrite(this);
    yield* this.fs.evict_inode(inode);
    sb_end_intwrite(this);
    kfree(this.lockdep, `inode ${inode.ino}`, [inode.i_rwsem, ...(inode.i_private?.locks ?? [])]);
    inode.state = 'freed';
  }
}
