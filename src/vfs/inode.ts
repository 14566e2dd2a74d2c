/**
 * struct inode, reduced to what direct I/O and its locking touch: i_size, the extent map
 * (file block → device block, mapped or unwritten; absent = hole), i_rwsem, i_dio_count, link
 * and open counts, and the eviction state. A file system's own per-inode fields (the `fence`
 * scheme's fence) are in `i_private`, the part of the struct its container_of would reach.
 */
import type { RwSemaphore } from '../locks/rwsem.js';
import type { DioCount } from '../locks/dio-count.js';
import type { TraceEventBase } from '../sim/trace.js';
import type { ExtentMap } from './extent-map.js';

export type { Extent, ExtentState } from './extent-map.js';

export type InodeState = 'live' | 'freeing' | 'freed';

export interface Inode {
  readonly ino: number;
  /** Name it was created under (kept after unlink for reports). */
  readonly path: string;
  i_size: number;
  /** Held as runs of contiguous blocks (extent-map.ts). */
  readonly extents: ExtentMap;
  readonly i_rwsem: RwSemaphore;
  readonly i_dio: DioCount;
  /** The file system's own part of the inode (->alloc_inode); null when it has none. */
  readonly i_private: InodePrivate | null;
  nlink: number;
  openCount: number;
  /** I_FREEING once eviction starts; freed after: any touch is a use-after-free. */
  state: InodeState;
}

/**
 * A file system's fields of an inode (xfs_inode around its struct inode). Freed with the inode:
 * its locks are checked by lockdep's free check like the inode's own.
 */
export interface InodePrivate {
  readonly locks: readonly RwSemaphore[];
}

export interface SizeEvent extends TraceEventBase {
  readonly type: 'i_size';
  readonly ino: number;
  readonly size: number;
  readonly old: number;
}

/**
 * i_size_read() whose value is kept for a later decision (fallocate computing the size it will
 * set): the sample is what a race invalidates, so the trace shows it. Reads that are used at
 * once are not traced (they would be most of a trace and explain nothing).
 */
export interface SizeReadEvent extends TraceEventBase {
  readonly type: 'i_size-read';
  readonly ino: number;
  readonly size: number;
  /** Who keeps the value, and for what. */
  readonly by: string;
}
