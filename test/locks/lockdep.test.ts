import { describe, expect, test } from 'vitest';
import { act, rwsem, spawn, subkinds, world } from '../helpers.js';
import {
  down_read,
  down_write,
  down_write_nested,
  rwsem_acquire_annotation,
  rwsem_exit_hold,
  rwsem_reenter_hold,
  up_read,
  up_write,
} from '../../src/locks/rwsem.js';
import { kfree } from '../../src/locks/kfree.js';
import type { Locking } from '../../src/locks/locking.js';
import type { ContextKind } from '../../src/sim/context.js';
import type { Sim } from '../../src/sim/sim.js';
import { syscall } from '../../src/sim/syscall.js';
import { replayStrategy } from '../../src/sim/strategies/replay.js';

/** A syscall body returning 0, the way io_submit returns to user space. */
function* sys(l: Locking, name: string, body: () => Sim<void>): Sim<void> {
  yield* syscall(
    l.sim,
    name,
    (function* (): Sim<number> {
      yield* body();
      return 0;
    })(),
  );
}

describe('lockdep fires', () => {
  test('lockdep held-at-user-return: a syscall returns with i_rwsem held', () => {
    const l = world();
    const sem = rwsem(l, 'i_rwsem', '&sb->s_type->i_mutex_key');
    spawn(l, 'app', () => sys(l, 'io_submit', () => down_read(sem)));
    const r = l.sim.run();
    expect(subkinds(r.verdicts)).toEqual(['lockdep:held-at-user-return']);
    expect(r.verdicts[0]!.details.splat).toContain('WARNING: lock held when returning to user space!');
    expect(r.verdicts[0]!.details.splat).toContain('app/1 is leaving the kernel with locks still held!');
  });

  for (const kind of ['worker', 'irq'] as ContextKind[]) {
    test(`lockdep bad-unlock: a ${kind} context releases a read lock a task took (no hand-off)`, () => {
      const l = world();
      const sem = rwsem(l);
      spawn(l, 'kthread', function* () {
        yield* down_read(sem);
        l.sim.spawn(
          kind,
          'completion',
          (function* () {
            yield* up_read(sem);
          })(),
        );
      });
      const r = l.sim.run();
      expect(subkinds(r.verdicts)).toEqual(['lockdep:bad-unlock']);
      expect(r.verdicts[0]!.details.splat).toContain('but there are no more locks to release!');
      expect(sem.isLocked()).toBe(false); // the lock itself was released: data stays safe
    });
  }

  test('lockdep recursive-locking: down_read of a class already held (two inodes, one class)', () => {
    const l = world();
    const a = rwsem(l, 'i_rwsem (ino 12)', 'i_mutex_key');
    const b = rwsem(l, 'i_rwsem (ino 13)', 'i_mutex_key');
    spawn(l, 'app', function* () {
      yield* down_read(a);
      yield* down_read(b);
      yield* up_read(b);
      yield* up_read(a);
    });
    const r = l.sim.run();
    expect(subkinds(r.verdicts)).toEqual(['lockdep:recursive-locking']);
    expect(r.verdicts[0]!.details.splat).toContain('May be due to missing lock nesting notation');
  });

  test('lockdep sleep-in-atomic: down_read from a hard-irq completion', () => {
    const l = world();
    const sem = rwsem(l);
    spawn(l, 'irq/bio', () => down_read(sem), 'irq');
    const r = l.sim.run();
    expect(subkinds(r.verdicts)).toContain('lockdep:sleep-in-atomic');
    expect(r.verdicts[0]!.details.splat).toMatch(/^BUG: sleeping function called from invalid context/);
  });

  test("lockdep inconsistent-irq-state: the RFC's rwsem_acquire_read from a hard-irq completion", () => {
    const l = world();
    const sem = rwsem(l, 'i_rwsem', 'i_mutex_key');
    spawn(l, 'app', () =>
      sys(l, 'io_submit', function* () {
        yield* down_write(sem); // {HARDIRQ-ON-W}
        rwsem_exit_hold(sem);
        l.sim.spawn(
          'irq',
          'irq/bio',
          (function* () {
            rwsem_acquire_annotation(sem, 'write'); // what hch's patch did: {IN-HARDIRQ-W}
            yield* up_write(sem);
          })(),
        );
      }),
    );
    const r = l.sim.run();
    // A current kernel checks the wait context first (a sleeping lock in a hard irq), then the usage.
    expect(subkinds(r.verdicts)).toEqual(['lockdep:invalid-wait-context', 'lockdep:inconsistent-irq-state']);
    expect(r.verdicts[0]!.details.splat).toContain('[ BUG: Invalid wait context ]');
    expect(r.verdicts[1]!.details.splat).toContain('inconsistent {HARDIRQ-ON-W} -> {IN-HARDIRQ-W} usage.');
  });

  test('lockdep freed-while-locked: freeing an object whose lock a task holds', () => {
    const l = world();
    const sem = rwsem(l);
    spawn(l, 'evict', function* () {
      yield* down_write(sem);
      kfree(l.lockdep, 'inode 12', [sem]);
    });
    expect(subkinds(l.sim.run().verdicts)).toEqual(['lockdep:freed-while-locked']);
  });

  test("freed-while-held (aiosim's check beyond lockdep): freeing while a handed-off reader is still in flight", () => {
    const l = world();
    const sem = rwsem(l);
    spawn(l, 'app', () =>
      sys(l, 'io_submit', function* () {
        yield* down_read(sem);
        rwsem_exit_hold(sem); // the I/O now owns the read hold
      }),
    );
    spawn(l, 'evict', function* () {
      yield 'evict';
      kfree(l.lockdep, 'inode 12', [sem]);
    });
    const r = l.sim.run();
    expect(subkinds(r.verdicts)).toEqual(['freed-while-held']);
    expect(r.verdicts[0]!.message).toContain('in flight (handed off by app/1)');
  });
});

describe('lockdep stays silent', () => {
  for (const kind of ['worker', 'irq'] as ContextKind[]) {
    test(`lockdep: a read lock taken in a syscall and released by a ${kind} after a hand-off is not a violation`, () => {
      const l = world();
      const sem = rwsem(l, 'i_rwsem', 'i_mutex_key');
      spawn(l, 'app', () =>
        sys(l, 'io_submit', function* () {
          yield* down_read(sem);
          const token = rwsem_exit_hold(sem);
          l.sim.spawn(
            kind,
            'completion',
            (function* () {
              rwsem_reenter_hold(sem, token);
              yield* up_read(sem);
            })(),
            { at: l.sim.now + 5000 },
          );
        }),
      );
      // Another task takes the class with interrupts enabled, so IRQ-usage tracking would notice.
      spawn(l, 'other', function* () {
        yield* down_write(sem);
        yield* up_write(sem);
      });
      const r = l.sim.run();
      expect(r.outcome).toBe('completed');
      expect(r.verdicts).toEqual([]);
    });
  }

  test('lockdep: nested locking of one class with a subclass annotation is not recursive', () => {
    const l = world();
    const a = rwsem(l, 'a', 'i_mutex_key');
    const b = rwsem(l, 'b', 'i_mutex_key');
    spawn(l, 'rename', function* () {
      yield* down_write(a);
      yield* down_write_nested(b, 1);
      yield* up_write(b);
      yield* up_write(a);
    });
    expect(l.sim.run().verdicts).toEqual([]);
  });

  test('lockdep: taking A then B in every task is a consistent order', () => {
    const l = world();
    const a = rwsem(l, 'A');
    const b = rwsem(l, 'B');
    for (const name of ['t1', 't2', 't3']) {
      spawn(l, name, function* () {
        yield* down_read(a);
        yield* down_write(b);
        yield* up_write(b);
        yield* up_read(a);
      });
    }
    expect(l.sim.run().verdicts).toEqual([]);
  });
});

describe('AB-BA across two process contexts', () => {
  function abba(l: Locking): void {
    const a = rwsem(l, 'A');
    const b = rwsem(l, 'B');
    spawn(l, 'p1', function* () {
      yield* down_write(a);
      yield* down_write(b);
      yield* up_write(b);
      yield* up_write(a);
    });
    spawn(l, 'p2', function* () {
      yield* down_write(b);
      yield* down_write(a);
      yield* up_write(a);
      yield* up_write(b);
    });
  }

  test('AB-BA: on a schedule where it deadlocks, the run ends in deadlock with the wait-for graph', () => {
    const l = world();
    abba(l);
    act(l, 'p1'); // p1 holds A
    act(l, 'p2'); // p2 holds B
    const r = l.sim.run();
    expect(r.outcome).toBe('deadlock');
    const deadlock = r.verdicts.find((v) => v.kind === 'deadlock')!;
    expect(deadlock.details.cycle).toEqual(['p1/1', 'p2/2', 'p1/1']);
    expect(deadlock.details.waitFor).toEqual([
      { waiter: 'p1/1', waitsFor: 'B for write', blockers: ['p2/2'] },
      { waiter: 'p2/2', waitsFor: 'A for write', blockers: ['p1/1'] },
    ]);
    // lockdep saw the inverted order before the hang, as the kernel would.
    expect(subkinds(r.verdicts)).toEqual(['lockdep:circular-dependency', 'deadlock']);
  });

  test('AB-BA: on a schedule where it does not deadlock, lockdep still reports the circular dependency', () => {
    const l = world(replayStrategy([0, 0, 0, 0, 0, 0, 0, 0, 0], { lenient: true })); // p1 runs to completion first
    abba(l);
    const r = l.sim.run();
    expect(r.outcome).toBe('completed');
    expect(subkinds(r.verdicts)).toEqual(['lockdep:circular-dependency']);
    const splat = r.verdicts[0]!.details.splat as string;
    expect(splat).toContain('WARNING: possible circular locking dependency detected');
    expect(splat).toContain('p2/2 is trying to acquire lock:');
    expect(splat).toContain('*** DEADLOCK ***');
  });
});
