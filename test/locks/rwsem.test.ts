import { describe, expect, test } from 'vitest';
import { act, ctxNamed, rwsem, spawn, subkinds, world } from '../helpers.js';
import {
  MAX_READERS_WAKEUP,
  RWSEM_SPIN_STEPS,
  RWSEM_WAIT_TIMEOUT_NS,
  type RwSemaphore,
  down_read,
  down_read_non_owner,
  down_read_trylock,
  down_write,
  down_write_trylock,
  downgrade_write,
  up_read,
  up_read_non_owner,
  up_write,
} from '../../src/locks/rwsem.js';
import type { Locking } from '../../src/locks/locking.js';
import type { Sim } from '../../src/sim/sim.js';
import { syscall } from '../../src/sim/syscall.js';

const readerNames = (sem: RwSemaphore) => sem.readers.map((h) => h.ctx?.name ?? h.note).sort();
const queue = (sem: RwSemaphore) => sem.waiters.map((w) => `${w.type[0]}:${w.ctx.name}`);

function reader(l: Locking, sem: RwSemaphore, name: string): void {
  spawn(l, name, function* () {
    yield* down_read(sem);
    yield 'critical section';
    yield* up_read(sem);
  });
}
function writer(l: Locking, sem: RwSemaphore, name: string): void {
  spawn(l, name, function* () {
    yield* down_write(sem);
    yield 'critical section';
    yield* up_write(sem);
  });
}

describe('rwsem', () => {
  test('rwsem: a reader never overtakes a queued writer while the lock is held (writer bias)', () => {
    const l = world();
    const sem = rwsem(l);
    reader(l, sem, 'r1');
    writer(l, sem, 'w');
    reader(l, sem, 'r2');
    act(l, 'r1'); // r1 holds read
    act(l, 'w'); // w queues behind r1
    act(l, 'r2'); // r2 would be compatible with r1, but a writer waits
    expect(readerNames(sem)).toEqual(['r1']);
    expect(queue(sem)).toEqual(['w:w', 'r:r2']);
    expect(ctxNamed(l, 'r2').state).toBe('blocked');
    expect(l.sim.run().outcome).toBe('completed');
  });

  test('rwsem: down_read_trylock fails whenever anyone is queued, even if only readers hold it', () => {
    const l = world();
    const sem = rwsem(l);
    const results: boolean[] = [];
    reader(l, sem, 'r1');
    writer(l, sem, 'w');
    spawn(l, 't', function* () {
      const ok = yield* down_read_trylock(sem);
      results.push(ok);
      if (ok) yield* up_read(sem);
    });
    act(l, 'r1');
    act(l, 'w');
    act(l, 't');
    expect(results).toEqual([false]);
    expect(readerNames(sem)).toEqual(['r1']);
  });

  test('rwsem: down_read_trylock succeeds while only readers hold it and nobody waits', () => {
    const l = world();
    const sem = rwsem(l);
    const results: boolean[] = [];
    reader(l, sem, 'r1');
    spawn(l, 't', function* () {
      results.push(yield* down_read_trylock(sem));
      yield* up_read(sem);
    });
    act(l, 'r1');
    act(l, 't');
    expect(results).toEqual([true]);
    expect(readerNames(sem)).toEqual(['r1', 't']);
  });

  test('rwsem: down_write_trylock succeeds only from completely unlocked with nobody queued', () => {
    const l = world();
    const sem = rwsem(l);
    const results: boolean[] = [];
    reader(l, sem, 'r1');
    spawn(l, 't', function* () {
      results.push(yield* down_write_trylock(sem));
      yield 'again';
      const ok = yield* down_write_trylock(sem);
      results.push(ok);
      if (ok) yield* up_write(sem);
    });
    act(l, 'r1');
    act(l, 't'); // reader holds → fails
    act(l, 'r1'); // critical section
    act(l, 'r1'); // up_read
    act(l, 't'); // 'again'
    act(l, 't'); // free → succeeds
    expect(results).toEqual([false, true]);
    expect(sem.writer?.ctx?.name).toBe('t');
  });

  test('rwsem: a reader at the head grants every queued reader, skipping writers', () => {
    const l = world();
    const sem = rwsem(l);
    writer(l, sem, 'w0');
    reader(l, sem, 'r1');
    writer(l, sem, 'w2');
    reader(l, sem, 'r3');
    reader(l, sem, 'r4');
    for (const n of ['w0', 'r1', 'w2', 'r3', 'r4']) act(l, n);
    expect(queue(sem)).toEqual(['r:r1', 'w:w2', 'r:r3', 'r:r4']);
    act(l, 'w0'); // critical section
    act(l, 'w0'); // up_write: head is a reader → r1, r3, r4 granted before they run
    expect(readerNames(sem)).toEqual(['r1', 'r3', 'r4']);
    expect(queue(sem)).toEqual(['w:w2']);
    expect(['r1', 'r3', 'r4'].map((n) => ctxNamed(l, n).state)).toEqual(['runnable', 'runnable', 'runnable']);
    expect(ctxNamed(l, 'w2').state).toBe('blocked');
    expect(l.sim.run().outcome).toBe('completed');
  });

  test(`rwsem: one wake-up grants at most ${MAX_READERS_WAKEUP} readers`, () => {
    const l = world();
    const sem = rwsem(l);
    writer(l, sem, 'w');
    const n = MAX_READERS_WAKEUP + 10;
    for (let i = 0; i < n; i++) reader(l, sem, `r${i}`);
    act(l, 'w');
    for (let i = 0; i < n; i++) act(l, `r${i}`);
    act(l, 'w');
    act(l, 'w'); // up_write
    expect(sem.readers).toHaveLength(MAX_READERS_WAKEUP);
    expect(sem.waiters).toHaveLength(10);
    expect(l.sim.run().outcome).toBe('completed');
  });

  test('rwsem: a writer at the head is woken but not granted; a writer that just queued can take the lock first', () => {
    const l = world();
    const sem = rwsem(l);
    reader(l, sem, 'r');
    writer(l, sem, 'w1');
    writer(l, sem, 'w2');
    act(l, 'r');
    act(l, 'w1'); // queues
    act(l, 'r'); // critical section
    act(l, 'r'); // up_read → w1 woken, lock free, not granted
    expect(ctxNamed(l, 'w1').state).toBe('runnable');
    expect(sem.writer).toBeNull();
    act(l, 'w2'); // fast path fails (w1 queued); queues, tries once, takes the free lock
    expect(sem.writer?.ctx?.name).toBe('w2');
    act(l, 'w1'); // w1 runs, fails, sleeps again at the head
    expect(ctxNamed(l, 'w1').state).toBe('blocked');
    expect(queue(sem)).toEqual(['w:w1']);
    expect(l.sim.run().outcome).toBe('completed');
  });

  test('rwsem: a reader steals a free lock from a woken writer that has not run yet', () => {
    const l = world();
    const sem = rwsem(l);
    reader(l, sem, 'r1');
    writer(l, sem, 'w');
    reader(l, sem, 'r2');
    act(l, 'r1');
    act(l, 'w');
    act(l, 'r1');
    act(l, 'r1'); // up_read → w woken
    act(l, 'r2'); // lock free, no handoff → steal
    expect(readerNames(sem)).toEqual(['r2']);
    expect(l.sim.trace.events.some((e) => e.type === 'lock' && (e as { op?: string }).op === 'steal')).toBe(true);
    act(l, 'w');
    expect(ctxNamed(l, 'w').state).toBe('blocked');
  });

  /** r1 read-holds for `holdNs`; w queues at t=0; after r1's up_read r2 steals; does w then set the handoff bit? */
  function handoffAfter(holdNs: number, hz = 1000): { l: ReturnType<typeof world>; sem: ReturnType<typeof rwsem> } {
    const l = world(undefined, undefined, { hz });
    const sem = rwsem(l);
    const sim = l.sim;
    spawn(l, 'r1', function* () {
      yield* down_read(sem);
      sim.sleepFor(holdNs);
      yield 'msleep';
      yield* up_read(sem);
    });
    writer(l, sem, 'w');
    reader(l, sem, 'r2');
    reader(l, sem, 'r3');
    act(l, 'r1'); // read-held, then sleeps
    act(l, 'w'); // queued at t=0: timeout = jiffies 0 + DIV_ROUND_UP(HZ, 250)
    act(l, 'r1'); // wakes (the clock moves) and reaches up_read
    act(l, 'r1'); // up_read → w woken
    act(l, 'r2'); // steals the free lock
    act(l, 'w'); // still busy: handoff only if time_after(jiffies, timeout)
    return { l, sem };
  }

  test('rwsem: a writer past its jiffy deadline sets the handoff bit, and then nobody steals', () => {
    const { l, sem } = handoffAfter(5_000_000); // jiffies 5 > timeout 4 at HZ=1000
    expect(sem.handoff).toBe(true);
    act(l, 'r3'); // no steal under handoff: queues even though only a reader holds it
    expect(queue(sem)).toEqual(['w:w', 'r:r3']);
    act(l, 'r2');
    act(l, 'r2'); // up_read → w woken, and now it wins
    act(l, 'w');
    expect(sem.writer?.ctx?.name).toBe('w');
    expect(sem.handoff).toBe(false);
  });

  test('rwsem: the deadline is time_after(jiffies, timeout): strict and jiffy-granular, not "4 ms have passed"', () => {
    // 4.9 ms after queuing at HZ=1000 is jiffy 4 = the timeout itself: not after it yet.
    expect(handoffAfter(RWSEM_WAIT_TIMEOUT_NS + 900_000).sem.handoff).toBe(false);
    expect(handoffAfter(5_000_000).sem.handoff).toBe(true);
    // HZ=100: DIV_ROUND_UP(100, 250) = 1 jiffy of 10 ms; the deadline passes at jiffy 2 (20 ms).
    expect(handoffAfter(19_999_999, 100).sem.handoff).toBe(false);
    expect(handoffAfter(20_000_000, 100).sem.handoff).toBe(true);
    // HZ=250: 1 jiffy of 4 ms; jiffy 2 at 8 ms.
    expect(handoffAfter(7_999_999, 250).sem.handoff).toBe(false);
    expect(handoffAfter(8_000_000, 250).sem.handoff).toBe(true);
  });

  test('rwsem_spin: a spinning writer is not queued, so readers still get in during its window; then it queues', () => {
    const l = world(undefined, undefined, { rwsem_spin: true });
    const sem = rwsem(l);
    reader(l, sem, 'r1');
    writer(l, sem, 'w');
    reader(l, sem, 'r2');
    act(l, 'r1'); // read-held
    act(l, 'w'); // fast path fails: spins (not queued)
    expect(queue(sem)).toEqual([]);
    act(l, 'r2'); // a reader arriving during the spin takes the fast path
    expect(readerNames(sem)).toEqual(['r1', 'r2']);
    for (let i = 0; i < RWSEM_SPIN_STEPS; i++) act(l, 'w'); // the window runs out: w queues
    expect(queue(sem)).toEqual(['w:w']);
  });

  test('rwsem_spin: a spinning writer takes a lock freed during its window, past queued waiters', () => {
    const l = world(undefined, undefined, { rwsem_spin: true });
    const sem = rwsem(l);
    writer(l, sem, 'w1');
    writer(l, sem, 'w2');
    writer(l, sem, 'w3');
    act(l, 'w1'); // write-held
    act(l, 'w2'); // spins
    for (let i = 0; i < RWSEM_SPIN_STEPS; i++) act(l, 'w2'); // queues
    act(l, 'w3'); // spins
    expect(queue(sem)).toEqual(['w:w2']);
    act(l, 'w1');
    act(l, 'w1'); // up_write: w2 woken, not granted
    act(l, 'w3'); // the spinner steals the free lock before w2 runs
    expect(sem.writer?.ctx?.name).toBe('w3');
  });

  test('rwsem: downgrade_write wakes only readers at the head', () => {
    for (const [order, expectedReaders, expectedQueue] of [
      [['r1', 'w2', 'r3'], ['r1', 'r3', 'w'], ['w:w2']],
      [['w2', 'r1'], ['w'], ['w:w2', 'r:r1']],
    ] as const) {
      const l = world();
      const sem = rwsem(l);
      spawn(l, 'w', function* () {
        yield* down_write(sem);
        yield 'submit';
        yield* downgrade_write(sem);
        yield 'wait for I/O';
        yield* up_read(sem);
      });
      for (const n of order) (n.startsWith('r') ? reader : writer)(l, sem, n);
      act(l, 'w');
      for (const n of order) act(l, n);
      act(l, 'w');
      act(l, 'w'); // downgrade
      expect(readerNames(sem)).toEqual([...expectedReaders].sort());
      expect(queue(sem)).toEqual(expectedQueue);
      expect(l.sim.run().outcome).toBe('completed');
      expect(l.sim.verdicts).toEqual([]);
    }
  });

  /**
   * w holds the lock for write, r queues, w's up_write grants r before r runs, and `intruder`
   * releases a read hold it never took. rwsem.c counts readers anonymously: that up_read (a
   * naive completion's) takes away r's count; lockdep reports the bad unlock, and the woken
   * reader's DEBUG_RWSEMS_WARN_ON(!is_rwsem_reader_owned) looks at the writer bits only.
   */
  function lostReaderCount(l: Locking, sem: RwSemaphore): void {
    writer(l, sem, 'w');
    reader(l, sem, 'r');
    spawn(l, 'intruder', function* () {
      yield* up_read(sem);
    });
    act(l, 'w'); // w holds write
    act(l, 'r'); // r queues
    act(l, 'w'); // critical section
    act(l, 'w'); // up_write grants r, which has not run yet
    act(l, 'intruder'); // releases a read hold it never took
  }

  test('rwsem: a granted reader whose count another context released checks is_rwsem_reader_owned as the kernel does (no model crash)', () => {
    const l = world();
    lostReaderCount(l, rwsem(l));
    const r = l.sim.run();
    expect(r.outcome).toBe('completed');
    expect(subkinds(r.verdicts)).toEqual(['lockdep:bad-unlock']);
  });

  test('rwsem: the woken reader warns (DEBUG_RWSEMS_WARN_ON) when a writer took the lock its lost count left free', () => {
    const l = world();
    const sem = rwsem(l);
    lostReaderCount(l, sem);
    writer(l, sem, 'w2');
    act(l, 'w2'); // a writer takes the lock that looks free before r runs
    act(l, 'r');
    expect(subkinds(l.sim.verdicts)).toEqual(['lockdep:bad-unlock', 'warn']);
  });

  test('rwsem: down_read_non_owner / up_read_non_owner work across contexts and are invisible to lockdep', () => {
    const l = world();
    const sem = rwsem(l);
    spawn(l, 'submitter', function* () {
      yield* syscall(
        l.sim,
        'io_submit',
        (function* (): Sim<number> {
          yield* down_read_non_owner(sem);
          l.sim.spawn(
            'irq',
            'irq/bio',
            (function* () {
              yield* up_read_non_owner(sem);
            })(),
            { at: l.sim.now + 1000 },
          );
          return 0;
        })(),
      );
    });
    const r = l.sim.run();
    expect(r.outcome).toBe('completed');
    expect(subkinds(r.verdicts)).toEqual([]);
    expect(sem.isLocked()).toBe(false);
  });
});
