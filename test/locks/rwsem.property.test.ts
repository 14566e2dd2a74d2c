import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { RwsemModel, type ModelOp } from './rwsem.model.js';
import { rwsem, world } from '../helpers.js';
import {
  RWSEM_SPIN_STEPS,
  type RwSemaphore,
  down_read,
  down_read_trylock,
  down_write,
  down_write_trylock,
  downgrade_write,
  up_read,
  up_write,
} from '../../src/locks/rwsem.js';
import { replayStrategy } from '../../src/sim/strategies/replay.js';
import type { Sim } from '../../src/sim/sim.js';

type Section = { kind: 'read' | 'write' | 'tryread' | 'trywrite' | 'downgrade'; hold: number; sleepNs: number };

const section = fc.record({
  kind: fc.constantFrom<Section['kind']>('read', 'write', 'tryread', 'trywrite', 'downgrade'),
  hold: fc.nat(2),
  // Sleeping inside the section moves the clock: around and past the handoff deadlines of every HZ.
  sleepNs: fc.constantFrom(0, 0, 0, 2_500_000, 4_500_000, 9_000_000, 21_000_000),
});
const kernel = fc.record({ hz: fc.constantFrom(100, 250, 300, 1000), rwsem_spin: fc.boolean() });
const program = fc.array(fc.array(section, { minLength: 1, maxLength: 4 }), { minLength: 2, maxLength: 5 });
const schedule = fc.array(fc.nat(7), { maxLength: 200 });

interface Snapshot {
  writer: number | null;
  readers: number[];
  queue: string[];
  handoff: boolean;
}

function snapshot(sem: RwSemaphore): Snapshot {
  return {
    writer: sem.writer?.ctx?.id ?? null,
    readers: sem.readers.map((h) => h.ctx!.id).sort((a, b) => a - b),
    queue: sem.waiters.map((w) => `${w.type}:${w.ctx.id}`),
    handoff: sem.handoff,
  };
}

function modelSnapshot(m: RwsemModel): Snapshot {
  return { writer: m.writer, readers: [...m.readers].sort((a, b) => a - b), queue: m.queue.map((w) => `${w.type}:${w.id}`), handoff: m.handoff };
}

describe('rwsem against the reference model', () => {
  test('rwsem: random programs across contexts match the reference model step by step', () => {
    fc.assert(
      fc.property(program, schedule, kernel, (programs, choices, config) => {
        const l = world(replayStrategy(choices, { lenient: true }), 5_000, config);
        const sem = rwsem(l);
        const model = new RwsemModel({ hz: config.hz, spinSteps: config.rwsem_spin ? RWSEM_SPIN_STEPS : 0 });

        /** Runs one lock operation, telling the model when it happens and comparing after every step. */
        function* checked<T>(op: ModelOp, gen: Sim<T>): Sim<T> {
          const id = l.sim.current.id;
          let r = gen.next();
          let first = true;
          let predicted: boolean | undefined;
          while (!r.done) {
            yield r.value;
            const before = snapshot(sem);
            if (first) predicted = model.invoke(id, op, l.sim.now);
            else model.resume(id, l.sim.now);
            r = gen.next();
            const after = snapshot(sem);
            expect(after).toEqual(modelSnapshot(model));
            // Invariants stated without the model:
            expect(after.writer !== null && after.readers.length > 0).toBe(false);
            if (first && op === 'read' && (before.writer !== null || before.readers.length > 0) && before.queue.some((q) => q.startsWith('write'))) {
              expect(after.readers).not.toContain(id); // writer bias: an arriving reader queues
            }
            if (first && op === 'tryread') expect(after.readers.includes(id)).toBe(before.writer === null && before.queue.length === 0);
            // The handoff bit is only ever set for a queued writer whose jiffy deadline has passed.
            if (after.handoff && !before.handoff) expect(after.queue[0]).toMatch(/^write:/);
            first = false;
          }
          if (typeof r.value === 'boolean') expect(r.value).toBe(predicted);
          return r.value;
        }

        programs.forEach((sections, i) => {
          l.sim.spawn(
            'process',
            `t${i}`,
            (function* (): Sim<void> {
              for (const s of sections) {
                let mode: 'read' | 'write' | null = null;
                if (s.kind === 'read') {
                  yield* checked('read', down_read(sem));
                  mode = 'read';
                }
                if (s.kind === 'write' || s.kind === 'downgrade') {
                  yield* checked('write', down_write(sem));
                  mode = 'write';
                }
                if (s.kind === 'tryread' && (yield* checked('tryread', down_read_trylock(sem)))) mode = 'read';
                if (s.kind === 'trywrite' && (yield* checked('trywrite', down_write_trylock(sem)))) mode = 'write';
                if (s.kind === 'downgrade') {
                  yield* checked('downgrade', downgrade_write(sem));
                  mode = 'read';
                }
                for (let k = 0; k < s.hold; k++) yield 'critical section';
                if (s.sleepNs > 0 && mode !== null) {
                  l.sim.sleepFor(s.sleepNs);
                  yield 'msleep';
                }
                if (mode === 'read') yield* checked('up_read', up_read(sem));
                if (mode === 'write') yield* checked('up_write', up_write(sem));
              }
            })(),
          );
        });
        const result = l.sim.run();
        // Programs hold one lock at a time, so every run must finish: no lost wake-up.
        expect(result.outcome).toBe('completed');
        expect(result.verdicts).toEqual([]);
        expect(sem.isLocked()).toBe(false);
      }),
      { numRuns: 1500 },
    );
  });

  test('rwsem: the handoff deadline matches the model for every HZ and wait (time_after on jiffies)', () => {
    fc.assert(
      fc.property(fc.constantFrom(100, 250, 300, 1000), fc.integer({ min: 0, max: 30_000_000 }), (hz, holdNs) => {
        const l = world(undefined, undefined, { hz });
        const sem = rwsem(l);
        const ids: Record<string, number> = {};
        for (const [name, body] of [
          [
            'r1',
            function* (): Sim<void> {
              yield* down_read(sem);
              l.sim.sleepFor(holdNs);
              yield 'msleep';
              yield* up_read(sem);
            },
          ],
          ['w', () => down_write(sem)],
          ['r2', () => down_read(sem)],
        ] as const)
          ids[name] = l.sim.spawn('process', name, body()).id;
        const step = (name: string): void => l.sim.stepContext(l.sim.contexts.find((c) => c.name === name)!);
        const model = new RwsemModel({ hz, spinSteps: 0 });
        step('r1');
        step('r1');
        model.invoke(ids.r1!, 'read', 0);
        step('w');
        step('w');
        model.invoke(ids.w!, 'write', 0);
        step('r1'); // wakes at holdNs
        step('r1');
        model.invoke(ids.r1!, 'up_read', l.sim.now);
        step('r2');
        step('r2');
        model.invoke(ids.r2!, 'read', l.sim.now); // steals the free lock from the woken writer
        step('w');
        model.resume(ids.w!, l.sim.now);
        expect(sem.handoff).toBe(model.handoff);
        expect(snapshot(sem)).toEqual(modelSnapshot(model));
      }),
      { numRuns: 500 },
    );
  });
});
