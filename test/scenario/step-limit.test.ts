import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { explore } from '../../src/explore/explore.js';
import { runScenario } from '../../src/scenario/runner.js';
import type { Scenario } from '../../src/scenario/schema.js';
import { defaultStepLimit } from '../../src/scenario/step-limit.js';
import { validateScenario } from '../../src/scenario/validate.js';
import { loadScenario } from '../../src/scenario/catalog.js';
import { DEFAULT_STEP_LIMIT } from '../../src/sim/simulator.js';
import { timedStrategy } from '../../src/sim/strategies/timed.js';
import { randomStrategy } from '../../src/sim/strategies/random.js';

const LIVELOCK = fileURLToPath(new URL('./trylock-livelock.yaml', import.meta.url));

/** `tasks` tasks of `ops` aio writes each (into blocks of their own) and a wait, on one file. */
function long(tasks: number, ops: number): Scenario {
  return validateScenario(
    {
      version: 1,
      name: `long-${tasks}x${ops}`,
      title: 'a long scenario',
      fs: 'diocount',
      geometry: { blockSize: 4096, blocks: tasks * ops + 16 },
      device: { queueDepth: 32 },
      files: [{ path: '/f', size: 0 }],
      tasks: Array.from({ length: tasks }, (_, t) => ({
        name: `t${t}`,
        ops: [
          ...Array.from({ length: ops - 1 }, (_, k) => ({ op: 'aio_write', file: '/f', offset: (k * tasks + t) * 4096, length: 4096, fill: 'W' })),
          { op: 'wait' },
        ],
      })),
    },
    'long.yaml',
  );
}

/** Two kernel threads that each hold one spinlock and spin_trylock the other's until they get it: they never do. */
/** Each task holds one spinlock and spin_trylocks the other's until it gets it: a livelock. */
const livelock = loadScenario(LIVELOCK);

describe('step limit', () => {
  test('step limit: the default grows with the scenario, never below the old constant', () => {
    expect(defaultStepLimit(long(1, 4))).toBe(DEFAULT_STEP_LIMIT);
    expect(defaultStepLimit(long(128, 100))).toBeGreaterThan(100 * defaultStepLimit(long(1, 4)));
  });

  test('step limit: 128 tasks × 100 ops under diocount run to their end without a verdict', () => {
    const s = long(128, 100);
    const run = runScenario(s, { strategy: timedStrategy(1), trace: false });
    expect(run.result.verdicts).toEqual([]);
    expect(run.result.outcome).toBe('completed');
    expect(run.result.steps).toBeGreaterThan(DEFAULT_STEP_LIMIT); // the old constant limit called this a bug
  }, 120_000);

  test('step limit: two tasks that trylock and retry each other forever end with the step-limit result, naming who kept running', () => {
    const run = runScenario(livelock, { strategy: randomStrategy(1) });
    expect(run.result.outcome).toBe('step-limit');
    const v = run.result.verdicts.find((x) => x.kind === 'step-limit')!;
    expect(v.details.limit).toBe(defaultStepLimit(livelock));
    expect((v.details.keptRunning as Array<{ context: string }>).map((k) => k.context.split('/')[0])).toEqual(['t1', 't2']);
    expect(v.message).toMatch(/raise it with --step-limit \d+/);
  });

  test('step limit: a limit given below the default is honoured', () => {
    const run = runScenario(long(4, 10), { strategy: timedStrategy(1), stepLimit: 50 });
    expect(run.result.outcome).toBe('step-limit');
    expect(run.result.verdicts.map((v) => [v.kind, v.details.limit])).toEqual([['step-limit', 50]]);
  });

  test('step limit: explore counts step-limited executions and goes on instead of stopping at the first', () => {
    const r = explore(livelock, { scenarioRef: 'livelock.yaml', strategy: 'portfolio', seed: 1, budget: 3, stepLimit: 2000 });
    expect(r.violations).toEqual([]);
    expect(r.executions).toBe(3);
    // Under one strategy t1 takes both locks before t2 starts: that execution ends; the others spin.
    expect(r.stepLimited).toBe(2);
  });
});
