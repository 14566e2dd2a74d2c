import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { world } from '../helpers.js';
import { BlockAllocator } from '../../src/vfs/block-allocator.js';
import { BlockDevice } from '../../src/vfs/block-device.js';

const read = (dev: BlockDevice, block: number, offset: number, length: number): string => {
  const buf = Buffer.alloc(length, '?');
  dev.readInto(block, offset, length, buf, 0);
  return buf.toString('latin1').replaceAll('\0', '.');
};

describe('sparse disk model', () => {
  test('device: a described range reads as its byte and writes nothing out until a partial write', () => {
    const dev = new BlockDevice(4096, 1 << 20); // 4 GiB
    dev.describe(1000, 900_000, 'a'.charCodeAt(0));
    expect(read(dev, 899_999, 4090, 6)).toBe('aaaaaa'); // within one block: readInto never crosses one
    expect(read(dev, 900_000, 0, 2)).toBe('..');
    dev.fill(5000, 0, 4096, 'B'.charCodeAt(0)); // a whole block stays a description
    expect(dev.materialized).toBe(0);
    dev.fill(7000, 10, 2, 'C'.charCodeAt(0));
    dev.fill(7001, 0, 1, 'D'.charCodeAt(0));
    expect(dev.materialized).toBe(2);
    expect(read(dev, 7000, 8, 6)).toBe('aaCCaa');
    expect(read(dev, 7001, 0, 3)).toBe('Daa');
    expect(read(dev, 5000, 4094, 2) + read(dev, 5001, 0, 2)).toBe('BBaa');
  });

  test('device: consecutive materialized blocks each read their own slot', () => {
    const dev = new BlockDevice(512, 16);
    for (let b = 3; b < 7; b++) dev.fill(b, 1, 1, 65 + b);
    expect([3, 4, 5, 6].map((b) => read(dev, b, 0, 3))).toEqual(['.D.', '.E.', '.F.', '.G.']);
    expect([...dev.contents(2, 8)].map((r) => ('slot' in r ? `${r.start}-${r.end}@${r.slot}` : `${r.start}-${r.end}:${r.byte}`))).toEqual([
      '2-3:0',
      '3-7@0',
      '7-8:0',
    ]);
  });

  test('allocator: allocRange hands out exactly the blocks that as many alloc() calls would, after any history', () => {
    const history = fc.array(fc.oneof(fc.constant(-1), fc.nat(31)), { maxLength: 60 });
    fc.assert(
      fc.property(history, fc.nat(20), (steps, n) => {
        const { sim } = world();
        const a = new BlockAllocator(sim, 32);
        const b = new BlockAllocator(sim, 32);
        let fb = 0;
        for (const s of steps) {
          if (s < 0) {
            a.alloc({ ino: 1, fileBlock: fb });
            b.alloc({ ino: 1, fileBlock: fb++ });
          } else {
            a.release(s);
            b.release(s);
          }
        }
        const one = Array.from({ length: Math.min(n, a.freeCount) }, (_, i) => a.alloc({ ino: 2, fileBlock: i }));
        const pieces = b.allocRange({ ino: 2, fileBlock: 0 }, one.length) ?? [];
        expect(pieces.flatMap(([first, count]) => Array.from({ length: count }, (_, i) => first + i))).toEqual(one);
        expect(one.map((blk) => b.ownerOf(blk!))).toEqual(one.map((blk) => a.ownerOf(blk!)));
        expect(b.freeCount).toBe(a.freeCount);
      }),
    );
  });

  test('allocator: releaseRange frees as release() from the last block down would: same stack, owners and count', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(31), { maxLength: 40 }), fc.nat(31), fc.nat(31), (frees, x, y) => {
        const { sim } = world();
        const a = new BlockAllocator(sim, 32);
        const b = new BlockAllocator(sim, 32);
        for (let fb = 0; fb < 32; fb++) for (const al of [a, b]) al.alloc({ ino: 1, fileBlock: fb });
        for (const f of frees) for (const al of [a, b]) al.release(f);
        const [lo, hi] = [Math.min(x, y), Math.max(x, y) + 1];
        for (let blk = hi - 1; blk >= lo; blk--) a.release(blk);
        b.releaseRange(lo, hi);
        expect(b.freeCount).toBe(a.freeCount);
        const all = (al: BlockAllocator) => Array.from({ length: 32 }, (_, i) => al.ownerOf(i));
        expect(all(b)).toEqual(all(a));
        const next = (al: BlockAllocator) => Array.from({ length: al.freeCount }, (_, i) => al.alloc({ ino: 2, fileBlock: i }));
        expect(next(b)).toEqual(next(a));
      }),
    );
  });

  test('allocator: a device of a million blocks costs one free run, and freeing a file back to front keeps it one', () => {
    const { sim } = world();
    const a = new BlockAllocator(sim, 1 << 20);
    const pieces = a.allocRange({ ino: 3, fileBlock: 0 }, 1000)!;
    expect(pieces).toEqual([[0, 1000]]);
    expect(a.owners.runCount).toBe(1);
    for (let blk = 999; blk >= 0; blk--) a.release(blk);
    expect(a.owners.runCount).toBe(0);
    expect(a.alloc({ ino: 4, fileBlock: 0 })).toBe(0);
    expect(a.freeCount).toBe((1 << 20) - 1);
  });
});
