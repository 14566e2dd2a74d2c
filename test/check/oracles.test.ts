import { describe, expect, test } from 'vitest';
import { createLocking } from '../../src/locks/locking.js';
import { randomStrategy } from '../../src/sim/strategies/random.js';
import { SuperBlock } from '../../src/vfs/superblock.js';
import { attachOwnershipOracle } from '../../src/check/ownership.js';
import { fsck } from '../../src/check/fsck.js';
import { checkReadNotStale } from '../../src/check/stale-data.js';
import { validateScenario } from '../../src/scenario/validate.js';
import type { HistoryOp } from '../../src/check/history.js';

function world() {
  const { sim, lockdep } = createLocking({ strategy: randomStrategy(1) });
  const sb = new SuperBlock(sim, lockdep, 4096, 8);
  return { sim, sb };
}

describe('ownership oracle', () => {
  test("a write meant for a block the file gave up is a freed-block-write; its owner's own write is not", () => {
    const { sim, sb } = world();
    attachOwnershipOracle(sb);
    const a = sb.newInode('/a');
    const b = sb.newInode('/b');
    const block = sb.alloc.alloc({ ino: a.ino, fileBlock: 0 })!;
    sb.writeBlock({ block, offset: 0, length: 10, intendedFor: { ino: a.ino, fileBlock: 0 }, by: 'w1' }, 1);
    expect(sim.verdicts).toEqual([]);
    sb.alloc.release(block);
    sb.alloc.alloc({ ino: b.ino, fileBlock: 3 }); // LIFO: /b gets it
    sb.writeBlock({ block, offset: 0, length: 10, intendedFor: { ino: a.ino, fileBlock: 0 }, by: 'w2' }, 1);
    expect(sim.verdicts.map((v) => v.kind)).toEqual(['freed-block-write']);
    expect(sim.verdicts[0]!.message).toContain('now belongs to /b');
  });
});

describe('fsck', () => {
  test('a leaked block and data past EOF are each reported; a clean volume is not', () => {
    const clean = world();
    const ino = clean.sb.newInode('/a');
    ino.i_size = 4096;
    ino.extents.set(0, { block: clean.sb.alloc.alloc({ ino: ino.ino, fileBlock: 0 })!, state: 'mapped' });
    fsck(clean.sb);
    expect(clean.sim.verdicts).toEqual([]);

    const { sim, sb } = world();
    const a = sb.newInode('/a');
    sb.alloc.alloc({ ino: a.ino, fileBlock: 5 }); // allocated, referenced by nobody
    a.extents.set(2, { block: sb.alloc.alloc({ ino: a.ino, fileBlock: 2 })!, state: 'mapped' }); // past EOF (i_size 0)
    fsck(sb);
    expect(sim.verdicts.map((v) => v.kind)).toEqual(['fsck']);
    const problems = sim.verdicts[0]!.details.problems as string[];
    expect(problems.some((p) => p.includes('leaked'))).toBe(true);
    expect(problems.some((p) => p.includes('past EOF'))).toBe(true);
  });

  test("a cross-linked block (two inodes' extents point at one device block) is reported, naming both", () => {
    const { sim, sb } = world();
    const a = sb.newInode('/a');
    const b = sb.newInode('/b');
    a.i_size = b.i_size = 4096;
    const block = sb.alloc.alloc({ ino: a.ino, fileBlock: 0 })!;
    a.extents.set(0, { block, state: 'mapped' });
    b.extents.set(0, { block, state: 'mapped' });
    fsck(sb);
    expect(sim.verdicts.map((v) => v.kind)).toEqual(['fsck']);
    const crossLink = `device block ${block} is used by both /a (ino 12) file block 0 and /b (ino 13) file block 0`;
    expect(sim.verdicts[0]!.message).toBe(`fsck: ${crossLink} (and 1 more problems)`);
    expect(sim.verdicts[0]!.details.problems).toEqual([
      crossLink,
      `/b (ino 13) file block 0 points at device block ${block}, which the allocator gives to ino 12 file block 0`,
    ]);
  });
});

describe('stale-data oracle', () => {
  const scenario = validateScenario(
    {
      version: 1,
      name: 's',
      title: 't',
      files: [
        { path: '/a', size: 8192, fill: 'a' },
        { path: '/b', size: 4096, fill: 'b' },
      ],
      tasks: [{ name: 'x', ops: [{ op: 'write', file: '/a', offset: 8192, length: 100, fill: 'W', direct: false }] }],
    },
    'test',
  );
  const read = (data: Buffer, offset = 0): HistoryOp => ({
    id: 'r',
    task: 'x',
    kind: 'read',
    file: '/a',
    ino: 12,
    offset,
    length: data.length,
    fill: 0,
    size: 0,
    mode: null,
    start: 0,
    end: 1,
    startT: 0,
    endT: 0,
    result: data.length,
    data,
  });

  test("bytes the file held (initial, written, zeros) pass; another file's bytes are stale", () => {
    const { sim } = world();
    checkReadNotStale(sim, scenario, read(Buffer.concat([Buffer.alloc(8192, 'a'), Buffer.alloc(100, 'W'), Buffer.alloc(10)])));
    expect(sim.verdicts).toEqual([]);
    checkReadNotStale(sim, scenario, read(Buffer.concat([Buffer.alloc(10, 'a'), Buffer.alloc(10, 'b')])));
    expect(sim.verdicts.map((v) => v.kind)).toEqual(['stale-data']);
    expect(sim.verdicts[0]!.message).toContain("it is /b's data");
    expect(sim.verdicts[0]!.details.offset).toBe(10);
  });

  test("a written byte outside that write's range is stale", () => {
    const { sim } = world();
    checkReadNotStale(sim, scenario, read(Buffer.alloc(4, 'W'), 100));
    expect(sim.verdicts.map((v) => v.kind)).toEqual(['stale-data']);
  });
});

describe('use-after-free on inodes', () => {
  test('touching an evicted inode is reported once, naming the inode and the call', () => {
    const { sim, sb } = world();
    const a = sb.newInode('/a');
    a.state = 'freed';
    sb.touch(a, 'iomap_begin');
    sb.touch(a, 'i_size_write');
    expect(sim.verdicts.map((v) => v.kind)).toEqual(['use-after-free']);
    expect(sim.verdicts[0]!.message).toContain('inode 12 (/a) in iomap_begin after it was evicted');
  });
});
