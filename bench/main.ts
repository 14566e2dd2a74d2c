/**
 * `npm run bench`: simulator speed. Figures are machine-dependent; compare rows of one run
 * (ratios), not runs of different days.
 */
import { lockBench } from './locks.js';

const operations = Number(process.env.BENCH_OPS ?? 1_000_000);
const rows = [
  lockBench('lockdep on, trace off', 8, operations, { lockdep: true, trace: false }),
  lockBench('lockdep on, trace on', 8, operations, { lockdep: true, trace: true }),
  lockBench('lockdep off, trace off', 8, operations, { lockdep: false, trace: false }),
];
const base = rows[0]!.stepsPerSecond;
console.log(`rwsem workload: 8 contexts, ${operations.toLocaleString('en')} rwsem operations, random strategy, one core\n`);
console.log(`${'configuration'.padEnd(26)}${'steps'.padStart(12)}${'seconds'.padStart(10)}${'steps/s'.padStart(14)}${'ratio'.padStart(8)}`);
for (const r of rows) {
  console.log(
    `${r.label.padEnd(26)}${r.steps.toLocaleString('en').padStart(12)}${r.seconds.toFixed(2).padStart(10)}${Math.round(r.stepsPerSecond).toLocaleString('en').padStart(14)}${(r.stepsPerSecond / base).toFixed(2).padStart(8)}`,
  );
}
