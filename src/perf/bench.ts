/**
 * `aiosim bench`: one workload, every scheme, the same seeds, under the timed strategy (virtual
 * time, sampled service times). One row per scheme; a scheme whose runs drew a verdict is
 * marked: a fast scheme that corrupts data is not a fast scheme.
 */
import { runScenario } from '../scenario/runner.js';
import { explore } from '../explore/explore.js';
import { timedStrategy } from '../sim/strategies/timed.js';
import { percentile, runMetrics } from './metrics.js';
import { type Workload, type WorkloadParams, workloadScenario } from './workloads.js';
import { verdictLabel } from '../sim/verdict-label.js';

export interface BenchRow {
  readonly fs: string;
  readonly iops: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
  readonly lockWaitReadUs: number;
  readonly lockWaitWriteUs: number;
  readonly exclusiveHoldMaxUs: number;
  readonly exclusiveHoldTotalUs: number;
  readonly deviceUtilisation: number;
  readonly adminP50Us: number | null;
  /** Verdict kinds from the timed runs and from exploring a small copy of the workload. */
  readonly verdicts: string[];
}

export interface BenchResult {
  readonly workload: Workload;
  readonly params: WorkloadParams;
  readonly seeds: number;
  readonly rows: BenchRow[];
}

const mean = (xs: readonly number[]): number => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);

/**
 * Timed runs show what usually happens, not what can: a race inside a CPU window never shows in
 * them. So each scheme is also explored (random and timed executions) on a scaled-down copy of
 * the workload, and any violation found marks the scheme.
 */
export const CHECK_IOS = 6;

export function bench(workload: Workload, params: WorkloadParams, schemes: readonly string[], seeds: number, checkBudget = 100): BenchResult {
  const scenario = workloadScenario(workload, params);
  const small = workloadScenario(workload, { ...params, ios: Math.min(params.ios, CHECK_IOS), depth: Math.min(params.depth, CHECK_IOS) });
  const rows = schemes.map((fs) => {
    const runs = Array.from({ length: seeds }, (_, s) => runMetrics(runScenario(scenario, { strategy: timedStrategy(s + 1), fs, stepLimit: 10_000_000 })));
    const checked =
      checkBudget > 0 ? explore(small, { scenarioRef: small.name, fs, strategy: 'portfolio', seed: 1, budget: checkBudget, stepLimit: 1_000_000 }) : null;
    const found = (checked?.violations ?? []).map(verdictLabel);
    const latencies = runs.flatMap((r) => r.latenciesUs);
    const admin = runs.flatMap((r) => r.adminLatenciesUs);
    return {
      fs,
      iops: mean(runs.map((r) => r.iops)),
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      max: latencies.reduce((m, x) => Math.max(m, x), 0),
      lockWaitReadUs: mean(runs.map((r) => r.lockWaitUs.read)),
      lockWaitWriteUs: mean(runs.map((r) => r.lockWaitUs.write)),
      exclusiveHoldMaxUs: runs.reduce((m, r) => Math.max(m, r.exclusiveHoldUs.max), 0),
      exclusiveHoldTotalUs: mean(runs.map((r) => r.exclusiveHoldUs.total)),
      deviceUtilisation: mean(runs.map((r) => r.deviceUtilisation)),
      adminP50Us: admin.length ? percentile(admin, 50) : null,
      verdicts: [...new Set([...runs.flatMap((r) => r.verdicts), ...found])],
    };
  });
  return { workload, params, seeds, rows };
}
