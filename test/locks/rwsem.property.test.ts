import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { RwsemModel, type ModelOp } from './rwsem.model.js';
import { rwsem, world } from '../helpers.js';
import { type RwSemaphore, down_read, down_read_trylock, down_write, down_write_trylock, downgrade_write, up_read, up_write } from '../../src/locks/rwsem.js';
import { replayStrategy } from '../../src/sim/strategies/replay.js';
import type { Sim } from '../../src/sim/sim.js';

type Section = { kind: 'read' | 'write' | 'tryread' | 'trywrite' | 'downgrade'; hold: number };

const section = fc.record({
  kind: fc.constantFrom<Section['kind']>('read', 'write', 'tryread', 'trywrite', 'downgrade'),
  hold: fc.nat(2),
});
const program = fc.array(fc.array(section, { minLength: 1, maxLength: 4 }), { minLength: 2, maxLength: 5 });
const schedule = fc.array(fc.nat(7), { maxLength: 200 });

interface Snapshot {
  writer: number | null;
  readers: number[];
  queue: string[];
}

function snapshot(sem: RwSemaphore): Snapshot {
  return {
    writer: sem.writer?.ctx?.id ?? null,
    readers: sem.readers.map((h) => h.ctx!.id).sort((a, b) => a - b),
    queue: sem.waiters.map((w) => `${w.type}:${w.ctx.id}`),
  };
}

function modelSnapshot(m: RwsemModel): Snapshot {
  return { writer: m.writer, readers: [...m.readers].sort((a, b) => a - b), queue: m.queue.map((w) => `${w.type}:${w.id}`) };
}

describe('rwsem against the reference model', () => {
  test('rwsem: random programs across contexts match the reference model step by step', () => {
    fc.assert(
      fc.property(program, schedule, (programs, choices) => {
        const l = world(replayStrategy(choices, { lenient: true }), 5_000);
        const sem = rwsem(l);
        const model = new RwsemModel();

        /** Runs one lock operation, telling the model when it happens and comparing after every step. */
        function* checked<T>(op: ModelOp, gen: Sim<T>): Sim<T> {
          const id = l.sim.current.id;
          let r = gen.next();
          let first = true;
          let predicted: boolean | undefined;
          while (!r.done) {
            yield r.value;
            const before = snapshot(sem);
            if (first) predicted = model.invoke(id, op);
            else model.resume(id);
            r = gen.next();
            const after = snapshot(sem);
            expect(after).toEqual(modelSnapshot(model));
            // Invariants stated without the model:
            expect(after.writer !== null && after.readers.length > 0).toBe(false);
            if (first && op === 'read' && (before.writer !== null || before.readers.length > 0) && before.queue.some((q) => q.startsWith('write'))) {
              expect(after.readers).not.toContain(id); // writer bias: an arriving reader queues
            }
            if (first && op === 'tryread') expect(after.readers.includes(id)).toBe(before.writer === null && before.queue.length === 0);
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
});
