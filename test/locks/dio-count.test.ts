import { describe, expect, test } from 'vitest';
import { spawn, world } from '../helpers.js';
import { DioCount, inode_dio_begin, inode_dio_end, inode_dio_wait } from '../../src/locks/dio-count.js';
import { Completion, complete, complete_all, wait_for_completion } from '../../src/locks/completion.js';
import { timedStrategy } from '../../src/sim/strategies/timed.js';
import type { Sim } from '../../src/sim/sim.js';

describe('i_dio_count', () => {
  test('inode_dio_wait sleeps until the last in-flight I/O calls inode_dio_end', () => {
    const l = world(timedStrategy(1));
    const dio = new DioCount(l.lockdep, 'i_dio_count (ino 12)');
    const log: string[] = [];
    spawn(l, 'app', function* () {
      for (const [tag, latency] of [
        ['w1', 300],
        ['w2', 700],
      ] as const) {
        yield* inode_dio_begin(dio, tag);
        l.sim.spawn(
          'irq',
          `irq/${tag}`,
          (function* () {
            yield* inode_dio_end(dio, tag);
            log.push(`end ${tag} @${l.sim.now}`);
          })(),
          { at: l.sim.now + latency },
        );
      }
    });
    spawn(l, 'truncate', function* () {
      yield 'setattr';
      yield* inode_dio_wait(dio);
      log.push(`drained @${l.sim.now}`);
    });
    const r = l.sim.run();
    expect(r.outcome).toBe('completed');
    expect(log).toEqual(['end w1 @300', 'end w2 @700', 'drained @700']);
  });

  test('inode_dio_wait with nothing in flight returns at once', () => {
    const l = world();
    const dio = new DioCount(l.lockdep, 'i_dio_count');
    let done = false;
    spawn(l, 'truncate', function* () {
      yield* inode_dio_wait(dio);
      done = true;
    });
    l.sim.run();
    expect(done).toBe(true);
  });

  test('a drain that can never finish is a deadlock naming what is in flight', () => {
    const l = world();
    const dio = new DioCount(l.lockdep, 'i_dio_count (ino 12)');
    spawn(l, 'app', function* () {
      yield* inode_dio_begin(dio, 'kiocb w1 of app/1');
      yield* inode_dio_wait(dio); // waits for its own I/O, which nobody completes
    });
    const r = l.sim.run();
    expect(r.outcome).toBe('deadlock');
    expect(r.verdicts[0]!.message).toContain('app/1 waits for i_dio_count (ino 12) to reach 0 held by kiocb w1 of app/1 (in flight)');
  });

  test('inode_dio_wait from a hard-irq context is sleep-in-atomic', () => {
    const l = world();
    const dio = new DioCount(l.lockdep, 'i_dio_count');
    spawn(l, 'irq/bio', () => inode_dio_wait(dio), 'irq');
    expect(l.sim.run().verdicts.map((v) => v.subkind)).toEqual(['sleep-in-atomic']);
  });
});

describe('completion', () => {
  /** Two tasks wait for one completion; an irq signals it with `signal`. */
  function race(signal: (c: Completion) => Sim<void>): { through: string[]; outcome: string } {
    const l = world();
    const c = new Completion(l.lockdep, 'bio done');
    const through: string[] = [];
    for (const n of ['a', 'b']) {
      spawn(l, n, function* () {
        yield* wait_for_completion(c);
        through.push(n);
      });
    }
    spawn(l, 'irq/1', () => signal(c), 'irq');
    return { through, outcome: l.sim.run().outcome };
  }

  test('complete() from irq context lets exactly one waiter through; the other never gets one', () => {
    const r = race(complete);
    expect(r.through).toHaveLength(1);
    expect(r.outcome).toBe('deadlock');
  });

  test('complete_all() lets every waiter through', () => {
    const r = race(complete_all);
    expect(r.outcome).toBe('completed');
    expect(r.through.sort()).toEqual(['a', 'b']);
  });
});
