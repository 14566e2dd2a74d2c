import { describe, expect, test } from 'vitest';
import { world } from '../helpers.js';
import { BlockAllocator, type BlockAllocEvent } from '../../src/vfs/block-allocator.js';

const allocator = (blocks: number) => {
  const { sim } = world();
  return { sim, alloc: new BlockAllocator(sim, blocks) };
};

describe('block allocator', () => {
  test('a fresh device hands out blocks in ascending order', () => {
    const { alloc } = allocator(4);
    expect([0, 1, 2, 3].map((fb) => alloc.alloc({ ino: 12, fileBlock: fb }))).toEqual([0, 1, 2, 3]);
  });

  test('freed blocks are reused last-in first-out, before never-used ones', () => {
    const { alloc } = allocator(8);
    for (let fb = 0; fb < 4; fb++) alloc.alloc({ ino: 12, fileBlock: fb }); // blocks 0..3
    alloc.release(2);
    alloc.release(0);
    expect(alloc.alloc({ ino: 13, fileBlock: 0 })).toBe(0); // the last freed
    expect(alloc.alloc({ ino: 13, fileBlock: 1 })).toBe(2);
    expect(alloc.alloc({ ino: 13, fileBlock: 2 })).toBe(4); // then fresh space
  });

  test('each block records its owner (inode, file block) until it is freed', () => {
    const { alloc } = allocator(4);
    const b = alloc.alloc({ ino: 12, fileBlock: 7 })!;
    expect(alloc.ownerOf(b)).toEqual({ ino: 12, fileBlock: 7 });
    alloc.release(b);
    expect(alloc.ownerOf(b)).toBeNull();
    alloc.alloc({ ino: 13, fileBlock: 0 });
    expect(alloc.ownerOf(b)).toEqual({ ino: 13, fileBlock: 0 }); // the new owner, as the ownership oracle sees it
  });

  test('a full device returns null (-ENOSPC) and counts no free block', () => {
    const { alloc } = allocator(2);
    alloc.alloc({ ino: 12, fileBlock: 0 });
    alloc.alloc({ ino: 12, fileBlock: 1 });
    expect(alloc.freeCount).toBe(0);
    expect(alloc.alloc({ ino: 12, fileBlock: 2 })).toBeNull();
  });

  test('freeing a free block is a no-op: the block is never handed out twice', () => {
    const { alloc } = allocator(4);
    const b = alloc.alloc({ ino: 12, fileBlock: 0 })!;
    alloc.release(b);
    alloc.release(b);
    expect(alloc.freeCount).toBe(4);
    const next = [alloc.alloc({ ino: 13, fileBlock: 0 }), alloc.alloc({ ino: 14, fileBlock: 0 })];
    expect(new Set(next).size).toBe(2);
  });

  test('alloc and free are trace events naming the block and its owner', () => {
    const { sim, alloc } = allocator(4);
    const b = alloc.alloc({ ino: 12, fileBlock: 3 })!;
    alloc.release(b);
    const events = sim.trace.events.filter((e) => e.type === 'alloc') as BlockAllocEvent[];
    expect(events.map(({ op, block, ino, fileBlock }) => ({ op, block, ino, fileBlock }))).toEqual([
      { op: 'alloc', block: b, ino: 12, fileBlock: 3 },
      { op: 'free', block: b, ino: 12, fileBlock: 3 },
    ]);
  });
});
