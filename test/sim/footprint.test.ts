/**
 * What one step's footprint records, for the wrappers the dfs reduction relies on. Each test
 * runs one context whose single step does the accesses, and reads back what was recorded.
 */
import { StepRecorder } from '../../src/sim/step-recorder.js';
import { describe, expect, it } from 'vitest';
import { type Footprint, independent, shared, sharedEntries } from '../../src/sim/footprint.js';
import { Simulator } from '../../src/sim/simulator.js';
import type { Sim } from '../../src/sim/sim.js';
import { DEFAULT_KERNEL, createLocking } from '../../src/locks/locking.js';
import { SuperBlock } from '../../src/vfs/superblock.js';
import { DioCount, inode_dio_begin, inode_dio_end } from '../../src/locks/dio-count.js';
import { Lockdep } from '../../src/locks/lockdep.js';

/** A simulator whose strategy observes footprints; `step` runs `body` as one step and returns what it touched. */
function observer(): { sim: Simulator; step: (body: () => void) => Footprint } {
  const seen: Footprint[] = [];
  const recorder = new StepRecorder({ clockBlind: false, observe: (_ctx, fp) => void seen.push(fp) });
  const sim = new Simulator({ strategy: { name: 'observer', pickContext: () => 0, sample: (min) => min, recorder } });
  const step = (body: () => void): Footprint => {
    sim.spawn(
      'process',
      'p',
      (function* (): Sim<void> {
        body();
      })(),
    );
    seen.length = 0;
    sim.run();
    const fp = new Map(seen[0]!);
    fp.delete(`ctx:${sim.contexts.length}`); // the step's own context
    fp.delete('spawn');
    return fp;
  };
  return { sim, step };
}

describe('shared objects', () => {
  it('reading a plain field is a read; reading a field that holds an object, or writing, is exclusive', () => {
    const { sim, step } = observer();
    const obj = shared(sim, { n: 1, m: new Map<number, number>() }, 'obj');
    expect(step(() => obj.n)).toEqual(new Map([['obj', 'read']]));
    expect(step(() => obj.m)).toEqual(new Map([['obj', '']]));
    expect(step(() => (obj.n = 2))).toEqual(new Map([['obj', '']]));
  });

  it('per field: different fields are different objects', () => {
    const { sim, step } = observer();
    const obj = shared(sim, { a: 1, b: 2 }, 'obj', undefined, true);
    const readA = step(() => obj.a);
    const writeB = step(() => (obj.b = 3));
    expect(readA).toEqual(new Map([['obj.a', 'read']]));
    expect(independent(readA, writeB)).toBe(true);
    expect(
      independent(
        readA,
        step(() => (obj.a = 0)),
      ),
    ).toBe(false);
  });
});

describe('sharedEntries (an extent map)', () => {
  it('lookups and changes of different entries commute; iterating conflicts with every change', () => {
    const { sim, step } = observer();
    const map = sharedEntries(sim, new Map<number, string>([[1, 'x']]), 'ext');
    const get1 = step(() => map.get(1));
    const set2 = step(() => map.set(2, 'y'));
    const set1 = step(() => map.set(1, 'z'));
    const iterate = step(() => [...map]);
    expect(get1).toEqual(new Map([['ext:1', 'read']]));
    expect(set2).toEqual(
      new Map([
        ['ext:2', ''],
        ['ext', 'add'],
      ]),
    );
    expect(independent(get1, set2)).toBe(true);
    expect(independent(set1, set2)).toBe(true);
    expect(independent(get1, set1)).toBe(false);
    expect(independent(iterate, set2)).toBe(false);
    expect(
      independent(
        iterate,
        step(() => map.delete(1)),
      ),
    ).toBe(false);
    expect(
      independent(
        iterate,
        step(() => map.size),
      ),
    ).toBe(true);
    expect(() => step(() => map.clear())).toThrow(/not tracked/);
  });
});

describe('open counts (SuperBlock.fileRefs)', () => {
  /** An inode with `refs` open references, then one more step that changes the count by `delta`. */
  function change(refs: number, linked: boolean, delta: -1 | 0 | 1): string | undefined {
    const { sim, step } = observer();
    const { lockdep } = createLocking({ strategy: { name: 'unused', pickContext: () => 0, sample: (min) => min } });
    const sb = new SuperBlock(sim, lockdep, 4096, 8);
    const inode = sb.newInode('/f');
    inode.openCount = refs;
    if (!linked) inode.nlink = 0;
    return step(() => sb.fileRefs(inode, delta)).get(`ino:${inode.ino}.openCount`);
  }

  it('changes commute while the inode is linked, whatever the count', () => {
    expect(change(0, true, 1)).toBe('add');
    expect(change(1, true, -1)).toBe('add');
  });

  it('once unlinked, only changes and looks that keep the count at 2 or more on both sides commute', () => {
    expect(change(3, false, -1)).toBe('add');
    expect(change(2, false, -1)).toBe('');
    expect(change(1, true, 0)).toBe('');
    expect(change(2, false, 0)).toBe('add');
  });
});

describe('i_dio_count', () => {
  /** The footprint of a begin (+1) or an end (-1) of one I/O while `count` are in flight. */
  function change(count: number, delta: 1 | -1): string | undefined {
    const { sim, step } = observer();
    const dio = new DioCount(new Lockdep(sim, DEFAULT_KERNEL), 'i_dio_count (ino 12)');
    for (let i = 0; i < count; i++) {
      dio.count++;
      dio.inFlight.push(`io${i}`);
    }
    const body = delta > 0 ? inode_dio_begin(dio, 'new') : inode_dio_end(dio, 'io0');
    body.next(); // up to its scheduling point
    return step(() => void body.next()).get(dio.key);
  }

  it('a begin or an end that keeps the count at 2 or more on both sides commutes with another such change', () => {
    expect(change(2, 1)).toBe('add');
    expect(change(3, -1)).toBe('add');
  });

  it('one that touches 1 or 0 does not: swapped with another, the count could reach 0 and wake the waiters', () => {
    expect(change(0, 1)).toBe('');
    expect(change(1, 1)).toBe('');
    expect(change(2, -1)).toBe('');
  });
});
