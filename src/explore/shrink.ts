/**
 * Shrinking a violating schedule: fewer choices and fewer context switches, the same verdict
 * kind. Candidates are replayed leniently — once a candidate's choices run out, the context that
 * ran last goes on (no switch) — and kept when they still produce a verdict of the same kind.
 * Passes: the shortest prefix (binary search), then deleting single choices from the end. The
 * result is re-recorded as a complete schedule, so strict replay reproduces it exactly.
 * Dropping the scenario's operations is shrink-ops.ts.
 */
import { DiskArena } from '../vfs/block-device.js';
import type { Scenario } from '../scenario/schema.js';
import { judgeScenario } from '../scenario/runner.js';
import { encodeSchedule } from '../sim/schedule.js';
import { replayStrategy } from '../sim/strategies/replay.js';
import { type Verdict, sameKindAs } from '../sim/verdict.js';

export interface ScheduleSize {
  /** Choices the schedule states explicitly (the rest are "keep running"). */
  readonly choices: number;
  readonly switches: number;
}

export interface ShrinkResult {
  /** Complete schedule string of the shrunk run. */
  readonly schedule: string;
  readonly before: ScheduleSize;
  readonly after: ScheduleSize;
  /** Executions the shrinker spent. */
  readonly attempts: number;
}

export const SHRINK_ATTEMPTS = 300;

export function shrinkSchedule(scenario: Scenario, fs: string, choices: readonly number[], verdict: Verdict, stepLimit?: number): ShrinkResult {
  let attempts = 0;
  const sameKind = sameKindAs(verdict);
  const arena = new DiskArena();
  const evaluate = (candidate: readonly number[]) => {
    attempts++;
    const run = judgeScenario(scenario, { strategy: replayStrategy(candidate, { lenient: true }), fs, trace: false, stepLimit, arena });
    return { ok: run.result.verdicts.some(sameKind), full: [...run.sim.choices], switches: run.sim.switches };
  };
  const original = evaluate(choices);
  let current = [...choices];
  let best = original;
  if (original.ok) {
    let lo = 0;
    let hi = current.length;
    while (lo < hi && attempts < SHRINK_ATTEMPTS) {
      const mid = (lo + hi) >> 1;
      const r = evaluate(current.slice(0, mid));
      if (r.ok) {
        hi = mid;
        best = r;
      } else lo = mid + 1;
    }
    current = current.slice(0, hi);
    for (let i = current.length - 1; i >= 0 && attempts < SHRINK_ATTEMPTS; i--) {
      const candidate = [...current.slice(0, i), ...current.slice(i + 1)];
      const r = evaluate(candidate);
      if (r.ok && r.switches <= best.switches) {
        current = candidate;
        best = r;
      }
    }
    best = evaluate(current);
  }
  return {
    schedule: encodeSchedule(best.ok ? best.full : original.full),
    before: { choices: choices.length, switches: original.switches },
    after: best.ok ? { choices: current.length, switches: best.switches } : { choices: choices.length, switches: original.switches },
    attempts,
  };
}
