/**
 * `npm run bench`: the simulator's own speed. Figures are machine-dependent; compare rows of
 * one run (ratios), not runs of different days. (`aiosim bench <workload>` is the performance
 * model of the schemes, in virtual time.)
 */
import { lockBench } from './locks.js';
import { scenarioSpeed, scenarioSpeedIsolated } from './scenarios.js';
import { catalog } from '../src/scenario/catalog.js';
import { workloadScenario } from '../src/perf/workloads.js';
import { growthTable } from './growth.js';

const fmt = (n: number) => Math.round(n).toLocaleString('en');
const operations = Number(process.env.BENCH_OPS ?? 1_000_000);
const seconds = Number(process.env.BENCH_SECONDS ?? 1);

console.log(`1. rwsem workload: 8 contexts, ${fmt(operations)} rwsem operations, random strategy, one core\n`);
const rows = [
  lockBench('lockdep on, trace off', 8, operations, { lockdep: true, trace: false }),
  lockBench('lockdep on, trace on', 8, operations, { lockdep: true, trace: true }),
  lockBench('lockdep off, trace off', 8, operations, { lockdep: false, trace: false }),
];
console.log(`${'configuration'.padEnd(26)}${'steps'.padStart(12)}${'seconds'.padStart(10)}${'steps/s'.padStart(14)}${'ratio'.padStart(8)}`);
for (const r of rows) {
  console.log(
    `${r.label.padEnd(26)}${fmt(r.steps).padStart(12)}${r.seconds.toFixed(2).padStart(10)}${fmt(r.stepsPerSecond).padStart(14)}${(r.stepsPerSecond / rows[0]!.stepsPerSecond).toFixed(2).padStart(8)}`,
  );
}

console.log(`\n2. catalog scenarios: each in a fresh worker thread, ${seconds} s after 1 s of warm-up, random strategy, trace off, all oracles on\n`);
console.log(
  `${'scenario'.padEnd(34)}${'contexts'.padStart(9)}${'steps/exec'.padStart(11)}${'exec/s'.padStart(9)}${'steps/s'.padStart(11)}${'heap MiB'.padStart(10)}`,
);
for (const s of catalog()) {
  const r = await scenarioSpeedIsolated(s.name, seconds);
  console.log(
    `${r.name.padEnd(34)}${r.contexts.toFixed(0).padStart(9)}${r.stepsPerExecution.toFixed(0).padStart(11)}${fmt(r.executionsPerSecond).padStart(9)}${fmt(r.stepsPerSecond).padStart(11)}${r.peakHeapMiB.toFixed(1).padStart(10)}`,
  );
}

console.log('\n3. growth with the number of contexts\n');
console.log(
  `${'rwsem contexts'.padEnd(16)}${'steps/s'.padStart(12)}     ${'mixed workload submitters'.padEnd(27)}${'contexts'.padStart(9)}${'steps/exec'.padStart(11)}${'exec/s'.padStart(9)}`,
);
for (const n of [2, 4, 8, 16, 32, 64]) {
  const lock = lockBench('', n, 200_000, { lockdep: true, trace: false });
  const params = {
    submitters: n,
    depth: 2,
    ios: 4,
    queueDepth: 32,
    latency: { min: 50, max: 150, distribution: 'uniform' as const },
    cpu: { submit: 0, handoff: 0, completion: 0 },
  };
  const r = scenarioSpeed(workloadScenario('mixed', params), seconds / 2, undefined, 0.2);
  console.log(
    `${String(n).padEnd(16)}${fmt(lock.stepsPerSecond).padStart(12)}     ${String(n).padEnd(27)}${r.contexts.toFixed(0).padStart(9)}${r.stepsPerExecution.toFixed(0).padStart(11)}${fmt(r.executionsPerSecond).padStart(9)}`,
  );
}
console.log('\n4. growth with the disk, the files and the scenario (one child process per case; `node dist/bench/growth.js --before <dist>` compares a build)');
growthTable({ seconds });

console.log(`\npeak resident memory of this process: ${fmt(process.resourceUsage().maxRSS / 1024)} MiB`);
