/**
 * Lock-heavy scheduler benchmark: N contexts doing read and write sections on one rwsem under
 * the random strategy, M rwsem operations in all. Measures scheduling steps per second of the
 * whole simulator (scheduler + generators + rwsem + lockdep). Real time is read here, outside
 * the simulated world, which never sees it.
 */
import { performance } from 'node:perf_hooks';
import { createLocking } from '../src/locks/locking.js';
import { lockClass } from '../src/locks/lock-class.js';
import { RwSemaphore, down_read, down_write, up_read, up_write } from '../src/locks/rwsem.js';
import { randomStrategy } from '../src/sim/strategies/random.js';
import type { Sim } from '../src/sim/sim.js';

export interface LockBenchResult {
  readonly label: string;
  readonly contexts: number;
  readonly operations: number;
  readonly steps: number;
  readonly seconds: number;
  readonly stepsPerSecond: number;
}

export function lockBench(label: string, contexts: number, operations: number, options: { lockdep: boolean; trace: boolean }): LockBenchResult {
  const { sim, lockdep } = createLocking({ strategy: randomStrategy(1), trace: options.trace, lockdep: options.lockdep, stepLimit: Number.MAX_SAFE_INTEGER });
  const sem = new RwSemaphore(lockdep, 'i_rwsem', lockClass('i_mutex_key'));
  const sectionsPerContext = Math.floor(operations / contexts / 2);
  for (let c = 0; c < contexts; c++) {
    sim.spawn(
      'process',
      `t${c}`,
      (function* (): Sim<void> {
        for (let i = 0; i < sectionsPerContext; i++) {
          if ((i + c) % 4 === 0) {
            yield* down_write(sem);
            yield* up_write(sem);
          } else {
            yield* down_read(sem);
            yield* up_read(sem);
          }
        }
      })(),
    );
  }
  const start = performance.now();
  const result = sim.run();
  const seconds = (performance.now() - start) / 1000;
  if (result.outcome !== 'completed') throw new Error(`benchmark run ended in ${result.outcome}`);
  return { label, contexts, operations: sectionsPerContext * contexts * 2, steps: result.steps, seconds, stepsPerSecond: result.steps / seconds };
}
