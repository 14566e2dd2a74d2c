/**
 * The block allocator. Freed blocks are reused last-in first-out, as real allocators tend to
 * hand back recently freed space: a write that arrives late into a freed block lands in the
 * data of whoever got it next — the consequence the historic truncate races had.
 *
 * Every block records its owner (inode, file block), so the ownership oracle can tell when an
 * I/O lands in a block the file no longer owns.
 */
import { shared, touchBlock } from '../sim/footprint.js';
import type { Simulator } from '../sim/simulator.js';
import type { TraceEventBase } from '../sim/trace.js';

export interface BlockOwner {
  readonly ino: number;
  readonly fileBlock: number;
}

/** A device block was handed to a file, or given back (type 'alloc'). */
export interface BlockAllocEvent extends TraceEventBase {
  readonly type: 'alloc';
  readonly op: 'alloc' | 'free';
  readonly block: number;
  readonly ino: number;
  readonly fileBlock: number;
}

const ALLOCATOR_UNTRACKED: ReadonlySet<keyof BlockAllocator> = new Set<keyof BlockAllocator>(['sim', 'owner']);

export class BlockAllocator {
  readonly owner: Array<BlockOwner | null>;
  /** Free blocks; the top (end) is handed out next. */
  private readonly free: number[] = [];

  constructor(
    readonly sim: Simulator,
    blocks: number,
  ) {
    this.owner = new Array<BlockOwner | null>(blocks).fill(null);
    for (let b = blocks - 1; b >= 0; b--) this.free.push(b);
    // The free list is one object; owner records are per block (blk:N), like the device's blocks.
    return shared(sim, this, 'alloc', ALLOCATOR_UNTRACKED);
  }

  get freeCount(): number {
    return this.free.length;
  }

  /** Returns the block, or null when the device is full (-ENOSPC). */
  alloc(owner: BlockOwner): number | null {
    const block = this.free.pop();
    if (block === undefined) return null;
    touchBlock(this.sim, block);
    this.owner[block] = owner;
    this.emit('alloc', block, owner);
    return block;
  }

  release(block: number): void {
    touchBlock(this.sim, block);
    const owner = this.owner[block];
    if (!owner) return;
    this.owner[block] = null;
    this.free.push(block);
    this.emit('free', block, owner);
  }

  private emit(op: 'alloc' | 'free', block: number, owner: BlockOwner): void {
    if (!this.sim.trace.recording) return;
    this.sim.emit({ t: this.sim.now, ctx: this.sim.currentId, type: 'alloc', op, block, ino: owner.ino, fileBlock: owner.fileBlock } satisfies BlockAllocEvent);
  }
}
