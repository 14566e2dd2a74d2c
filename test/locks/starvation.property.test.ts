/**
 * The starvation oracle never fires on a FIFO, writer-biased lock used correctly: random lock
 * programs of mutexes, rwsems and fences (readers handed to kworkers, one destroyer), random
 * kernel settings and schedules, with the strictest threshold (`starvation: { after: 1 }`).
 * Mutation check: let rwsem_read_trylock ignore queued waiters (the writer bias) and the
 * fence programs starve their destroyer here and in test/scenario/object-pattern.test.ts.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { strategyFor } from '../../src/explore/portfolio.js';
import { runScenario } from '../../src/scenario/runner.js';
import { validateScenario } from '../../src/scenario/validate.js';

type Op = Record<string, unknown>;
const lockSection = fc.record({
  lock: fc.constantFrom('m', 'sem'),
  mode: fc.constantFrom('read', 'write'),
  sleep: fc.constantFrom(0, 0, 0, 3000, 6000),
});
const section = (s: { lock: string; mode: string; sleep: number }): Op[] => {
  const [take, drop] = s.lock === 'm' ? ['mutex_lock', 'mutex_unlock'] : s.mode === 'read' ? ['down_read', 'up_read'] : ['down_write', 'up_write'];
  return [{ op: take, lock: s.lock }, ...(s.sleep ? [{ op: 'sleep', us: s.sleep }] : []), { op: drop, lock: s.lock }];
};
const reader: Op[] = [
  { op: 'fence_try_begin_read', lock: 'obj' },
  { op: 'fence_exit_reader', lock: 'obj' },
  {
    op: 'queue_work',
    ops: [
      { op: 'fence_reenter_reader', lock: 'obj' },
      { op: 'fence_end_reader', lock: 'obj' },
    ],
  },
];
const task = fc.oneof(
  fc.array(lockSection, { minLength: 1, maxLength: 4 }).map((ss) => ss.flatMap(section)),
  fc.integer({ min: 1, max: 3 }).map((n) => Array.from({ length: n }, () => reader).flat()),
);
const scenario = fc.record({
  tasks: fc.array(task, { minLength: 2, maxLength: 4 }),
  destroyer: fc.boolean(),
  hz: fc.constantFrom(100, 1000),
  rwsem_spin: fc.boolean(),
});

describe('starvation: never on a writer-biased lock used correctly', () => {
  test('random mutex / rwsem / fence programs, random schedules: no starvation verdict with after: 1', () => {
    fc.assert(
      fc.property(scenario, fc.nat(1000), (p, seed) => {
        const tasks = p.tasks.map((ops, i) => ({ name: `t${i}`, ops }));
        if (p.destroyer)
          tasks.push({
            name: 'destroyer',
            ops: [
              { op: 'fence_begin_write', lock: 'obj' },
              { op: 'fence_abandon_writer', lock: 'obj' },
            ],
          });
        const s = validateScenario(
          {
            version: 1,
            name: 'p',
            title: 'p',
            kernel: { hz: p.hz, rwsem_spin: p.rwsem_spin },
            starvation: { after: 1 },
            locks: [
              { name: 'm', type: 'mutex' },
              { name: 'sem', type: 'rwsem' },
              { name: 'obj', type: 'fence' },
            ],
            tasks,
          },
          'p.yaml',
        );
        for (let i = 0; i < 8; i++) {
          const run = runScenario(s, { strategy: strategyFor('portfolio', seed, i), trace: false });
          expect(run.result.verdicts.filter((v) => v.kind === 'starvation')).toEqual([]);
        }
      }),
      { numRuns: 300 },
    );
  });

  test('the same generator is not vacuous: the open-coded count starves its destroyer with after: 1', () => {
    const s = validateScenario(
      {
        version: 1,
        name: 'p',
        title: 'p',
        starvation: { after: 1 },
        locks: [
          { name: 'c', type: 'atomic', value: 1 },
          { name: 'done', type: 'completion' },
        ],
        tasks: [
          {
            name: 'd',
            ops: [
              { op: 'atomic_dec_and_test', lock: 'c', complete: 'done' },
              { op: 'wait_for_completion', lock: 'done' },
            ],
          },
          {
            name: 'r',
            ops: [
              { op: 'atomic_inc_not_zero', lock: 'c' },
              { op: 'atomic_inc_not_zero', lock: 'c' },
              { op: 'queue_work', ops: [{ op: 'atomic_dec_and_test', lock: 'c', complete: 'done' }] },
              { op: 'queue_work', ops: [{ op: 'atomic_dec_and_test', lock: 'c', complete: 'done' }] },
            ],
          },
        ],
      },
      'p.yaml',
    );
    const starved = Array.from({ length: 100 }, (_, i) => runScenario(s, { strategy: strategyFor('portfolio', 1, i), trace: false })).some((r) =>
      r.result.verdicts.some((v) => v.kind === 'starvation'),
    );
    expect(starved).toBe(true);
  });
});
