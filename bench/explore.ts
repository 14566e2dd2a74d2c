/**
 * `npm run bench:explore`: aiosim against its JavaScript anchor, fast-check's fc.scheduler, on
 * the same race — truncate vs an in-flight AIO write, under the bug-truncate-nowait scheme — in
 * one process run. The fast-check side (fc-truncate-race.ts) follows aiosim's kernel paths with
 * one scheduling point per aiosim step and checks the same consequence (a write landing in a
 * block its file no longer owns). Figures are per machine; compare ratios within a run.
 */
import { performance } from 'node:perf_hooks';
import fc from 'fast-check';
import { loadScenario } from '../src/scenario/catalog.js';
import { explore } from '../src/explore/explore.js';
import type { ExploreStrategy } from '../src/explore/explore.js';
import { truncateRace } from './fc-truncate-race.js';

async function fastCheck(seed: number): Promise<{ executions: number; ms: number }> {
  const start = performance.now();
  const r = await fc.check(
    fc.asyncProperty(fc.scheduler(), async (s) => !(await truncateRace(s, { waitForDio: false }))),
    { seed, numRuns: 100_000, endOnFailure: true },
  );
  return { executions: r.failed ? r.numRuns : Infinity, ms: performance.now() - start };
}

function aiosim(strategy: ExploreStrategy, seed: number): { executions: number; ms: number } {
  const scenario = loadScenario('truncate-vs-aio-write');
  const start = performance.now();
  const r = explore(scenario, { scenarioRef: scenario.name, fs: 'bug-truncate-nowait', strategy, seed, budget: 100_000, shrink: false }); // dfs ignores the seed: one deterministic search
  return { executions: r.violations.length ? r.executions : Infinity, ms: performance.now() - start };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const SEEDS = Number(process.env.BENCH_SEEDS ?? 100);

async function main(): Promise<void> {
  const rows: Array<{ name: string; executions: number[]; ms: number[] }> = [];
  const fcRow = { name: 'fast-check fc.scheduler', executions: [] as number[], ms: [] as number[] };
  for (let seed = 1; seed <= SEEDS; seed++) {
    const r = await fastCheck(seed);
    fcRow.executions.push(r.executions);
    fcRow.ms.push(r.ms);
  }
  rows.push(fcRow);
  for (const strategy of ['random', 'pct', 'timed', 'portfolio', 'dfs'] as const) {
    const row = { name: `aiosim ${strategy}`, executions: [] as number[], ms: [] as number[] };
    for (let seed = 1; seed <= SEEDS; seed++) {
      const r = aiosim(strategy, seed * 7919);
      row.executions.push(r.executions);
      row.ms.push(r.ms);
    }
    rows.push(row);
  }
  // Throughput: executions per second when nothing is found (both on the fixed truncate, which waits for in-flight DIO).
  const fcStart = performance.now();
  await fc.check(
    fc.asyncProperty(fc.scheduler(), async (s) => !(await truncateRace(s, { waitForDio: true }))),
    { seed: 1, numRuns: 3000 },
  );
  const fcRate = 3000 / ((performance.now() - fcStart) / 1000);
  const scenario = loadScenario('truncate-vs-aio-write');
  const aStart = performance.now();
  explore(scenario, { scenarioRef: scenario.name, fs: 'diocount', strategy: 'portfolio', seed: 1, budget: 3000 });
  const aRate = 3000 / ((performance.now() - aStart) / 1000);

  console.log(`truncate vs in-flight AIO write (bug-truncate-nowait), ${SEEDS} seeds\n`);
  console.log(`${'explorer'.padEnd(26)}${'median execs to bug'.padStart(21)}${'median ms to bug'.padStart(18)}`);
  for (const r of rows) console.log(`${r.name.padEnd(26)}${String(median(r.executions)).padStart(21)}${median(r.ms).toFixed(1).padStart(18)}`);
  console.log(
    `\nthroughput (no bug to find): fast-check ${Math.round(fcRate).toLocaleString('en')} executions/s, aiosim ${Math.round(aRate).toLocaleString('en')} executions/s (ratio ${(aRate / fcRate).toFixed(2)})`,
  );
  const best = rows.slice(1).reduce((a, b) => (median(b.executions) < median(a.executions) ? b : a));
  console.log(
    `best aiosim strategy (${best.name}): ${(median(fcRow.executions) / median(best.executions)).toFixed(1)}× fewer executions to the first bug than fast-check; ${(median(fcRow.ms) / median(best.ms)).toFixed(1)}× less time`,
  );
}

await main();
