import { describe, expect, test } from 'vitest';
import { createLocking } from '../../src/locks/locking.js';
import { randomStrategy } from '../../src/sim/strategies/random.js';
import { SuperBlock } from '../../src/vfs/superblock.js';
import { attachFrozenWriteOracle } from '../../src/check/frozen-write.js';
import { SB_FREEZE_COMPLETE, SB_FREEZE_FS, SB_UNFROZEN } from '../../src/vfs/freeze.js';

function world() {
  const { sim, lockdep } = createLocking({ strategy: randomStrategy(1) });
  const sb = new SuperBlock(sim, lockdep, 4096, 8);
  attachFrozenWriteOracle(sb);
  const a = sb.newInode('/a');
  const block = sb.alloc.alloc({ ino: a.ino, fileBlock: 0 })!;
  const write = (by: string) => sb.writeBlock({ block, offset: 0, length: 10, intendedFor: { ino: a.ino, fileBlock: 0 }, by }, 1);
  return { sim, sb, a, write };
}

describe('frozen-write oracle', () => {
  test('a block write and an i_size change after freeze_super returned are each a frozen-write', () => {
    const { sim, sb, a, write } = world();
    sb.s_writers.frozen = SB_FREEZE_COMPLETE;
    write('w1');
    sb.i_size_write(a, 4096);
    expect(sim.verdicts.map((v) => v.kind)).toEqual(['frozen-write', 'frozen-write']);
    expect(sim.verdicts[0]!.message).toContain('w1 wrote 10 bytes into device block');
    expect(sim.verdicts[1]!.message).toContain('i_size_write');
  });

  test('the same changes while unfrozen, or while freeze_super still waits for writers (SB_FREEZE_FS), are not', () => {
    for (const level of [SB_UNFROZEN, SB_FREEZE_FS] as const) {
      const { sim, sb, a, write } = world();
      sb.s_writers.frozen = level;
      write('w1');
      sb.i_size_write(a, 4096);
      sb.freeBlocksFrom(a, 0);
      expect(sim.verdicts).toEqual([]);
    }
  });
});
