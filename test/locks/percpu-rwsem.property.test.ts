import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { PercpuModel, type PercpuOp } from './percpu-rwsem.model.js';
import { world } from '../helpers.js';
import { lockClass } from '../../src/locks/lock-class.js';
import {
  PercpuRwSemaphore,
  percpu_down_read,
  percpu_down_read_trylock,
  percpu_down_write,
  percpu_up_read,
  percpu_up_write,
} from '../../src/locks/percpu-rwsem.js';
import { replayStrategy } from '../../src/sim/strategies/replay.js';
import type { Sim } from '../../src/sim/sim.js';

type Section = { kind: 'read' | 'write' | 'tryread'; hold: number };

const section = fc.record({ kind: fc.constantFrom<Section['kind']>('read', 'read', 'write', 'tryread'), hold: fc.nat(2) });
const program = fc.array(fc.array(section, { minLength: 1, maxLength: 4 }), { minLength: 2, maxLength: 5 });
const schedule = fc.array(fc.nat(7), { maxLength: 200 });

interface Snapshot {
  gp: number;
  count: number;
  block: boolean;
  writer: number | null;
  readers: number[];
  queue: string[];
  rcuwait: number | null;
}

function snapshot(sem: PercpuRwSemaphore): Snapshot {
  return {
    gp: sem.gpCount,
    count: sem.readCount,
    block: sem.block,
    writer: sem.writer?.ctx?.id ?? null,
    readers: sem.readers.map((h) => h.ctx!.id).sort((a, b) => a - b),
    queue: sem.waiters.map((w) => `${w.reader ? 'r' : 'w'}:${w.ctx.id}`),
    rcuwait: sem.rcuwait?.id ?? null,
  };
}

function modelSnapshot(m: PercpuModel): Snapshot {
  return {
    gp: m.gp,
    count: m.count,
    block: m.block,
    writer: m.writer,
    readers: [...m.readers].sort((a, b) => a - b),
    queue: m.queue.map((w) => `${w.reader ? 'r' : 'w'}:${w.id}`),
    rcuwait: m.rcuwait,
  };
}

describe('percpu_rw_semaphore against the reference model', () => {
  test('percpu-rwsem: random programs across contexts match the reference model at every scheduling point', () => {
    fc.assert(
      fc.property(program, schedule, (programs, choices) => {
        const l = world(replayStrategy(choices, { lenient: true }), 5_000);
        const sem = new PercpuRwSemaphore(l.lockdep, 'sem', lockClass('sem'));
        const model = new PercpuModel();

        /** Runs one operation generator, telling the model about each resumption and comparing after it. */
        function* checked(op: PercpuOp, gen: Sim<void>): Sim<void> {
          const id = l.sim.current.id;
          const before = snapshot(sem);
          let r = gen.next();
          let yields = model.invoke(id, op).yields;
          expect(snapshot(sem)).toEqual(modelSnapshot(model));
          // Writer preference: a reader arriving while a writer holds or claims the lock does not get in.
          if (op === 'read' && before.block) expect(snapshot(sem).readers).not.toContain(id);
          while (!r.done) {
            expect(yields).toBe(true);
            yield r.value;
            r = gen.next();
            yields = model.resume(id);
            const after = snapshot(sem);
            expect(after).toEqual(modelSnapshot(model));
            // readers_active_check: the writer owns it only once every reader has left.
            if (after.writer !== null) expect(after.count).toBe(0);
          }
          expect(yields).toBe(false);
        }

        function tryread(): boolean {
          const id = l.sim.current.id;
          const got = percpu_down_read_trylock(sem);
          expect(got).toBe(model.invoke(id, 'tryread').result);
          expect(snapshot(sem)).toEqual(modelSnapshot(model));
          return got;
        }

        function upRead(): void {
          percpu_up_read(sem);
          model.invoke(l.sim.current.id, 'up_read');
          expect(snapshot(sem)).toEqual(modelSnapshot(model));
        }

        programs.forEach((sections, i) => {
          l.sim.spawn(
            'process',
            `t${i}`,
            (function* (): Sim<void> {
              for (const s of sections) {
                yield 'between sections';
                let mode: 'read' | 'write' | null = null;
                if (s.kind === 'read') {
                  yield* checked('read', percpu_down_read(sem));
                  mode = 'read';
                }
                if (s.kind === 'tryread' && tryread()) mode = 'read';
                if (s.kind === 'write') {
                  yield* checked('write', percpu_down_write(sem));
                  mode = 'write';
                }
                for (let k = 0; k < s.hold; k++) yield 'critical section';
                if (mode === 'read') upRead();
                if (mode === 'write') yield* checked('up_write', percpu_up_write(sem));
              }
            })(),
          );
        });
        const result = l.sim.run();
        // One lock at a time per context: every run must finish (no lost wake-up).
        expect(result.outcome).toBe('completed');
        expect(result.verdicts).toEqual([]);
        expect(sem.isLocked()).toBe(false);
        expect(sem.gpCount).toBe(0);
      }),
      { numRuns: 1500 },
    );
  });
});
