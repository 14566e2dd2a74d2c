/**
 * Simulator speed on whole scenarios: executions per second and scheduling steps per second
 * (random strategy, trace off, oracles on), as `aiosim explore` runs them.
 */
import { DiskArena } from '../src/vfs/block-device.js';
import { performance } from 'node:perf_hooks';
import { getHeapStatistics } from 'node:v8';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { loadScenario } from '../src/scenario/catalog.js';
import { judgeScenario } from '../src/scenario/runner.js';
import type { Scenario } from '../src/scenario/schema.js';
import { randomStrategy } from '../src/sim/strategies/random.js';

export interface ScenarioSpeed {
  readonly name: string;
  readonly contexts: number;
  readonly stepsPerExecution: number;
  readonly executionsPerSecond: number;
  readonly stepsPerSecond: number;
  /** Largest JS heap in use seen while measuring (sampled every 50 executions), MiB. */
  readonly peakHeapMiB: number;
}

/**
 * Warms up for `warmup` seconds (the JIT settles), then runs executions with fresh seeds for at
 * least `seconds` of wall time: short bursts mostly measure compilation.
 */
export function scenarioSpeed(scenario: Scenario, seconds: number, fs?: string, warmup = 1): ScenarioSpeed {
  const arena = new DiskArena();
  const warmStart = performance.now();
  for (let i = 0; performance.now() - warmStart < warmup * 1000; i++) judgeScenario(scenario, { strategy: randomStrategy(i), fs, trace: false, arena });
  let steps = 0;
  let contexts = 0;
  let executions = 0;
  let peakHeap = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < seconds * 1000) {
    for (let i = 0; i < 50; i++, executions++) {
      const run = judgeScenario(scenario, { strategy: randomStrategy(1000 + executions), fs, trace: false, stepLimit: 10_000_000, arena });
      steps += run.result.steps;
      contexts += run.sim.contexts.length;
    }
    elapsed = performance.now() - start;
    peakHeap = Math.max(peakHeap, getHeapStatistics().used_heap_size);
  }
  const s = elapsed / 1000;
  return {
    name: scenario.name,
    contexts: contexts / executions,
    stepsPerExecution: steps / executions,
    executionsPerSecond: executions / s,
    stepsPerSecond: steps / s,
    peakHeapMiB: peakHeap / 2 ** 20,
  };
}

/**
 * scenarioSpeed of a catalog scenario in a fresh worker thread: its own JIT state, as one
 * `aiosim explore` process would have. (Measured in one thread after the others, a scenario
 * runs 1.5–2.5× slower: the compiled code has seen every other scenario's shapes.)
 */
export function scenarioSpeedIsolated(name: string, seconds: number): Promise<ScenarioSpeed> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL(import.meta.url), { workerData: { name, seconds } });
    worker.once('message', (r: ScenarioSpeed) => {
      resolve(r);
      void worker.terminate();
    });
    worker.once('error', reject);
  });
}

if (!isMainThread && workerData?.name) {
  const { name, seconds } = workerData as { name: string; seconds: number };
  parentPort!.postMessage(scenarioSpeed(loadScenario(name), seconds));
}
