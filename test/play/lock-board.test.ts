import { describe, expect, test } from 'vitest';
import { SCHEMES } from '../../src/fs-impls/schemes.js';
import type { RwSemaphore } from '../../src/locks/rwsem.js';
import { lockBoard } from '../../src/play/lock-board.js';
import { catalog } from '../../src/scenario/catalog.js';
import { prepareScenario } from '../../src/scenario/runner.js';
import { randomStrategy } from '../../src/sim/strategies/random.js';

/** What the live rwsem says: holders by mode (lockdep-owned ones with their context), the queue in order, the handoff bit. */
function live(sem: RwSemaphore) {
  const holds = sem.writer ? [{ ...sem.writer, mode: 'write' }] : sem.readers.map((h) => ({ ...h, mode: 'read' }));
  return {
    modes: holds.map((h) => h.mode).sort(),
    owners: holds
      .filter((h) => h.ctx !== null)
      .map((h) => `${h.ctx!.id}:${h.mode}`)
      .sort(),
    waiters: sem.waiters.map((w) => `${w.ctx.id}:${w.type}`),
    handoff: sem.handoff,
  };
}

describe('lock board', () => {
  test('after every step of random runs of every catalog scenario under every scheme, the board from the trace is the live rwsem state', () => {
    let compared = 0;
    for (const scenario of catalog()) {
      for (const { name: fs } of SCHEMES) {
        for (const seed of [1, 2]) {
          const world = prepareScenario(scenario, { strategy: randomStrategy(seed), fs });
          let x = seed;
          for (let enabled = world.sim.enabledContexts(); enabled.length > 0; enabled = world.sim.enabledContexts()) {
            x = (x * 1103515245 + 12345) % 2 ** 31;
            world.sim.stepContext(enabled[x % enabled.length]!);
            const board = new Map(lockBoard(world.events).map((l) => [l.name, l]));
            for (const inode of world.sb.inodes) {
              for (const sem of [inode.i_rwsem, ...(inode.i_private?.locks ?? [])]) {
                const l = board.get(sem.name);
                const want = live(sem);
                const got = {
                  modes: (l?.holders ?? []).map((h) => h.mode).sort(),
                  owners: (l?.holders ?? [])
                    .filter((h) => !h.inFlight && !h.abandoned)
                    .map((h) => `${h.ctx}:${h.mode}`)
                    .sort(),
                  waiters: (l?.waiters ?? []).map((w) => `${w.ctx}:${w.mode}`),
                  handoff: l?.handoff ?? false,
                };
                expect(got, `${scenario.name} under ${fs}, seed ${seed}, step ${world.sim.steps}: ${sem.name}`).toEqual(want);
                compared++;
              }
            }
          }
        }
      }
    }
    expect(compared).toBeGreaterThan(10_000);
  }, 120_000);
});
