import { describe, expect, test } from 'vitest';
import { act, spawn, subkinds, world } from '../helpers.js';
import { Fence, abandonWriter, beginWrite, endReader, exitReader, reenterReader, tryBeginRead } from '../../src/locks/fence.js';
import { kfree } from '../../src/locks/kfree.js';
import type { Locking } from '../../src/locks/locking.js';
import type { Sim } from '../../src/sim/sim.js';
import { syscall } from '../../src/sim/syscall.js';
import { timedStrategy } from '../../src/sim/strategies/timed.js';
import { UserError } from '../../src/sim/errors.js';

/** A task that starts an I/O guarded by the fence and hands the read side to an irq completion. */
function submitter(l: Locking, f: Fence, name: string, latency: number, log: string[]): void {
  spawn(l, name, () =>
    syscall(
      l.sim,
      'io_submit',
      (function* (): Sim<number> {
        if (!(yield* tryBeginRead(f))) {
          log.push(`${name}: refused`);
          return -19; // -ENODEV: the object is going away
        }
        const token = exitReader(f);
        l.sim.spawn(
          'irq',
          `irq/${name}`,
          (function* () {
            reenterReader(f, token);
            log.push(`${name}: completed @${l.sim.now}`);
            yield* endReader(f);
          })(),
          { at: l.sim.now + latency },
        );
        return 0;
      })(),
    ),
  );
}

describe('fence (Gunthorpe)', () => {
  test('fence: destruction waits for every in-flight reader wherever it is, then frees cleanly', () => {
    const l = world(timedStrategy(1));
    const f = new Fence(l.lockdep, 'dev fence');
    const log: string[] = [];
    submitter(l, f, 'io1', 500, log);
    submitter(l, f, 'io2', 900, log);
    spawn(l, 'destroy', function* () {
      l.sim.sleepFor(100);
      yield 'later';
      yield* beginWrite(f);
      log.push(`fenced @${l.sim.now}`);
      yield* abandonWriter(f);
      kfree(l.lockdep, 'struct dev', [f.sem]);
    });
    const r = l.sim.run();
    expect(r.outcome).toBe('completed');
    expect(r.verdicts).toEqual([]);
    expect(log).toEqual(['io1: completed @500', 'io2: completed @900', 'fenced @900']);
  });

  test('fence: once a writer waits, tryBeginRead fails (no new readers during destruction)', () => {
    const l = world();
    const f = new Fence(l.lockdep, 'fence');
    const log: string[] = [];
    submitter(l, f, 'io1', 500, log);
    spawn(l, 'destroy', () => beginWrite(f));
    submitter(l, f, 'io2', 500, log);
    act(l, 'io1'); // tryBeginRead succeeds, hands the read side to its completion
    act(l, 'destroy'); // queues behind the in-flight reader
    act(l, 'io2'); // tryBeginRead sees the queued writer
    expect(f.sem.waiters.map((w) => w.ctx.name)).toEqual(['destroy']);
    expect(log).toEqual(['io2: refused']);
  });

  test('fence: after abandonWriter every tryBeginRead fails', () => {
    const l = world();
    const f = new Fence(l.lockdep, 'fence');
    const results: boolean[] = [];
    spawn(l, 'destroy', function* () {
      yield* beginWrite(f);
      yield* abandonWriter(f);
      results.push(yield* tryBeginRead(f));
    });
    expect(l.sim.run().verdicts).toEqual([]);
    expect(results).toEqual([false]);
    expect(f.abandoned).toBe(true);
  });

  test('fence: freeing without abandoning the writer is freed-while-locked; touching it after is use-after-free', () => {
    const l = world();
    const f = new Fence(l.lockdep, 'fence');
    spawn(l, 'destroy', function* () {
      yield* beginWrite(f);
      kfree(l.lockdep, 'struct dev', [f.sem]);
      yield* tryBeginRead(f);
    });
    expect(subkinds(l.sim.run().verdicts)).toEqual(['lockdep:freed-while-locked', 'use-after-free']);
  });

  test('fence: abandonWriter by a context that does not hold the writer side is API misuse', () => {
    const l = world();
    const f = new Fence(l.lockdep, 'fence');
    spawn(l, 'wrong', () => abandonWriter(f));
    expect(() => l.sim.run()).toThrow(UserError);
  });
});
