/**
 * The block allocator. Freed blocks are reused last-in first-out, as real allocators tend to
 * hand back recently freed space: a write that arrives late into a freed block lands in the
 * data of whoever got it next — the consequence the historic truncate races had.
 *
 * Every block records its owner (inode, file block), so the ownership oracle can tell when an
 * I/O lands in a block the file no longer owns. Both the free list and the owner records are
 * runs (run-map.ts): their cost follows the blocks a run hands out, not the device's size.
 */
import { shared, touchBlock } from '../sim/footprint.js';
import type { Simulator } from '../sim/simulator.js';
import type { TraceEventBase } from '../sim/trace.js';
import { RunMap, type RunValue } from './run-map.js';

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

const ALLOCATOR_UNTRACKED: ReadonlySet<keyof BlockAllocator> = new Set<keyof BlockAllocator>(['sim', 'owners']);

const OWNER_RUNS: RunValue<BlockOwner> = {
  shift: (o, d) => (d === 0 ? o : { ino: o.ino, fileBlock: o.fileBlock + d }),
  same: (a, b) => a.ino === b.ino && a.fileBlock === b.fileBlock,
};

/**
 * The free list is a LIFO stack of blocks, held as runs: [lo, hi) stands for the blocks
 * hi-1, …, lo pushed in that order, so lo is popped first. A new device is one run, and
 * freeing a file's blocks from the end back (as truncate does) pushes one run again: the
 * order blocks are handed out is exactly a plain stack's, at a cost of the runs, not the blocks.
 */
interface FreeRun {
  lo: number;
  readonly hi: number;
}

export class BlockAllocator {
  /** Owner records by device block, as runs (a file's contiguous blocks are one). */
  readonly owners = new RunMap(OWNER_RUNS);
  /** Free runs; the last is the top of the stack. */
  private readonly free: FreeRun[] = [];
  private freeBlocks: number;

  constructor(
    readonly sim: Simulator,
    readonly blocks: number,
  ) {
    if (blocks > 0) this.free.push({ lo: 0, hi: blocks });
    this.freeBlocks = blocks;
    // The free list is one object; owner records are per block (blk:N), like the device's blocks.
    return shared(sim, this, 'alloc', ALLOCATOR_UNTRACKED);
  }

  get freeCount(): number {
    return this.freeBlocks;
  }

  /** Who owns `block`, or null when it is free. */
  ownerOf(block: number): BlockOwner | null {
    return this.owners.get(block) ?? null;
  }

  /** Returns the block, or null when the device is full (-ENOSPC). */
  alloc(owner: BlockOwner): number | null {
    const top = this.free[this.free.length - 1];
    if (!top) return null;
    const block = top.lo++;
    if (top.lo === top.hi) this.free.pop();
    this.freeBlocks--;
    touchBlock(this.sim, block);
    this.owners.set(block, block + 1, owner);
    this.emit('alloc', block, owner);
    return block;
  }

  /**
   * `count` blocks for file blocks `owner.fileBlock`… in the order `count` alloc() calls would
   * hand them out, as [first block, count] pieces (one, on a fresh device); null if fewer are
   * free. For a scenario's initial files, before the run starts: no step, no footprint.
   */
  allocRange(owner: BlockOwner, count: number): Array<readonly [number, number]> | null {
    if (count > this.freeBlocks) return null;
    const pieces: Array<readonly [number, number]> = [];
    let fileBlock = owner.fileBlock;
    for (let left = count; left > 0; ) {
      const top = this.free[this.free.length - 1]!;
      const n = Math.min(left, top.hi - top.lo);
      const first = top.lo;
      top.lo += n;
      if (top.lo === top.hi) this.free.pop();
      this.owners.set(first, first + n, { ino: owner.ino, fileBlock });
      if (this.sim.trace.recording) for (let b = first; b < first + n; b++) this.emit('alloc', b, { ino: owner.ino, fileBlock: fileBlock + b - first });
      pieces.push([first, n]);
      fileBlock += n;
      left -= n;
    }
    this.freeBlocks -= count;
    return pieces;
  }

  release(block: number): void {
    touchBlock(this.sim, block);
    const owner = this.owners.get(block);
    if (!owner) return;
    this.owners.set(block, block + 1, undefined);
    const top = this.free[this.free.length - 1];
    if (top && top.lo === block + 1) top.lo = block;
    else this.free.push({ lo: block, hi: block + 1 });
    this.freeBlocks++;
    this.emit('free', block, owner);
  }
  /**
   * release() of every block in [lo, hi), from the last down to the first (the order truncate
   * frees a file's blocks in), at the cost of the owner runs there: the same free stack, owner
   * records, footprints and trace events as the block-by-block calls.
   */
  releaseRange(lo: number, hi: number): void {
    if (hi <= lo) return;
    if (this.sim.footprints) for (let b = hi - 1; b >= lo; b--) touchBlock(this.sim, b);
    const owned = [...this.owners.runs(lo, hi)];
    if (owned.length === 0) return;
    for (let i = owned.length - 1; i >= 0; i--) {
      const { start, end, value } = owned[i]!;
      const top = this.free[this.free.length - 1];
      if (top && top.lo === end) top.lo = start;
      else this.free.push({ lo: start, hi: end });
      this.freeBlocks += end - start;
      if (this.sim.trace.recording) for (let b = end - 1; b >= start; b--) this.emit('free', b, OWNER_RUNS.shift(value, b - start));
    }
    this.owners.set(lo, hi, undefined);
  }

  private emit(op: 'alloc' | 'free', block: number, owner: BlockOwner): void {
    if (!this.sim.trace.recording) return;
    this.sim.emit({ t: this.sim.now, ctx: this.sim.currentId, type: 'alloc', op, block, ino: owner.ino, fileBlock: owner.fileBlock } satisfies BlockAllocEvent);
  }
}
