import { describe, expect, test } from 'vitest';
import { FENCE_I } from '../../src/fs-impls/fence.js';
import { spawn, subkinds } from '../helpers.js';
import { evictingFs, volume } from './world.js';
import { down_read, down_write, up_write } from '../../src/locks/rwsem.js';
import type { SizeEvent } from '../../src/vfs/inode.js';

describe('inode: i_size_write', () => {
  test('sets i_size and records the old and new size', () => {
    const { sim, sb } = volume();
    const a = sb.newInode('/a');
    sb.i_size_write(a, 8192);
    sb.i_size_write(a, 100);
    expect(a.i_size).toBe(100);
    const events = sim.trace.events.filter((e) => e.type === 'i_size') as SizeEvent[];
    expect(events.map(({ ino, size, old }) => ({ ino, size, old }))).toEqual([
      { ino: a.ino, size: 8192, old: 0 },
      { ino: a.ino, size: 100, old: 8192 },
    ]);
    expect(sim.verdicts).toEqual([]);
  });

  test('on an evicted inode it is a use-after-free naming i_size_write', () => {
    const { sim, sb } = volume();
    const a = sb.newInode('/a');
    a.state = 'freed';
    sb.i_size_write(a, 4096);
    expect(sim.verdicts.map((v) => [v.kind, v.details.call])).toEqual([['use-after-free', 'i_size_write']]);
  });
});

describe('superblock: name space and blocks', () => {
  test('new inodes are numbered from 12 and found by path', () => {
    const { sb } = volume();
    const a = sb.newInode('/a');
    const b = sb.newInode('/b');
    expect([a.ino, b.ino]).toEqual([12, 13]);
    expect(sb.dentries.get('/b')).toBe(b);
    expect(a).toMatchObject({ i_size: 0, nlink: 1, openCount: 0, state: 'live' });
  });

  test('freeBlocksFrom frees the blocks from a file block on, highest first, so LIFO reuse hands out the lowest next', () => {
    const { sb } = volume();
    const a = sb.newInode('/a');
    for (let fb = 0; fb < 4; fb++) a.extents.set(fb, { block: sb.alloc.alloc({ ino: a.ino, fileBlock: fb })!, state: 'mapped' });
    const blockOf = (fb: number) => a.extents.get(fb)!.block;
    const [b1, b2, b3] = [blockOf(1), blockOf(2), blockOf(3)];
    sb.freeBlocksFrom(a, 1);
    expect([...a.extents.keys()]).toEqual([0]);
    expect([b1, b2, b3].map((b) => sb.alloc.ownerOf(b))).toEqual([null, null, null]);
    expect([1, 2, 3].map((fb) => sb.alloc.alloc({ ino: 13, fileBlock: fb }))).toEqual([b1, b2, b3]);
  });

  test('writeBlock tells the oracles before the data lands', () => {
    const { sb } = volume();
    const a = sb.newInode('/a');
    const block = sb.alloc.alloc({ ino: a.ino, fileBlock: 0 })!;
    const seen: string[] = [];
    sb.onDeviceWrite.push((access) => {
      const buf = Buffer.alloc(1);
      sb.readBlock(access.block, access.offset, 1, buf, 0);
      seen.push(`${access.by} sees ${buf[0]}`);
    });
    sb.writeBlock({ block, offset: 0, length: 10, intendedFor: { ino: a.ino, fileBlock: 0 }, by: 'w1' }, 'W'.charCodeAt(0));
    expect(seen).toEqual(['w1 sees 0']);
    const after = Buffer.alloc(10);
    sb.readBlock(block, 0, 10, after, 0);
    expect(after.toString('latin1')).toBe('W'.repeat(10));
  });
});

describe('superblock: file references', () => {
  test('fileRefs takes (+1), drops (-1) or only reads (0) the open count, and returns it', () => {
    const { sb } = volume();
    const a = sb.newInode('/a');
    expect([sb.fileRefs(a, 1), sb.fileRefs(a, 1), sb.fileRefs(a, 0), sb.fileRefs(a, -1), sb.fileRefs(a, -1)]).toEqual([1, 2, 2, 1, 0]);
    expect(a.openCount).toBe(0);
  });
});

describe('superblock: eviction and use-after-free', () => {
  test('evict runs ->evict_inode (its blocks are freed), then frees the inode and its locks', () => {
    const { sim, sb } = volume();
    const calls: string[] = [];
    sb.fs = evictingFs(sb, calls);
    const a = sb.newInode('/a');
    a.extents.set(0, { block: sb.alloc.alloc({ ino: a.ino, fileBlock: 0 })!, state: 'mapped' });
    sim.spawn('worker', 'kworker/evict', sb.evict(a));
    sim.run();
    expect(calls).toEqual([`evict_inode ${a.ino}`]);
    expect(a.state).toBe('freed');
    expect(sb.alloc.freeCount).toBe(8);
    expect([a.i_rwsem.freed, FENCE_I(a).sem.freed]).toEqual([true, true]);
    expect(sim.verdicts).toEqual([]);
  });

  test('two evictions of one inode race: ->evict_inode runs once (I_FREEING is set before it sleeps)', () => {
    const { sim, sb } = volume();
    const calls: string[] = [];
    sb.fs = evictingFs(sb, calls);
    const a = sb.newInode('/a');
    sim.spawn('worker', 'kworker/1', sb.evict(a));
    sim.spawn('worker', 'kworker/2', sb.evict(a));
    sim.run();
    expect(calls).toEqual([`evict_inode ${a.ino}`]);
    expect(a.state).toBe('freed');
  });

  // lockdep checks only the freeing task's own held locks (debug_check_no_locks_freed); another task's hold is aiosim's own verdict.
  test("freeing an inode whose i_rwsem another task holds is aiosim's freed-while-held verdict", () => {
    const l = volume();
    const { sim, sb } = l;
    sb.fs = evictingFs(sb);
    const a = sb.newInode('/a');
    spawn(l, 'holder', function* () {
      yield* down_write(a.i_rwsem);
      yield 'critical section';
      yield 'critical section';
      yield* up_write(a.i_rwsem);
    });
    spawn(l, 'evictor', () => sb.evict(a), 'worker');
    // Let the holder take the lock first, then run the eviction to its end.
    sim.stepContext(sim.contexts[0]!);
    sim.stepContext(sim.contexts[0]!);
    while (sim.contexts[1]!.state !== 'done') sim.stepContext(sim.contexts[1]!);
    expect(subkinds(sim.verdicts)).toEqual(['freed-while-held']);
    expect(sim.verdicts[0]!.message).toContain('holder/');
  });

  test('touching an evicted inode is reported once per inode, naming the call; a live inode is not', () => {
    const { sim, sb } = volume();
    sb.fs = evictingFs(sb);
    const a = sb.newInode('/a');
    const b = sb.newInode('/b');
    sim.spawn('worker', 'kworker/evict', sb.evict(a));
    sim.run();
    sb.touch(b, 'iomap_begin');
    expect(sim.verdicts).toEqual([]);
    sb.touch(a, 'iomap_begin');
    sb.touch(a, 'iomap_dio_rw');
    expect(sim.verdicts.map((v) => v.kind)).toEqual(['use-after-free']);
    expect(sim.verdicts[0]!.message).toBe('the kernel touched inode 12 (/a) in iomap_begin after it was evicted and freed');
  });

  test('a lock of an evicted inode is freed memory: taking it is a use-after-free', () => {
    const l = volume();
    const { sim, sb } = l;
    sb.fs = evictingFs(sb);
    const a = sb.newInode('/a');
    sim.spawn('worker', 'kworker/evict', sb.evict(a));
    sim.run();
    spawn(l, 'late', function* () {
      yield* down_read(a.i_rwsem);
    });
    sim.run();
    expect(sim.verdicts.map((v) => v.kind)).toEqual(['use-after-free']);
    expect(sim.verdicts[0]!.message).toContain('i_rwsem (ino 12)');
  });
});
